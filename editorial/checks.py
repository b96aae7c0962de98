"""The checks a reviewer sees on review, for kinds of content other than pages: the pages' own
checks (content/checks.py: words the site never uses, reading level, links) over a record's
text in each language, less those that only mean something for a whole page.

Warnings, never errors: the reviewer decides.
"""

from django.conf import settings

from content.checks import PageWarning, page_warnings, site_paths_get

# What text_warnings checks, as the review screen says it ("Checked: ...").
TEXT_CHECKS_DONE = (
    "in both languages, no words the site never uses, reading grade 8 or below (Spanish: "
    "Fernández Huerta 60 or above), and links to published pages."
)
# Checks of a page's shape: a short text has no summary of its own to measure.
PAGE_ONLY_CHECKS = {"summary-length", "no-references"}


def text_warnings(*, texts: dict[str, tuple[str, str]], only: set[str] | None = None) -> list:
    """Warnings for a record's text, given as {language: (title, Markdown body)}; `only` keeps
    just those checks (by code, such as "verdict-words")."""
    site_paths = site_paths_get()
    warnings = []
    for language, (title, body) in texts.items():
        found = page_warnings(
            title=title,
            summary="",
            body=body,
            site_paths=site_paths,
            language=language,
            references_section=False,
        )
        warnings += [
            warning
            for warning in found
            if warning.check not in PAGE_ONLY_CHECKS and (only is None or warning.check in only)
        ]
    return warnings


def settings_warnings(*, draft) -> list:
    """The clinic's details and the crisis page's words: words the site never uses, the crisis
    page's reading level, numbers with nothing to dial, and the phone left out."""
    english, spanish = settings.LANGUAGE_CODE, "es"
    details = {
        english: (draft.crisis_line_name, f"{draft.clinic_name}\n\n{draft.opening_hours}"),
        spanish: (draft.crisis_line_name_es, draft.opening_hours_es),
    }
    crisis_page = {
        english: ("", f"{draft.crisis_page_lead}\n\n{draft.crisis_page_not_emergency}"),
        spanish: ("", f"{draft.crisis_page_lead_es}\n\n{draft.crisis_page_not_emergency_es}"),
    }
    warnings = [
        *text_warnings(texts=details, only={"verdict-words"}),
        *text_warnings(texts=crisis_page, only={"verdict-words", "reading-grade"}),
    ]
    numbers = [
        ("phone", draft.phone),
        ("crisis line number", draft.crisis_line_number),
        ("emergency number", draft.emergency_number),
    ]
    for label, number in numbers:
        if not any(character.isdigit() for character in number):
            warnings.append(
                PageWarning(
                    check="number-without-digits",
                    message=f"The {label} has no digits, so a visitor's phone cannot dial it.",
                    detail=number,
                )
            )
    for label, text in (
        ("English", draft.crisis_page_not_emergency),
        ("Spanish", draft.crisis_page_not_emergency_es),
    ):
        if "{phone}" not in text:
            warnings.append(
                PageWarning(
                    check="crisis-page-phone",
                    message=f"The {label} 'If it is not an emergency' paragraph no longer has "
                    "{phone}, so the crisis page does not show the clinic's number there.",
                    detail=text,
                )
            )
    return warnings
