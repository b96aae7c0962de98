"""The same page in each language: the header's language link and the hreflang alternates.

Most pages have one address pattern in both languages, so Django's translate_url finds the other
one. Content pages have a Spanish slug of their own, and may have no Spanish version yet, so their
view says which addresses exist (content.views).
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

LANGUAGE_NAMES = dict(settings.LANGUAGES)  # each language named in itself: "English", "Español"


@dataclass(frozen=True)
class LanguageLinks:
    # Language code -> this page's path in that language, for the languages it exists in.
    alternates: dict[str, str]
    switch_language: str  # the language the header's link offers
    switch_url: str  # where that link goes: this page in that language

    @property
    def switch_name(self) -> str:
        return LANGUAGE_NAMES[self.switch_language]

    @property
    def default_url(self) -> str | None:
        """The page for a reader whose language has no version of it (hreflang x-default)."""
        return self.alternates.get(settings.LANGUAGE_CODE)


def other_language(language: str | None = None) -> str:
    language = language or get_language()
    return next(code for code, _name in settings.LANGUAGES if code != language)


def language_links_build(
    *, alternates: dict[str, str], switch_url: str | None = None
) -> LanguageLinks:
    """Links for a page that exists at `alternates`; `switch_url` when the other is missing."""
    switch_language = other_language()
    return LanguageLinks(
        alternates=alternates,
        switch_language=switch_language,
        switch_url=alternates.get(switch_language) or switch_url or "/",
    )


def language_links_for_request(request) -> LanguageLinks | None:
    """This address in every language, or None where the address is not one of the site's."""
    if request.resolver_match is None:  # a 404 for an address no view answers
        return None
    alternates = {code: translate_url(request.path, code) for code, _name in settings.LANGUAGES}
    switch_language = other_language()
    return LanguageLinks(
        alternates=alternates,
        switch_language=switch_language,
        # The query string is kept, so a question's "change" link stays one.
        switch_url=translate_url(request.get_full_path(), switch_language),
    )
