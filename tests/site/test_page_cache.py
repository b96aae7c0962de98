"""The page cache keeps only what every visitor may see (security review F6, F7 and F14).

A stored page is handed to every later visitor, so nothing one request chose may end up in it:
not its query string, not a variant of the Host header, not a cookie. What is stored is watched
through the cache the page cache uses, wrapped to record each page it keeps.
"""

import html
import json
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


def test_each_scopes_version_is_a_private_file_beside_the_sites_own(
    content_version_on_disk, settings
):
    settings.CONTENT_VERSION_DIR = str(content_version_on_disk / "run")
    everything = content_version.content_version_get()
    with_guidance = content_version.content_version_get(content_version.GUIDANCE)
    assert with_guidance.startswith(f"{everything}:")
    content_version.content_scopes_renew(content_version.GUIDANCE)
    renewed = content_version.content_version_get(content_version.GUIDANCE)
    assert renewed.startswith(f"{everything}:") and renewed != with_guidance
    (scopes,) = [path for path in (content_version_on_disk / "run").iterdir() if path.is_dir()]
    assert stat.S_IMODE(scopes.stat().st_mode) == 0o700
    assert [stat.S_IMODE(path.stat().st_mode) for path in scopes.iterdir()] == [0o600]


def test_a_page_rendered_while_a_change_was_published_is_not_kept(
    content_version_on_disk, settings
):
    settings.CONTENT_VERSION_DIR = content_version_on_disk  # no tokens from earlier runs
    # The page cache reads an address's version before rendering; where there was none, it
    # claims one afterwards, which fails if a change wrote one meanwhile: nothing is stored.
    scope = content_version.address_scope("/faq/")
    content_version.content_scopes_renew(scope)  # the change, published during the render
    assert content_version.content_version_claim(scope) is None
    other = content_version.address_scope("/privacy/")
    claimed = content_version.content_version_claim(other)
    assert claimed is not None
    assert content_version.content_versions_read(other)[other] == claimed


# --- Publishing one page, seen by every server process -----------------------------------------

OTHER_PAGE = "/how-ketamine-therapy-works/"
NEW_ANSWER = "No. A friend or family member must drive you home after each session."
READ_SCRIPT = """
import json
from content.models import FAQEntry, Page
print(json.dumps([
    Page.objects.get(slug="how-ketamine-therapy-works", language="en").title,
    FAQEntry.objects.get(page__slug="faq", page__language="en", anchor="driving").answer,
]))
"""
PUBLISH_SCRIPT = """
from django.contrib.auth import get_user_model
from content.models import Page
from editorial.workflow import draft_publish, draft_save

reviewer, _ = get_user_model().objects.get_or_create(
    username="cache-scope-reviewer", defaults={"is_staff": True, "is_superuser": True}
)
faq = Page.objects.get(slug="faq", language="en")
content = faq.revision_content()
for entry in content["faq_entries"]:
    if entry["anchor"] == "driving":
        entry["answer"] = ANSWER
draft_save(record=faq, content=content, user=None)
draft_publish(record=Page.objects.get(pk=faq.pk), user=reviewer)
"""
# An edit behind the caches' back (an UPDATE sends no signal): a page rendered again shows it.
TITLE_SCRIPT = """
from clinic_site.content_version import content_changed
from content.models import Page
Page.objects.filter(slug="how-ketamine-therapy-works", language="en").update(title=TITLE)
if RENEW:
    content_changed()
"""


@pytest.fixture(params=["local memory cache", "Redis cache"])
def two_processes(request, served_site_environment, tmp_path):
    """The site under gunicorn with two worker processes, sharing its database and (when used)
    its Redis with the manage.py processes the test runs."""
    from tests.support.servers import Gunicorn

    environment = dict(served_site_environment)
    if request.param == "Redis cache":
        redis_server = request.getfixturevalue("throwaway_redis")
        environment.update(REDIS_URL=redis_server.url(), CACHE_KEY_PREFIX="cache-scopes")
    server = Gunicorn.start(env=environment, log=tmp_path / "gunicorn.log", workers=2)
    try:
        server.wait_until_healthy(timeout=60)
        yield server
    finally:
        server.stop()


def shell(script: str, *, env: dict, **names) -> str:
    from tests.support.servers import manage

    assignments = "".join(f"{name} = {value!r}\n" for name, value in names.items())
    return manage("shell", "-c", assignments + script, env=env)


@pytest.mark.slow
def test_publishing_an_faq_answer_in_one_process_renews_that_page_alone_in_the_others(
    two_processes,
):
    site, env = two_processes, two_processes.env
    title, answer = json.loads(shell(READ_SCRIPT, env=env).strip().splitlines()[-1])
    for path in ("/faq/", OTHER_PAGE):  # cached by each worker
        assert all(page.status == 200 for page in site.fetch_from_each_worker(path))
    try:
        shell(TITLE_SCRIPT, env=env, TITLE="MARKED", RENEW=False)
        shell(PUBLISH_SCRIPT, env=env, ANSWER=NEW_ANSWER)
        for page in site.fetch_from_each_worker("/faq/"):
            assert NEW_ANSWER in page.text, "the published answer, from every worker at once"
        for page in site.fetch_from_each_worker(OTHER_PAGE):
            assert "MARKED" not in page.text, "the other page was rendered again"
            assert html.escape(title) in page.text, "the other page, as each worker cached it"
    finally:
        shell(PUBLISH_SCRIPT, env=env, ANSWER=answer)
        shell(TITLE_SCRIPT, env=env, TITLE=title, RENEW=True)
