"""The index of published pages behind menus, breadcrumbs, section lists and related links,
with each language's main menu: its pages and its other links (navigation.MenuLink) in one order.

Each language has its own index (its pages, menus and sections), and each page knows the
address of its published version in the other language, for the language link. Two queries
(the pages, the menu links) build them all; they are cached under the content version, which
publishing replaces (scheduled changes are published by `manage.py publish_scheduled`, never by
a visitor's request).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.utils import translation

from clinic_site.content_version import content_version_get
from navigation.models import MenuLink

from .models import Page

# The number changes whenever PageIndex changes shape: no server unpickles an older one from Redis.
INDEX_CACHE_KEY = "content:index:6:{version}"
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
    language: str = settings.LANGUAGE_CODE
    nav_order: int = 0
    related_ids: tuple[int, ...] = ()
    # (language, address) of this page's published versions in the other languages.
    translations: tuple[tuple[str, str], ...] = ()

    def get_absolute_url(self) -> str:
        return self.url

    @property
    def alternates(self) -> dict[str, str]:
        """This page's address in every language it is published in, its own first."""
        return {self.language: self.url, **dict(self.translations)}


@dataclass(frozen=True)
class MenuEntry:
    """One item of the main menu after Home: a page, or a link to one of the site's own
    screens (the screener, the contact page, the clinic's pages)."""

    title: str
    url: str
    # A screen of this URL namespace is part of the entry (each screener step), for aria-current.
    current_namespace: str = ""


@dataclass
class PageIndex:
    links: list[PageLink] = field(default_factory=list)
    menu: list[MenuEntry] = field(default_factory=list)

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


def page_indexes_build() -> dict[str, PageIndex]:
    """Read every published page's menu details and related pages in a single query, and
    the menu links in one more, and return each language's index."""
    rows = (
        Page.objects.published()
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
            "language",
            "translation_of_id",
            "nav_order",
            "related_pages__id",
        )
    )
    pages: dict[int, dict] = {}
    related: dict[int, list[int]] = {}
    translation_of: dict[int, int] = {}
    for *values, related_id in rows:
        (
            page_id, slug, title, nav_title, summary, parent_id, show, layout, language, original,
            nav_order,
        ) = values  # fmt: skip
        if page_id not in pages:
            url = Page(slug=slug, language=language).get_absolute_url()
            pages[page_id] = {
                "id": page_id,
                "slug": slug,
                "title": title,
                "nav_title": nav_title or title,
                "summary": summary,
                "parent_id": parent_id,
                "show_in_nav": show,
                "layout": layout,
                "url": url,
                "language": language,
                "nav_order": nav_order,
            }
            related[page_id] = []
            if original is not None:
                translation_of[page_id] = original
        if related_id is not None and related_id not in related[page_id]:
            related[page_id].append(related_id)
    translations: dict[int, list[tuple[str, str]]] = {page_id: [] for page_id in pages}
    for page_id, original in translation_of.items():
        if original in pages:  # both versions published: each links to the other
            translations[original].append((pages[page_id]["language"], pages[page_id]["url"]))
            translations[page_id].append((pages[original]["language"], pages[original]["url"]))
    links_by_language: dict[str, list[PageLink]] = {code: [] for code, _name in settings.LANGUAGES}
    for page_id, values in pages.items():
        link = PageLink(
            **values,
            related_ids=tuple(related[page_id]),
            translations=tuple(translations[page_id]),
        )
        links_by_language.setdefault(link.language, []).append(link)
    menus = menus_build(links_by_language=links_by_language)
    return {
        language: PageIndex(links=links, menu=menus.get(language, []))
        for language, links in links_by_language.items()
    }


def menu_links_live() -> list[MenuLink]:
    """Every language's menu links as visitors see them: the stored rows, and the seed's words
    for any row that is missing."""
    stored = {(link.destination, link.language): link for link in MenuLink.objects.all()}
    return [stored.get((link.destination, link.language), link) for link in MenuLink.seeded()]


def menus_build(*, links_by_language: dict[str, list[PageLink]]) -> dict[str, list[MenuEntry]]:
    """Each language's main menu: its pages in the menu and its shown links, by their order
    numbers (the menu screen keeps them apart), pages first where two share a number."""
    places: dict[str, list[tuple]] = {language: [] for language in links_by_language}
    for language, links in links_by_language.items():
        for place, link in enumerate(links):
            if link.show_in_nav:
                entry = MenuEntry(title=link.nav_title, url=link.url)
                places[language].append((link.nav_order, 0, place, entry))
    for place, link in enumerate(menu_links_live()):
        if link.show_in_nav:
            entry = MenuEntry(
                title=link.label,
                url=link.get_absolute_url(),
                current_namespace=link.current_namespace,
            )
            places.setdefault(link.language, []).append((link.nav_order, 1, place, entry))
    return {
        language: [entry for *_key, entry in sorted(items, key=lambda item: item[:3])]
        for language, items in places.items()
    }


def page_index_get(*, language: str | None = None) -> PageIndex:
    """Return the index of `language` (by default the page's) for the current content version.

    The indexes are built and cached together when needed.
    """
    language = language or translation.get_language()
    key = INDEX_CACHE_KEY.format(version=content_version_get())
    cached = cache.get(key)
    if cached is None:
        try:
            cached = page_indexes_build()
        except DatabaseError:
            # Error pages still render, with an empty menu, while the database is down.
            return PageIndex()
        cache.set(key, cached, timeout=INDEX_CACHE_SECONDS)
    return cached.get(language) or PageIndex()
