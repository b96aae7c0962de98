"""Public pages come from the cache, and a staff edit shows at once."""

import gzip
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clinic_site.models import SiteSettings
from content.models import FAQEntry, Page
from content.workflow import draft_schedule, page_unpublish

CONTENT_ADDRESSES = ["/", "/faq/", "/conditions-ketamine-may-help/", "/how-ketamine-therapy-works/"]


@pytest.mark.django_db
@pytest.mark.parametrize("address", CONTENT_ADDRESSES)
def test_content_page_costs_five_queries_at_most_when_nothing_is_cached_and_none_after(
    client, loaded_content, address, django_assert_max_num_queries, django_assert_num_queries
):
    SiteSettings.load()  # make sure the settings row exists, as it does on a running site
    cache.clear()  # nothing cached at all: not the page, the menu or the site settings
    # The page, the menu (its pages, and its links to the screener, contact and the clinic's
    # pages), the site settings and the clinic's facts (opening hours from the place records,
    # the reviewer named on the page), each read once a content version.
    with django_assert_max_num_queries(5):
        first = client.get(address)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(address)
    assert second.status_code == 200
    assert second.content == first.content


@pytest.mark.django_db
def test_a_staff_edit_to_a_page_shows_at_once(client, loaded_content):
    assert "Chronic pain is common." in client.get("/chronic-pain-facts/").content.decode()
    page = Page.objects.get(slug="chronic-pain-facts")
    page.body = page.body.replace("Chronic pain is common.", "Chronic pain is very common.")
    page.save()
    assert "Chronic pain is very common." in client.get("/chronic-pain-facts/").content.decode()


@pytest.mark.django_db
def test_a_new_menu_title_shows_at_once_on_every_cached_page(client, loaded_content):
    client.get("/faq/")
    client.get("/")
    page = Page.objects.get(slug="side-effects-and-safety")
    page.nav_title = "Safety"
    page.save()
    for address in ("/", "/faq/"):
        assert ">Safety</a>" in client.get(address).content.decode()


@pytest.mark.django_db
def test_a_staff_edit_to_an_faq_entry_shows_at_once(client, loaded_content):
    client.get("/faq/")
    entry = FAQEntry.objects.get(page__slug="faq", anchor="driving")
    entry.answer = "No. Someone must drive you home."
    entry.save()
    assert "Someone must drive you home." in client.get("/faq/").content.decode()


@pytest.mark.django_db
def test_a_change_to_the_site_settings_shows_at_once_on_cached_pages(client, loaded_content):
    client.get("/faq/")
    settings = SiteSettings.load()
    settings.phone = "(555) 999-0000"
    settings.save()
    assert "(555) 999-0000" in client.get("/faq/").content.decode()


@pytest.mark.django_db
def test_unpublishing_removes_the_page_at_once(client, loaded_content):
    assert client.get("/chronic-pain-facts/").status_code == 200
    page = Page.objects.get(slug="chronic-pain-facts")
    page.status = Page.Status.DRAFT
    page.save()
    assert client.get("/chronic-pain-facts/").status_code == 404
    section = client.get("/conditions-ketamine-may-help/").content.decode()
    assert "/chronic-pain-facts/" not in section


@pytest.mark.django_db
def test_a_scheduled_page_appears_when_the_publishing_command_runs_at_its_time(
    client, loaded_content, time_machine, django_user_model
):
    page = Page.objects.get(slug="chronic-pain-facts")
    page_unpublish(page=page, user=None)
    reviewer = django_user_model.objects.create_superuser("rita", password="unused-here")
    at = timezone.now() + timedelta(hours=1)
    draft_schedule(draft=page, user=reviewer, at=at)
    assert client.get("/chronic-pain-facts/").status_code == 404
    section = client.get("/conditions-ketamine-may-help/").content.decode()
    assert 'href="/chronic-pain-facts/"' not in section
    time_machine.move_to(at + timedelta(seconds=1))
    assert client.get("/chronic-pain-facts/").status_code == 404, "no visitor request publishes"
    call_command("publish_scheduled")  # cron runs it every few minutes
    assert client.get("/chronic-pain-facts/").status_code == 200
    section = client.get("/conditions-ketamine-may-help/").content.decode()
    assert 'href="/chronic-pain-facts/"' in section


@pytest.mark.django_db
def test_a_page_is_never_cached_with_a_visitors_cookie(client, loaded_content):
    response = client.get("/faq/")
    assert not response.cookies
    assert "Set-Cookie" not in response


@pytest.mark.django_db
def test_an_edit_saved_by_another_server_process_shows_at_once(
    client, loaded_content, settings, tmp_path
):
    # With the per-process memory cache, processes share the content version through a file.
    settings.CONTENT_VERSION_FILE = str(tmp_path / "content-version")
    client.get("/chronic-pain-facts/")
    Page.objects.filter(slug="chronic-pain-facts").update(title="Chronic pain in brief")
    (tmp_path / "content-version").write_text("bumped-by-another-process")
    assert "<h1>Chronic pain in brief</h1>" in client.get("/chronic-pain-facts/").content.decode()


SECURITY_HEADERS = [
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
]


@pytest.mark.django_db
def test_a_page_from_the_cache_carries_the_same_security_headers(client, loaded_content):
    first = client.get("/how-ketamine-therapy-works/")
    second = client.get("/how-ketamine-therapy-works/")
    for header in SECURITY_HEADERS:
        assert header in first, header
        assert second[header] == first[header], header
    assert second["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.django_db
def test_a_visitor_part_way_through_the_screener_reads_cached_pages_without_a_query(
    client, loaded_content, django_assert_num_queries
):
    client.get("/faq/")  # cached by a visitor without a session
    client.post("/screener/")  # now this visitor has a session with answers to come
    assert "sessionid" in client.cookies
    with django_assert_num_queries(0):
        response = client.get("/faq/")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies, "reading a page does not rewrite the session"


@pytest.mark.django_db
def test_a_page_first_rendered_for_a_visitor_with_a_session_is_not_kept(client, loaded_content):
    client.post("/screener/")
    response = client.get("/faq/")
    assert response.status_code == 200
    assert "Cookie" in response.get("Vary", ""), "the session was read while rendering it"
    with CaptureQueriesContext(connection) as queries:
        client.get("/faq/")
    assert len(queries) > 0, "the page was rendered again, not served from the cache"


@pytest.mark.django_db
def test_a_host_the_site_does_not_serve_gets_the_bad_request_page(client, loaded_content):
    client.get("/faq/")
    response = client.get("/faq/", HTTP_HOST="evil.example")
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_browser_that_accepts_gzip_gets_the_page_compressed_and_others_as_is(loaded_content):
    browser, plain = Client(), Client()
    for _ in range(2):  # rendered, then from the cache
        compressed = browser.get("/faq/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        as_is = plain.get("/faq/")
        assert compressed["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in compressed["Vary"]
        assert "Content-Encoding" not in as_is
        html = gzip.decompress(compressed.content).decode()
        assert html == as_is.content.decode()
        assert "<h1>" in html
        assert len(compressed.content) < len(as_is.content) / 2
        assert int(compressed["Content-Length"]) == len(compressed.content)
