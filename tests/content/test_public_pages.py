import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from content.models import Page
from content.services import page_save
from content.workflow import draft_schedule, page_unpublish

H1 = re.compile(r"<h1[\s>]")


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


def header_nav(html: str) -> str:
    return html.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]


@pytest.mark.django_db
def test_every_public_content_address_answers_200_with_exactly_one_h1(client, loaded_content):
    addresses = ["/", "/search/", "/search/?q=ketamine", "/search/?q=nothing-matches-this"]
    addresses += ["/es/", "/es/buscar/", "/es/buscar/?q=ketamina"]
    addresses += [page.get_absolute_url() for page in Page.objects.published()]
    assert "/faq/" in addresses and "/es/preguntas-frecuentes/" in addresses
    disclaimer = {
        "en": "educational information, not medical advice",
        "es": "información educativa, no consejos médicos",
    }
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        html = response.content.decode()
        assert len(H1.findall(html)) == 1, address
        language = "es" if address.startswith("/es/") else "en"
        assert disclaimer[language] in html, address


@pytest.mark.django_db
def test_every_page_from_the_sources_is_in_the_navigation_and_the_sitemap(client, loaded_content):
    sitemap = client.get("/sitemap.xml").content.decode()
    home_nav = {
        language: header_nav(client.get(home).content.decode())
        for language, home in (("en", "/"), ("es", "/es/"))
    }
    for page in Page.objects.published():
        url = page.get_absolute_url()
        assert f"<loc>http://testserver{url}</loc>" in sitemap, url
        if page.show_in_nav:
            assert f'href="{url}"' in home_nav[page.language], url
        else:
            # Pages inside a section are listed in the section's own navigation.
            section_html = client.get(page.parent.get_absolute_url()).content.decode()
            section_nav = section_html.split('id="section-heading"', 1)[1].split("</nav>", 1)[0]
            assert f'href="{url}"' in section_nav, url


@pytest.mark.django_db
def test_page_shows_breadcrumbs_contents_related_pages_review_dates_and_disclaimer(
    client, loaded_content
):
    html = client.get("/how-ketamine-therapy-works/").content.decode()
    breadcrumbs = html.split('aria-label="Breadcrumb"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/"' in breadcrumbs
    assert 'href="/ketamine-for-pain-and-depression/">About ketamine</a>' in breadcrumbs
    assert 'aria-current="page">How it works</li>' in breadcrumbs
    assert '<h2 class="contents-list__heading" id="contents-heading">Contents</h2>' in html
    assert '<a href="#how-ketamine-can-be-given">How ketamine can be given</a>' in html
    related = html.split('id="related-heading"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/what-is-ketamine-therapy/"' in related
    assert "Page last reviewed: November 20, 2026. Next review due: November 20, 2027." in html
    assert html.index("Page last reviewed") > html.index("What researchers are still studying")
    assert "This is not medical advice" in html
    assert 'href="/screener/"' in html


@pytest.mark.django_db
def test_page_has_canonical_link_meta_description_and_medical_web_page_data(client, loaded_content):
    page = Page.objects.get(slug="side-effects-and-safety")
    html = client.get(page.get_absolute_url()).content.decode()
    assert '<link rel="canonical" href="http://testserver/side-effects-and-safety/">' in html
    assert f'<meta name="description" content="{page.summary}">' in html
    data = json_ld(html)
    assert data["@type"] == "MedicalWebPage"
    assert data["name"] == page.title
    assert data["lastReviewed"] == "2026-11-20"
    assert data["url"] == "http://testserver/side-effects-and-safety/"


@pytest.mark.django_db
def test_faq_answers_expand_without_javascript_and_can_be_linked(client, loaded_content):
    html = client.get("/faq/").content.decode()
    questions = re.findall(r'<details class="faq" id="([a-z0-9-]+)">', html)
    assert len(questions) >= 12
    assert "driving" in questions
    assert '<summary class="faq__question">Can I drive home after treatment?</summary>' in html
    data = json_ld(html)
    assert data["@type"] == "FAQPage"
    assert len(data["mainEntity"]) == len(questions)
    assert data["mainEntity"][0]["acceptedAnswer"]["@type"] == "Answer"


@pytest.mark.django_db
def test_home_offers_the_screener_key_facts_and_every_section(client, loaded_content):
    html = client.get(reverse("content:home")).content.decode()
    assert 'class="btn btn-primary btn-lg" href="/screener/"' in html
    assert "Key facts" in html
    spanish_home = client.get("/es/").content.decode()
    for page in Page.objects.published():
        home = spanish_home if page.language == "es" else html
        assert f'href="{page.get_absolute_url()}"' in home, page.slug


@pytest.mark.django_db
def test_drafts_and_scheduled_pages_are_invisible_to_visitors(
    client, loaded_content, django_user_model
):
    reviewer = django_user_model.objects.create_superuser("rita", password="unused-here")
    draft = page_unpublish(page=Page.objects.get(slug="chronic-pain-facts"), user=reviewer)
    scheduled = page_unpublish(page=Page.objects.get(slug="side-effects-and-safety"), user=None)
    draft_schedule(draft=scheduled, user=reviewer, at=timezone.now() + timedelta(days=1))

    for page in (draft, scheduled):
        assert client.get(page.get_absolute_url()).status_code == 404
    home = client.get("/").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    search = client.get("/search/", {"q": "side effects chronic pain"}).content.decode()
    related = client.get("/conditions-ketamine-may-help/").content.decode()
    for page in (draft, scheduled):
        url = page.get_absolute_url()
        assert url not in home
        assert url not in sitemap
        assert f'href="{url}"' not in search
        assert f'href="{url}"' not in related


@pytest.mark.django_db
def test_renamed_page_redirects_permanently_from_its_old_address(client, loaded_content):
    page = Page.objects.get(slug="chronic-pain-facts")
    page.slug = "about-chronic-pain"
    page_save(page=page)
    response = client.get("/chronic-pain-facts/")
    assert response.status_code == 301
    assert response["Location"] == "/about-chronic-pain/"
    assert client.get("/about-chronic-pain/").status_code == 200


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


@pytest.mark.django_db
def test_script_typed_into_a_page_never_reaches_a_visitor(client, loaded_content):
    page = Page.objects.get(slug="chronic-pain-facts")
    page.body += '\n<script>alert("x")</script> <a href="#" onclick="steal()">link</a>\n'
    page.save()
    html = client.get(page.get_absolute_url()).content.decode()
    assert 'alert("x")' not in html.split('<div class="content-body">')[1].split("</div>")[0]
    assert "<script>alert" not in html
    assert "onclick" not in html


@pytest.mark.django_db
def test_a_spanish_pages_cited_english_titles_are_marked_as_english(client, loaded_content):
    """So a screen reader reads them with English pronunciation (WCAG 3.1.2)."""
    html = client.get("/es/efectos-secundarios-y-seguridad/").content.decode()
    references = html.split('<h2 id="referencias">Referencias</h2>', 1)[1]
    assert references.lstrip().startswith('<ul lang="en">')
    assert 'lang="en">' not in html.split('<h2 id="referencias">', 1)[0].split("<main", 1)[1]
