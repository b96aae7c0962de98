"""The pages side by side: each English page with its Spanish version on the same row, sections
with their pages under them, and each version's state and review date.

A screen beside Django's page list (which stays the place to search, filter and act on many
pages at once), so the two languages of a page are read together.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from ..models import Page
from ..translations import english_change


def english_changed_flag(*, spanish: Page, english: Page | None = None) -> str:
    """ "English changed since this translation", with a link to the changes, or nothing."""
    if english_change(spanish=spanish, english=english) is None:
        return ""
    return format_html(
        ' <strong class="translation-stale">English changed since this translation</strong> '
        '<a href="{}">See what changed in the English</a>',
        reverse("admin:content_page_english_changes", args=[spanish.pk]),
    )


def pages_in_sections(pages: list[Page]) -> list[tuple[Page, int]]:
    """Pages with their depth, each section followed by its pages, in menu order."""
    by_parent: dict[int | None, list[Page]] = {}
    known = {page.pk for page in pages}
    for page in sorted(pages, key=lambda page: (page.nav_order, page.title, page.pk)):
        parent = page.parent_id if page.parent_id in known else None
        by_parent.setdefault(parent, []).append(page)
    ordered: list[tuple[Page, int]] = []

    def add(parent_id: int | None, depth: int) -> None:
        for page in by_parent.get(parent_id, []):
            if depth < 10:
                ordered.append((page, depth))
                add(page.pk, depth + 1)

    add(None, 0)
    return ordered


class GroupedMixin:
    """The side-by-side screen, on the page admin (admin_view wraps it: staff only)."""

    def grouped_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        pages = list(self.get_queryset(request))
        english = [page for page in pages if page.language == settings.LANGUAGE_CODE]
        versions = {page.translation_of_id: page for page in pages if page.translation_of_id}
        rows = [
            {
                "page": page,
                "depth": depth,
                "indent": "\u2003" * depth,
                "other": versions.get(page.pk),
            }
            for page, depth in pages_in_sections(english)
        ]
        on_their_own = [
            page
            for page in pages
            if page.language != settings.LANGUAGE_CODE and not page.translation_of_id
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Pages side by side",
            "rows": rows,
        }
        for row in rows:
            row["state"] = self.state_label(row["page"])
            row["due"] = self.review_due_label(row["page"])
            if row["other"] is not None:
                row["other_state"] = self.state_label(row["other"])
                row["other_flag"] = english_changed_flag(spanish=row["other"], english=row["page"])
                row["other_due"] = self.review_due_label(row["other"])
        context["own_rows"] = [
            {"page": page, "state": self.state_label(page), "due": self.review_due_label(page)}
            for page in on_their_own
        ]
        return TemplateResponse(request, "admin/content/page/grouped.html", context)
