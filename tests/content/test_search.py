import io
import re

import pytest
from django.core.management import call_command

from content.models import Page

RESULT_LINK = re.compile(r'<h3 class="search-results__title"><a href="([^"]+)">')


def result_urls(client, query: str) -> list[str]:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return RESULT_LINK.findall(response.content.decode())


@pytest.mark.django_db
def test_search_finds_fibromyalgia_with_highlighted_excerpts(client, loaded_content):
    html = client.get("/search/", {"q": "fibromyalgia"}).content.decode()
    assert "/conditions-ketamine-may-help/" in RESULT_LINK.findall(html)
    assert re.search(r"<mark>fibromyalgia</mark>", html, re.IGNORECASE)
    assert "results for “fibromyalgia”" in html


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_search_ranks_the_conditions_page_first_for_fibromyalgia(
    client, loaded_content, on_postgresql
):
    assert on_postgresql
    assert result_urls(client, "fibromyalgia")[0] == "/conditions-ketamine-may-help/"


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_search_understands_word_forms(client, loaded_content):
    # "infusions" and "infusion" share a stem: full-text search matches either.
    assert "/low-dose-ketamine-infusion-therapy/" in result_urls(client, "infusing")


@pytest.mark.django_db
def test_search_finds_faq_answers_and_links_to_the_answer(client, loaded_content):
    html = client.get("/search/", {"q": "drive home"}).content.decode()
    assert "/faq/#driving" in RESULT_LINK.findall(html)
    assert "From our questions and answers" in html


@pytest.mark.django_db
def test_search_without_words_invites_a_search_and_lists_all_pages(client, loaded_content):
    html = client.get("/search/").content.decode()
    assert "Enter a word or phrase" in html
    assert "All pages" in html
    assert 'href="/faq/"' in html


@pytest.mark.django_db
def test_search_with_no_results_suggests_what_to_try(client, loaded_content):
    html = client.get("/search/", {"q": "xylophone"}).content.decode()
    assert "No results for “xylophone”" in html
    assert "checking your spelling" in html
    assert "All pages" in html


@pytest.mark.django_db
def test_search_escapes_what_the_visitor_typed(client, loaded_content):
    html = client.get("/search/", {"q": '<script>alert("x")</script> ketamine'}).content.decode()
    assert '<script>alert("x")' not in html
    assert "&lt;script&gt;" in html


@pytest.mark.django_db
def test_search_never_shows_drafts(client, loaded_content):
    page = Page.objects.get(slug="conditions-ketamine-may-help")
    page.status = Page.Status.DRAFT
    page.save()
    assert "/conditions-ketamine-may-help/" not in result_urls(client, "fibromyalgia")


@pytest.mark.django_db
def test_search_results_are_not_kept_in_shared_caches(client, loaded_content):
    response = client.get("/search/", {"q": "depression"})
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_with_many_matches_search_shows_the_twenty_best_each_with_its_excerpt(
    client, loaded_content
):
    call_command("generate_bulk_content", "--pages", "40", "--faqs", "40", stdout=io.StringIO())
    html = client.get("/search/", {"q": "chronic pain"}).content.decode()
    urls = RESULT_LINK.findall(html)
    assert len(urls) == 20
    # A page titled for the words outranks the generated pages that only mention them.
    assert "/chronic-pain-facts/" in urls
    assert html.count("<mark>") >= 20, "every result shows where the words were found"
