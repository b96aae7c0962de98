"""Links from one page to another that name the page, not its address: `[words](page:42)`.

The editor's link chooser writes them, so staff never type an address and a link follows its
page when the page's slug changes. clinic_site.markdown renders each with page_address
(settings.MARKDOWN_PAGE_ADDRESS); the site's floor never imports this app.
"""

import re
from collections.abc import Iterable

from .models import FAQEntry, Page

# `](page:42)` in Markdown, with or without angle brackets or a title after the reference.
PAGE_REFERENCE = re.compile(r"\]\(\s*<?page:(\d+)\b")


def page_address(*, page_id: int) -> str:
    """The current address of page `page_id`, or "" when there is no such page."""
    page = Page.objects.filter(pk=page_id).only("slug", "language").first()
    return page.get_absolute_url() if page else ""


def page_reference_ids(*, texts: Iterable[str]) -> list[int]:
    """The pages these Markdown texts link to with `page:` references, in order, once each."""
    found: dict[int, None] = {}
    for text in texts:
        for match in PAGE_REFERENCE.finditer(text or ""):
            found.setdefault(int(match.group(1)), None)
    return list(found)


def page_texts(*, page: Page) -> list[str]:
    """A page's (or draft's) Markdown: its body and each FAQ answer."""
    return [page.body, *(entry.answer for entry in page.entries)]


def linked_pages_problem(*, draft: Page) -> str:
    """Why this draft cannot be published because of the pages it links to; "" when it can.

    A page that links to a page visitors cannot see would send them to "page not found".
    """
    ids = [pk for pk in page_reference_ids(texts=page_texts(page=draft)) if pk != draft.pk]
    if not ids:
        return ""
    pages = Page.objects.in_bulk(ids)
    missing = [pk for pk in ids if pk not in pages]
    if missing:
        return (
            "This page links to a page that no longer exists, so visitors would find no link "
            "there. Choose the page again with “Link to a page”, or take the link out, then "
            "publish."
        )
    unpublished = [pages[pk] for pk in ids if not pages[pk].is_live]
    if unpublished:
        names = ", ".join(f"“{page.title}”" for page in unpublished)
        return (
            f"This page links to {names}, which visitors cannot see yet. Publish "
            f"{'that page' if len(unpublished) == 1 else 'those pages'} first, or take the "
            "link out, then publish this one."
        )
    return ""


def page_links_refresh(*, page: Page) -> int:
    """Render again the pages whose text links to `page`, so their links show its new address.

    Called when a page's address changes; returns how many pages and answers were updated.
    """
    reference = f"page:{page.pk}"
    updated = 0
    for linking in Page.objects.filter(body__contains=reference).exclude(pk=page.pk):
        if page.pk in page_reference_ids(texts=[linking.body]):
            linking.save(update_fields=["body_html"])
            updated += 1
    for entry in FAQEntry.objects.filter(answer__contains=reference).select_related("page"):
        if page.pk in page_reference_ids(texts=[entry.answer]):
            entry.save()
            updated += 1
    return updated
