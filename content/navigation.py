"""The index of published pages behind menus, breadcrumbs, section lists and related links.

One query builds it; it is cached under the content version. When a scheduled page is due to
go live, the content version is told when, so the page appears on time without staff action.
"""

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Subquery
from django.urls import reverse
from django.utils import timezone

from clinic_site.content_version import content_version_change_due, content_version_get

from .models import Page, PageReview
from .workflow import scheduled_drafts_publish

# The "3" changes whenever PageIndex changes shape: no server unpickles an older one from Redis.
INDEX_CACHE_KEY = "content:index:3:{version}"
INDEX_CACHE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class PageLink:
    """What menus and lists need to know about a published page, without its text."""

    id: int
    slug: str
    title: str
    nav_title: str
    summary: str
    parent_id: int | None
    show_in_nav: bool
    layout: str
    url: str
    related_ids: tuple[int, ...] = ()

    def get_absolute_url(self) -> str:
        return self.url


@dataclass
class PageIndex:
    links: list[PageLink] = field(default_factory=list)
    next_change: datetime.datetime | None = None  # when the next scheduled change is due

    def __post_init__(self):
        self.by_slug = {link.slug: link for link in self.links}
        self.by_id = {link.id: link for link in self.links}
        self.by_parent_id: dict[int | None, list[PageLink]] = {}
        for link in self.links:
            self.by_parent_id.setdefault(link.parent_id, []).append(link)

    def nav(self) -> list[PageLink]:
        return [link for link in self.links if link.show_in_nav]

    def children(self, *, page_id: int) -> list[PageLink]:
        return list(self.by_parent_id.get(page_id, ()))

    def ancestors(self, *, page_id: int) -> list[PageLink]:
        """The published sections above a page, outermost first."""
        chain: list[PageLink] = []
        link = self.by_id.get(page_id)
        while link and link.parent_id in self.by_id and len(chain) < 10:
            link = self.by_id[link.parent_id]
            chain.insert(0, link)
        return chain

    def section(self, *, page_id: int) -> tuple[PageLink | None, list[PageLink]]:
        """The top-level page a page sits under, and the pages in that section."""
        ancestors = self.ancestors(page_id=page_id)
        top = ancestors[0] if ancestors else self.by_id.get(page_id)
        if top is None:
            return None, []
        return top, self.children(page_id=top.id)

    def related(self, *, page_id: int) -> list[PageLink]:
        link = self.by_id.get(page_id)
        if link is None:
            return []
        related = set(link.related_ids)
        return [other for other in self.links if other.id in related]


def page_index_build() -> PageIndex:
    """Read every published page's menu details and related pages in a single query.

    The same query finds when the next scheduled change is due (PageIndex.next_change).
    """
    next_scheduled = (
        PageReview.objects.filter(state=PageReview.State.SCHEDULED)
        .order_by("scheduled_for")
        .values("scheduled_for")[:1]
    )
    rows = (
        Page.objects.published()
        .annotate(next_scheduled=Subquery(next_scheduled))
        .order_by("nav_order", "title", "pk")
        .values_list(
            "id",
            "slug",
            "title",
            "nav_title",
            "summary",
            "parent_id",
            "show_in_nav",
            "layout",
            "related_pages__id",
            "next_scheduled",
        )
    )
    pages: dict[int, dict] = {}
    related: dict[int, list[int]] = {}
    next_change = None
    for *values, related_id, scheduled in rows:
        page_id, slug, title, nav_title, summary, parent_id, show, layout = values
        next_change = scheduled  # the same on every row
        if page_id not in pages:
            pages[page_id] = {
                "id": page_id,
                "slug": slug,
                "title": title,
                "nav_title": nav_title or title,
                "summary": summary,
                "parent_id": parent_id,
                "show_in_nav": show,
                "layout": layout,
                "url": reverse("content:page", kwargs={"slug": slug}),
            }
            related[page_id] = []
        if related_id is not None and related_id not in related[page_id]:
            related[page_id].append(related_id)
    links = [PageLink(**values, related_ids=tuple(related[pid])) for pid, values in pages.items()]
    return PageIndex(links=links, next_change=next_change)


def page_index_get() -> PageIndex:
    """Return the index for the current content version, building and caching it if needed."""
    key = INDEX_CACHE_KEY.format(version=content_version_get())
    index = cache.get(key)
    if index is None:
        try:
            index = page_index_build()
            if index.next_change is not None and index.next_change <= timezone.now():
                # A scheduled change is due: publish it now, so it takes effect on time without
                # any command having to run. Publishing replaces the content version.
                scheduled_drafts_publish()
                key = INDEX_CACHE_KEY.format(version=content_version_get())
                index = page_index_build()
        except DatabaseError:
            # Error pages still render, with an empty menu, while the database is down.
            return PageIndex()
        if index.next_change is not None:
            # Every cached page must change when that one does: it may show in the menus.
            content_version_change_due(at=index.next_change.timestamp())
        cache.set(key, index, timeout=INDEX_CACHE_SECONDS)
    return index
