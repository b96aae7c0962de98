"""The editor's link chooser: find a page by its title in either language and link to it.

A link names the page (`[words](page:42)`, content/links.py), so it follows the page when its
address changes. The chooser is a plain admin page that works without JavaScript (copy the
link from it), and the same list as JSON for the editor's dialog (static/js/link-chooser.js),
which also writes web, email and phone links.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import JsonResponse
from django.template.response import TemplateResponse

from ..models import Page

CHOOSER_RESULTS = 40
LANGUAGE_NAMES = dict(settings.LANGUAGES)


def link_chooser_pages(*, query: str) -> list[Page]:
    """Pages whose title or short title has the words, English first, live pages first."""
    pages = Page.objects.editable().only(
        "title", "nav_title", "slug", "language", "status", "translation_of"
    )
    for word in query.split()[:8]:
        pages = pages.filter(Q(title__icontains=word) | Q(nav_title__icontains=word))
    english_first = sorted(
        pages.order_by("title", "pk")[:CHOOSER_RESULTS],
        key=lambda page: (page.language != settings.LANGUAGE_CODE, not page.is_live),
    )
    return english_first


def link_reference(page: Page, words: str = "") -> str:
    return f"[{words or page.title}](page:{page.pk})"


def link_chooser_row(page: Page) -> dict:
    return {
        "id": page.pk,
        "title": page.title,
        "language": page.language,
        "language_name": str(LANGUAGE_NAMES.get(page.language, page.language)),
        "live": page.is_live,
        "address": page.get_absolute_url(),
        "reference": f"page:{page.pk}",
        "link": link_reference(page),
    }


class LinkChooserMixin:
    """The chooser's two views, on the page admin (admin_view wraps them: staff only, never
    cached)."""

    def link_chooser_query(self, request) -> str:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return request.GET.get("q", "").strip()[:100]

    def link_chooser_view(self, request):
        """A plain page (no JavaScript needed): find a page and copy a link to it."""
        query = self.link_chooser_query(request)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Link to a page",
            "query": query,
            "rows": [link_chooser_row(page) for page in link_chooser_pages(query=query)],
        }
        return TemplateResponse(request, "admin/content/page/choose_link.html", context)

    def link_chooser_results_view(self, request):
        """The pages matching ?q=, for the editor's link dialog (static/js/link-chooser.js)."""
        query = self.link_chooser_query(request)
        rows = [link_chooser_row(page) for page in link_chooser_pages(query=query)]
        return JsonResponse({"query": query, "pages": rows})
