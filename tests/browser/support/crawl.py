"""Which pages are public: a crawl from the home page, the footer and the published content."""

import itertools
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

from django.test import Client
from django.urls import reverse

from content.models import Page

# A search box is tried with a word that finds pages and one that finds nothing.
SEARCH_WORDS = ("ketamine", "xylophone")
# Paths the crawl never follows: staff-only, files, and machine endpoints.
NOT_PUBLIC_PREFIXES = ("/admin/", "/static/", "/media/", "/healthz")
CRAWL_LIMIT = 300
# The Spanish site's own starting points: its home, footer pages and a search that finds pages.
SPANISH_STARTS = ["/es/", "/es/preguntas-frecuentes/", "/es/buscar/", "/es/contacto/"]
SPANISH_STARTS += ["/es/ayuda-urgente/", "/es/privacidad/", "/es/buscar/?q=dolor"]


class _PageParser(HTMLParser):
    """Collect link targets and GET forms (a search box) from one HTML page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.get_forms: list[tuple[str, str]] = []  # (action, name of the text box)
        self._form_action: str | None = None
        self._form_query_name: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        elif tag == "form" and (attributes.get("method") or "get").lower() == "get":
            self._form_action = attributes.get("action") or ""
            self._form_query_name = None
        elif (
            tag == "input"
            and self._form_action is not None
            and not self._form_query_name
            and (attributes.get("type") or "text") in ("search", "text")
            and attributes.get("name")
        ):
            self._form_query_name = attributes["name"]

    def handle_endtag(self, tag):
        if tag == "form" and self._form_action is not None:
            if self._form_query_name:
                self.get_forms.append((self._form_action, self._form_query_name))
            self._form_action = None


def published_page_paths() -> list[str]:
    """Return the address of every published page."""
    return [page.get_absolute_url() for page in Page.objects.published()]


def _local_path(base: str, href: str) -> str | None:
    """Turn a link into a path on this site, or None for other sites, mail and phone links."""
    target = urlsplit(urljoin(f"http://testserver{base}", href))
    if target.scheme not in ("http", "https") or target.netloc != "testserver":
        return None
    if target.path.startswith(NOT_PUBLIC_PREFIXES):
        return None
    return target.path + (f"?{target.query}" if target.query else "")


def public_paths_collect(*, start_paths: list[str]) -> list[str]:
    """Crawl the site from start_paths and return every page that answers 200 with HTML.

    Follows links and redirects, and submits each GET form (the search box) with each of
    SEARCH_WORDS, so a page added later is checked once something links to it.
    """
    client = Client()
    queue = list(dict.fromkeys(start_paths))
    seen: set[str] = set()
    pages: list[str] = []
    while queue and len(seen) < CRAWL_LIMIT:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code in (301, 302, 303, 307, 308):
            target = _local_path(path, response["Location"])
            if target:
                queue.append(target)
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages.append(path)
        parser = _PageParser()
        parser.feed(response.content.decode())
        for href in parser.links:
            target = _local_path(path, href)
            if target and target not in seen:
                queue.append(target)
        for (action, name), word in itertools.product(parser.get_forms, SEARCH_WORDS):
            target = _local_path(path, f"{action or path}?{urlencode({name: word})}")
            if target and target not in seen:
                queue.append(target)
    return pages


def public_paths_all() -> list[str]:
    """Every public page reachable from the home page, the footer or the published content, in
    English and in Spanish."""
    starts = [reverse("content:home"), reverse("privacy"), reverse("crisis"), *SPANISH_STARTS]
    return public_paths_collect(start_paths=starts + published_page_paths())
