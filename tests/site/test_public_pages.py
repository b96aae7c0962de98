import re

import pytest
from django.urls import reverse

SITE_URL_NAMES = [
    "content:home",
    "privacy",
    "crisis",
    "screener:start",
    "screener:support",
    "screener:for-adults",
    "consultations:request",
]
# Screener pages behind a journey (each question, check your answers, the summary, the expiry
# page) are walked and checked for 200 and one <h1> in tests/screener/test_wording.py.


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", SITE_URL_NAMES)
def test_every_public_page_answers_200_with_exactly_one_h1(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert h1_count(html) == 1
    assert 'href="#main-content"' in html, "skip link"
    assert '<main id="main-content"' in html


@pytest.mark.django_db
def test_layout_shows_crisis_link_contact_details_and_disclaimer(client):
    html = client.get(reverse("privacy")).content.decode()
    assert "Need help now?" in html
    assert "educational information, not medical advice" in html
    assert "(555) 010-0142" in html
    assert 'href="/privacy/"' in html
    assert 'aria-current="page">Need help now?' not in html


@pytest.mark.django_db
def test_crisis_page_shows_988_and_911_from_site_settings(client):
    from clinic_site.models import SiteSettings

    html = client.get(reverse("crisis")).content.decode()
    # The header's button says, to a screen reader, that this is the page it leads to.
    assert 'href="/need-help-now/" aria-current="page">Need help now?' in html
    assert 'href="tel:988"' in html
    assert "911" in html
    assert "emergency department" in html

    settings = SiteSettings.load()
    settings.crisis_line_number = "0800 123 456"
    settings.save()
    html = client.get(reverse("crisis")).content.decode()
    assert "0800 123 456" in html
    assert 'href="tel:0800123456"' in html


@pytest.mark.django_db
def test_unknown_page_shows_friendly_404_in_the_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert h1_count(html) == 1
    assert "Need help now?" in html


def test_pages_load_nothing_from_other_sites(client, db):
    html = client.get(reverse("content:home")).content.decode()
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not url.startswith(("http://", "https://", "//")) or "testserver" in url, url


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["privacy", "crisis"])
def test_the_privacy_and_crisis_pages_are_served_from_the_cache(
    client, url_name, django_assert_num_queries
):
    from django.core.cache import cache

    cache.clear()
    first = client.get(reverse(url_name))
    assert [template.name for template in first.templates][:1] == [f"clinic_site/{url_name}.html"]
    with django_assert_num_queries(0):
        second = client.get(reverse(url_name))
    assert second.status_code == 200
    assert second.templates == [], "rendered again instead of served from the cache"
    assert second.content == first.content
