"""Spanish pages and the English they translate: what the translator works beside, and whether
the English has changed since.

A Spanish page's revision records the English page's revision it was written against
(Page.translated_from_revision, part of the revision's content): the English live version when
the Spanish draft was saved. Once the English page is published with a change to its words
after that, the page list and the Spanish page's form say "English changed since this
translation", until a Spanish version written against the newer English is published. A new
English revision that changes no words (a review date, a menu place) flags nothing.
"""

from dataclasses import dataclass

from django.conf import settings

from editorial.models import Revision
from editorial.workflow import live_revision_ensure

from .models import FAQEntry, Page

# What a translator translates: a change to any of these in the English is one to follow.
TRANSLATED_FIELDS = ("title", "nav_title", "summary", "body")
BASIS = "translated_from_revision_id"


def translated_text(content: dict) -> dict:
    """The words of a page's revision content that a translation follows."""
    entries = sorted(
        content.get("faq_entries", []), key=lambda entry: (entry["order"], entry["anchor"])
    )
    return {
        **{name: (content.get(name) or "").strip() for name in TRANSLATED_FIELDS},
        "faq_entries": [(entry["question"], entry["answer"].strip()) for entry in entries],
    }


def is_translation(page: Page) -> bool:
    return page.language != settings.LANGUAGE_CODE and page.translation_of_id is not None


def english_revision_now(*, english: Page) -> int | None:
    """The English revision a translation saved now is written against: the live version (a
    revision of it is made if the page has none yet), or the draft of a page never published."""
    if english.is_live:
        live_revision_ensure(record=english)
        return english.live_revision_id
    return english.latest_revision_id


def translation_basis_set(*, content: dict, language: str) -> dict:
    """Record in a Spanish draft's content the English revision it is written against now."""
    english_id = content.get("translation_of_id")
    if language == settings.LANGUAGE_CODE or not english_id:
        return {**content, BASIS: None}
    english = Page.objects.filter(pk=english_id).first()
    return {**content, BASIS: english_revision_now(english=english) if english else None}


@dataclass(frozen=True)
class EnglishChange:
    """The English page published with a change since a Spanish page's translation."""

    english: Page
    since: Revision | None  # the English the Spanish was written against (None: not known)
    now: Revision  # the English visitors see now

    @property
    def changed_fields(self) -> set[str]:
        """Which of the translated fields differ (with "faq_entries" for the questions)."""
        old = translated_text(self.since.content) if self.since else {}
        new = translated_text(self.now.content)
        return {name for name, value in new.items() if old.get(name) != value}


def english_change(*, spanish: Page, english: Page | None = None) -> EnglishChange | None:
    """Whether the English page of this Spanish page (as its live version has it) was published
    with a change to its words after the Spanish was written; None when not, or not known."""
    if not is_translation(spanish) or not spanish.translated_from_revision_id:
        return None
    english = english if english is not None else spanish.translation_of
    if english is None or not english.is_live or not english.live_revision_id:
        return None
    basis_id, live_id = spanish.translated_from_revision_id, english.live_revision_id
    if live_id <= basis_id:
        return None  # written against this English, or against a newer draft of it
    revisions = Revision.objects.in_bulk([basis_id, live_id])
    now, since = revisions.get(live_id), revisions.get(basis_id)
    if now is None:
        return None
    if since is not None and since.object_id != str(english.pk):
        since = None  # written against another English page: everything may have changed
    if since is not None and translated_text(since.content) == translated_text(now.content):
        return None
    return EnglishChange(english=english, since=since, now=now)


def english_entries_by_order(*, english: Page) -> dict[int, FAQEntry]:
    """The English page's FAQ entries by their order, which a translation's entries share."""
    return {entry.order: entry for entry in english.faq_entries.all()}


def spanish_version(*, english: Page | None, language: str) -> Page | None:
    if english is None:
        return None
    return Page.objects.filter(translation_of=english, language=language).first()


def translation_structure(*, english: Page, language: str) -> dict:
    """A new translation's starting values, copied from its English page: its layout, its
    place in the menu and its section (the section's version in this language, if there is
    one), its related pages' versions and how often it is reviewed."""
    parent = spanish_version(english=english.parent, language=language)
    related = Page.objects.filter(
        translation_of__in=english.related_pages.all(), language=language
    ).values_list("pk", flat=True)
    return {
        "layout": english.layout,
        "show_in_nav": english.show_in_nav,
        "nav_order": english.nav_order,
        "parent": parent.pk if parent else None,
        "related_pages": list(related),
        "review_interval_months": english.review_interval_months,
    }
