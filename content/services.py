"""What happens when staff or the loader change a page: the side effects of saving it.

Page.save() only stores the page and its derived text. Everything a change means for other
rows lives here, so the admin, the loader, history and the bulk generator all get the same:
the old address of a renamed page keeps working, and search finds the new words.
"""

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction

from .models import FAQEntry, Page, PageRedirect, page_values_set


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
        page_redirects_update(page=page, previous_slug=previous_slug)
        page_search_vector_update(page=page)
    return page


def page_content_write(*, page: Page, content: dict) -> Page:
    """Make a page's row, related pages and FAQ entries say what a revision's content says.

    A page that already says it is not written at all, so caches keep what they hold.
    """
    if page.pk and page.revision_content() == content:
        return page
    page_values_set(page=page, content=content)
    with transaction.atomic():
        page_save(page=page)
        existing = Page.objects.filter(pk__in=content.get("related_pages", []))
        page.related_pages.set(sorted(existing.values_list("pk", flat=True)))
        faq_entries_sync(page=page, entries=content.get("faq_entries", []))
    return page


def faq_entries_sync(*, page: Page, entries: list[dict]) -> None:
    """Give a page exactly these FAQ entries (question, anchor, answer, order).

    Entries are matched by anchor and changed in place, so links to each answer keep working.
    """
    existing = {entry.anchor: entry for entry in page.faq_entries.all()}
    kept = []
    for values in entries:
        entry = existing.get(values["anchor"]) or FAQEntry(page=page, anchor=values["anchor"])
        changed = entry.pk is None or any(
            getattr(entry, name) != values[name] for name in ("question", "answer", "order")
        )
        if changed:
            entry.question, entry.answer = values["question"], values["answer"]
            entry.order = values["order"]
            entry.save()
        kept.append(entry.pk)
    page.faq_entries.exclude(pk__in=kept).delete()
    faq_entries_search_vector_update(page=page)


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
