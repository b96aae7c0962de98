"""The page cache keeps only what every visitor may see (security review F6, F7 and F14).

A stored page is handed to every later visitor, so nothing one request chose may end up in it:
not its query string, not a variant of the Host header, not a cookie. What is stored is watched
through the cache the page cache uses, wrapped to record each page it keeps.
"""

import os
import stat
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from django.utils import translation

from clinic_site import content_version, page_cache

# The pages whose language link was built from the request's full address, query included.
PAGES_WITH_THE_REQUEST_IN_THEIR_LINKS = [
    ("en", "content:home"),
    ("en", "privacy"),
    ("en", "crisis"),
    ("es", "content:home"),
    ("es", "privacy"),
    ("es", "crisis"),
]
MARKER = "POISON-4471"
HOSTILE_QUERIES = [f"<script>{MARKER}", f"next=//evil.example/&utm={MARKER}"]
# Django accepts each of these for the configured name "testserver" (the port and the letter case
# are not compared, a trailing dot is dropped), and the page shows it in its canonical link.
HOST_VARIANTS = ["testserver:1234", "TESTSERVER", "testserver.", "localhost:7"]


def address(language: str, name: str) -> str:
    with translation.override(language):
        return reverse(name)


class RecordingCache:
    """The site's cache, recording the key of every page the page cache stores."""

    def __init__(self, real):
        self.real = real
        self.stored_keys: list[str] = []

    def get(self, key, *args, **kwargs):
        return self.real.get(key, *args, **kwargs)

    def set(self, key, value, *args, **kwargs):
        self.stored_keys.append(key)
        return self.real.set(key, value, *args, **kwargs)


@pytest.fixture
def stored_pages(db, loaded_content, monkeypatch) -> RecordingCache:
    """No page cached yet (a cold cache), and a record of every page stored from now on."""
    cache.clear()
    content_version.content_version_bump()
    recording = RecordingCache(page_cache.cache)
    monkeypatch.setattr(page_cache, "cache", recording)
    yield recording
    cache.clear()
    content_version.content_version_bump()


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


# --- F6: a visitor's query string ------------------------------------------------------------


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
@pytest.mark.parametrize(("language", "name"), PAGES_WITH_THE_REQUEST_IN_THEIR_LINKS)
def test_a_query_string_sent_first_never_reaches_the_next_visitor(
    stored_pages, language, name, query
):
    path = address(language, name)
    attacker = Client()
    for _ in range(2):  # rendered, then as the cache would answer a second time
        assert attacker.get(f"{path}?{query}").status_code == 200
    page = Client().get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert MARKER not in html
    assert "evil.example" not in html


def test_a_page_asked_for_with_a_query_string_is_served_but_not_stored(stored_pages):
    page = Client().get(f"/privacy/?utm={MARKER}")
    assert page.status_code == 200
    assert "<h1>" in page.content.decode()
    assert stored_pages.stored_keys == []
    Client().get("/privacy/")
    assert len(stored_pages.stored_keys) == 1, "the page without a query string is stored"


# --- F7: variants of the Host header ---------------------------------------------------------


def test_variants_of_the_host_name_fill_no_cache_entries(stored_pages):
    for host in HOST_VARIANTS:
        for _ in range(2):
            response = Client().get("/privacy/", HTTP_HOST=host)
            assert response.status_code == 200, host
    assert stored_pages.stored_keys == []
    for _ in range(2):
        page = Client().get("/privacy/")
    assert len(stored_pages.stored_keys) == 1
    assert 'rel="canonical" href="http://testserver/privacy/"' in page.content.decode()


def test_the_host_name_with_the_port_the_server_listens_on_is_cached(stored_pages):
    # Behind no proxy (the test servers, runserver) browsers send the port the server is bound to.
    port = Client().get("/healthz").wsgi_request.META["SERVER_PORT"]
    Client().get("/privacy/", HTTP_HOST=f"testserver:{port}")
    assert len(stored_pages.stored_keys) == 1


def test_a_host_the_site_does_not_serve_is_refused_and_not_stored(stored_pages):
    assert Client().get("/privacy/", HTTP_HOST="evil.example").status_code == 400
    assert stored_pages.stored_keys == []


# --- F14: cookies ----------------------------------------------------------------------------


def test_a_page_that_sets_the_session_cookie_is_marked_private_and_not_stored(stored_pages):
    visitor = Client()
    visitor.post(reverse("screener:start"))  # a screener session, rewritten on every request
    assert "sessionid" in visitor.cookies
    for path in ("/", "/privacy/"):
        response = visitor.get(path)
        assert response.status_code == 200
        assert "sessionid" in response.cookies, path
        assert "private" in cache_control(response), path
        assert "public" not in cache_control(response), path
    assert stored_pages.stored_keys == []


def test_a_cacheable_file_that_sets_a_cookie_is_kept_out_of_shared_caches(stored_pages):
    visitor = Client()
    visitor.post(reverse("screener:start"))
    response = visitor.get("/robots.txt")
    assert "sessionid" in response.cookies
    assert {"private", "max-age=3600"} <= cache_control(response)


def test_deleting_a_forged_session_cookie_is_marked_private(stored_pages):
    visitor = Client()
    visitor.cookies["sessionid"] = "not-a-key-django-issued!"
    response = visitor.get("/privacy/")
    assert response.cookies["sessionid"].value == ""
    assert "private" in cache_control(response)
    # The page itself was clean (the cookie is dropped before the cache), so it may be stored,
    # but without the deletion.
    assert not Client().get("/privacy/").cookies


# --- F14: the content version's file ---------------------------------------------------------

# The per-process memory cache with a database other processes share: the content version is
# then kept in a file, which every process on the machine reads.
SHARED_DATABASE = SimpleNamespace(
    vendor="postgresql", settings_dict={"NAME": "clinic", "HOST": "db.internal"}
)


@pytest.fixture
def content_version_on_disk(settings, tmp_path, monkeypatch):
    settings.CONTENT_VERSION_FILE = None
    monkeypatch.setattr(content_version, "connection", SHARED_DATABASE)
    return tmp_path


def test_the_content_version_file_is_not_in_the_shared_temporary_folder_by_default(
    content_version_on_disk, settings
):
    folder = content_version.version_folder()
    assert folder == settings.BASE_DIR / "var"


def test_the_content_version_file_is_in_a_folder_of_the_sites_own_made_private(
    content_version_on_disk, settings
):
    settings.CONTENT_VERSION_DIR = str(content_version_on_disk / "run")
    token = content_version.content_version_bump()
    (version_file,) = (content_version_on_disk / "run").iterdir()
    assert version_file.read_text() == token
    assert content_version.content_version_get() == token
    assert stat.S_IMODE(os.stat(content_version_on_disk / "run").st_mode) == 0o700
    assert stat.S_IMODE(version_file.stat().st_mode) == 0o600


def test_a_content_version_folder_others_can_write_to_is_refused(content_version_on_disk, settings):
    shared = content_version_on_disk / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # as /tmp is
    settings.CONTENT_VERSION_DIR = str(shared)
    with pytest.raises(ImproperlyConfigured, match="writable by no one else"):
        content_version.content_version_bump()
    assert list(shared.iterdir()) == []
