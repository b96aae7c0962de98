"""The clinic's details in page text: `[[clinic:phone]]`, `[[clinic:hours]]`,
`[[clinic:address]]` and `[[clinic:email]]`.

Staff once typed the hours and address into pages as well as into the site settings, and a
settings change left the live site contradicting itself. A token names the detail instead;
clinic_site.markdown renders it with clinic_detail_html from the same records the footer shows
(the site settings, and the first place's opening times when the clinic has entered them).

A page's HTML is rendered when it is saved, so when those records change, every page and FAQ
answer that names a detail is rendered again here (as content.links does when a linked page's
address changes). Re-saving each one is what tells the caches that page changed.
"""

import re

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from django.utils.html import format_html

from clinic.models import Place
from clinic_site.markdown import CLINIC_TOKEN, CLINIC_TOKEN_START, markdown_render
from clinic_site.models import SiteSettings

from .models import FAQEntry, Page, page_body_html
from .services import faq_entries_search_vector_update, page_search_vector_update

# Each detail a token may name, with what it shows, for the editor's help and the checks.
CLINIC_DETAILS = {
    "phone": "the clinic's phone number, as a link to call",
    "hours": "the opening hours, as the footer shows them",
    "address": "the clinic's address, on one line",
    "email": "the clinic's email address, as a link",
}


# Anything written like a token, for the checks: `[[Clinic: phone]]` shows as typed.
TOKEN_LIKE = re.compile(r"\[\[\s*clinic\s*:[^\]\n]{0,40}\]\]", re.IGNORECASE)


def clinic_token(name: str) -> str:
    return f"[[clinic:{name}]]"


def clinic_settings() -> SiteSettings:
    """The settings row as it is now: rendering happens when a page is saved, never for a
    visitor, so it is read from the database rather than from a cache a change just made old."""
    return SiteSettings.objects.filter(pk=1).first() or SiteSettings.load()


def clinic_hours_text(*, settings: SiteSettings) -> str:
    """The hours in the active language, from the one source the footer uses."""
    from clinic.facts import clinic_facts_build  # reads the team and places when asked
    from clinic.presentation import hours_text

    return hours_text(hours=clinic_facts_build().footer_hours) or settings.opening_hours_shown


def clinic_detail_html(*, name: str) -> str | None:
    """The HTML a token shows, in the active language; None for a name that is no detail."""
    if name not in CLINIC_DETAILS:
        return None
    settings = clinic_settings()
    if name == "phone":
        return format_html('<a href="tel:{}">{}</a>', settings.phone_tel, settings.phone)
    if name == "email":
        return format_html('<a href="mailto:{}">{}</a>', settings.email, settings.email)
    if name == "address":
        lines = [line.strip() for line in settings.address.splitlines() if line.strip()]
        return format_html("{}", ", ".join(lines))
    return format_html("{}", clinic_hours_text(settings=settings))


def clinic_values_for_checks(*, language: str):
    """The clinic's phone and hours as a page in this language shows them, for the checks."""
    from .checks import ClinicValues  # the checks import this module

    settings = clinic_settings()
    with translation.override(language):
        return ClinicValues(phone=settings.phone, hours=clinic_hours_text(settings=settings))


def clinic_tokens_unknown(*, text: str) -> list[str]:
    """The tokens in a Markdown text that name no clinic detail, once each, as typed (with a
    capital, a space or an unknown name, each is shown to visitors as typed)."""
    unknown: dict[str, None] = {}
    for match in TOKEN_LIKE.finditer(text or ""):
        token = CLINIC_TOKEN.fullmatch(match.group(0))
        if token is None or token.group(1) not in CLINIC_DETAILS:
            unknown.setdefault(match.group(0), None)
    return list(unknown)


def clinic_details_refresh() -> int:
    """Render again every page and FAQ answer that names a clinic detail, saving those whose
    HTML changes (so only they are renewed in the caches); return how many changed."""
    updated = 0
    with transaction.atomic():
        for page in Page.objects.filter(body__contains=CLINIC_TOKEN_START):
            if page_body_html(body=page.body, language=page.language) != page.body_html:
                page.save(update_fields=["body_html"])  # its body_text follows
                page_search_vector_update(page=page)
                updated += 1
        entries = FAQEntry.objects.filter(answer__contains=CLINIC_TOKEN_START)
        for entry in entries.select_related("page"):
            answer_html = markdown_render(text=entry.answer, language=entry.page.language)
            if answer_html != entry.answer_html:
                entry.save()
                faq_entries_search_vector_update(page=entry.page, entry_ids=[entry.pk])
                updated += 1
    return updated


def clinic_details_changed(**kwargs) -> None:
    """A signal receiver: the settings or a place changed, so pages naming a detail change."""
    if kwargs.get("raw"):
        return  # loading fixtures: the pages are loaded as they were
    clinic_details_refresh()


for signal in (post_save, post_delete):
    for model in (SiteSettings, Place):
        signal.connect(
            clinic_details_changed, sender=model, dispatch_uid=f"clinic-details-{signal}-{model}"
        )
