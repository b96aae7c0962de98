"""The index of published pages behind menus, breadcrumbs, section lists and related links.

One query builds it; it is cached under the content version, and expires early when a
scheduled page is due to go live, so that page appears on time without any staff action.
"""

import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from .caching import content_version_get
from .models import Page

# The "2" changes whenever PageIndex gains a field: no server unpickles an older shape from Redis.
INDEX_CACHE_KEY = "content:index:2:{version}"


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
    # When the earliest scheduled page goes live (a Unix time), or None.
    next_change: float | None = None

    def __post_init__(self):
        self.by_slug = {link.slug: link for link in self.links}
        self.by_id = {link.id: link for link in self.links}
        self.by_parent_id: dict[int | None, list[PageLink]] = {}
        for link in self.links:
            self.by_parent_id.setdefault(link.parent_id, []).append(link)

    def cache_seconds(self, *, limit: int) -> int:
        if self.next_change is None:
            return limit
        return max(1, min(limit, int(self.next_change - time.time())))

    def is_current(self) -> bool:
        return self.next_change is None or time.time() < self.next_change

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
    """Read every published page's menu details and related pages in a single query."""
    now = timezone.now()
    rows = (
        Page.objects.filter(status=Page.Status.PUBLISHED)
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
            "publish_at",
            "related_pages__id",
        )
    )
    pages: dict[int, dict] = {}
    related: dict[int, list[int]] = {}
    next_change = None
    for page_id, slug, title, nav_title, summary, parent_id, show, layout, publish_at, rel in rows:
        if publish_at is not None and publish_at > now:
            if next_change is None or publish_at.timestamp() < next_change:
                next_change = publish_at.timestamp()
            continue
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
        if rel is not None and rel not in related[page_id]:
            related[page_id].append(rel)
    links = [PageLink(**values, related_ids=tuple(related[pid])) for pid, values in pages.items()]
    return PageIndex(links=links, next_change=next_change)


# The index this process last used, by content version: with many pages, unpickling the index
# from the cache on every request costs more than anything else a page does.
_process_index: dict[str, PageIndex] = {}


def page_index_get() -> PageIndex:
    """Return the index for the current content version, building and caching it if needed."""
    version = content_version_get()
    index = _process_index.get(version)
    if index is not None and index.is_current():
        return index
    key = INDEX_CACHE_KEY.format(version=version)
    index = cache.get(key)
    if index is None or not index.is_current():
        try:
            index = page_index_build()
        except DatabaseError:
            # Error pages still render, with an empty menu, while the database is down.
            return PageIndex()
        cache.set(key, index, timeout=index.cache_seconds(limit=24 * 60 * 60))
    _process_index.clear()
    _process_index[version] = index
    return index
