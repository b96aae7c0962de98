"""What happens when staff or the loader change a page: the side effects of saving it.

Page.save() only stores the page and its derived text. Everything a change means for other
rows lives here, so the admin, the loader, history and the bulk generator all get the same:
the old address of a renamed page keeps working, and search finds the new words.
"""

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction

from .models import FAQEntry, Page, PageRedirect


def page_save(*, page: Page, previous_slug: str | None = None) -> Page:
    """Save a page, keep its old address working and update its search vector.

    `previous_slug` is the address the page had before this change; by default it is read from
    the database (a caller that has already overwritten the row passes it in).
    """
    if previous_slug is None:
        previous_slug = (
            Page.objects.filter(pk=page.pk).values_list("slug", flat=True).first()
            if page.pk
            else None
        )
    with transaction.atomic():
        page.save()
        if page.live_page_id is None:
            # A working draft changes nothing visitors reach until it is published.
            page_redirects_update(page=page, previous_slug=previous_slug)
            page_search_vector_update(page=page)
    return page


def faq_entry_save(*, entry: FAQEntry) -> FAQEntry:
    entry.save()
    faq_entries_search_vector_update(page=entry.page, entry_ids=[entry.pk])
    return entry


def page_redirects_update(*, page: Page, previous_slug: str | None) -> None:
    """Keep a renamed page's old address working, and let a page reclaim a redirected slug."""
    redirects = PageRedirect.objects.filter(language=page.language)
    redirects.filter(old_slug=page.slug).delete()
    if previous_slug and previous_slug != page.slug:
        redirects.update_or_create(
            old_slug=previous_slug, language=page.language, defaults={"page": page}
        )


# PostgreSQL's text search configuration for each language: its stemming and stop words.
SEARCH_CONFIGS = {"en": "english", "es": "spanish"}


def search_config(language: str) -> str:
    return SEARCH_CONFIGS.get(language, "simple")


def page_search_vector(*, language: str) -> SearchVector:
    """Title outranks summary, summary outranks body: a page about a word names it early."""
    config = search_config(language)
    return (
        SearchVector("title", weight="A", config=config)
        + SearchVector("summary", weight="B", config=config)
        + SearchVector("body_text", weight="C", config=config)
    )


def faq_entry_search_vector(*, language: str) -> SearchVector:
    config = search_config(language)
    return SearchVector("question", weight="B", config=config) + SearchVector(
        "answer_text", weight="C", config=config
    )


def page_search_vector_update(*, page: Page) -> None:
    """Store the page's full-text vector (PostgreSQL only; SQLite searches the text directly)."""
    if connection.vendor == "postgresql":
        vector = page_search_vector(language=page.language)
        Page.objects.filter(pk=page.pk).update(search_vector=vector)


def faq_entries_search_vector_update(*, page: Page, entry_ids: list[int] | None = None) -> None:
    """Store the vectors of a page's FAQ entries: those named, or all of them."""
    if connection.vendor != "postgresql":
        return
    entries = FAQEntry.objects.filter(page=page)
    if entry_ids is not None:
        entries = entries.filter(pk__in=entry_ids)
    entries.update(search_vector=faq_entry_search_vector(language=page.language))
