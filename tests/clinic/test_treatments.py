"""Treatments and costs through the editorial workflow, the quote and Good Faith Estimate
wording, search and the sitemap (issue 28)."""

import pytest

from .records import TREATMENT, admin_path, record_add, record_change, record_submit_and_publish


@pytest.mark.django_db
def test_the_costs_page_says_details_are_coming_and_how_to_get_a_quote(client):
    html = client.get("/treatments-and-costs/").content.decode()
    assert "Details of our treatments and their prices are coming soon." in html
    assert "Anyone can ask us what their care will cost." in html
    assert "Good Faith Estimate" in html and "No Surprises Act" in html
    spanish = client.get("/es/tratamientos-y-costos/").content.decode()
    assert "Cálculo de Buena Fe" in spanish


@pytest.mark.django_db
def test_a_treatment_is_drafted_reviewed_and_published_in_both_languages(
    editor_client, reviewer_client, client
):
    pk = record_add(editor_client, "treatment", TREATMENT)
    assert "IV ketamine infusion" not in client.get("/treatments-and-costs/").content.decode()
    record_submit_and_publish(editor_client, reviewer_client, "treatment", pk)

    html = client.get("/treatments-and-costs/").content.decode()
    assert "IV ketamine infusion" in html
    assert "<dt>Time in the chair</dt><dd>40 minutes</dd>" in html
    assert "<dd>1 hour</dd>" in html and "<dd>2 hours 30 minutes</dd>" in html
    assert "<dt>Price</dt><dd>Ask us for a quote.</dd>" in html
    spanish = client.get("/es/tratamientos-y-costos/").content.decode()
    assert "Infusión de ketamina" in spanish and "<dd>2 horas 30 minutos</dd>" in spanish
    assert "<dd>Pídanos un presupuesto.</dd>" in spanish

    record_change(
        editor_client, "treatment", pk, {**TREATMENT, "price_from": "400", "price_to": "550.50"}
    )
    assert "$550.50" not in client.get("/treatments-and-costs/").content.decode()
    reviewer_client.post(admin_path("treatment", pk, "review"), {"action": "publish"})
    html = client.get("/treatments-and-costs/").content.decode()
    assert "<dt>Price</dt><dd>$400 to $550.50</dd>" in html
    assert "de $400 a $550.50" in client.get("/es/tratamientos-y-costos/").content.decode()


@pytest.mark.django_db
def test_a_price_range_whose_top_is_below_its_bottom_is_refused(editor_client):
    response = editor_client.post(
        admin_path("treatment", "add"), {**TREATMENT, "price_from": "500", "price_to": "100"}
    )
    assert response.status_code == 200
    assert "The highest price must be more than the lowest." in response.content.decode()


@pytest.mark.django_db
def test_search_finds_the_costs_page_in_english_and_in_spanish(loaded_content, client):
    english = client.get("/search/", {"q": "cost"}).content.decode()
    assert 'href="/treatments-and-costs/"' in english
    assert (
        'href="/treatments-and-costs/"' in client.get("/search/", {"q": "prices"}).content.decode()
    )
    spanish = client.get("/es/buscar/", {"q": "precio"}).content.decode()
    assert 'href="/es/tratamientos-y-costos/"' in spanish


@pytest.mark.django_db
def test_the_sitemap_lists_the_clinic_pages_in_both_languages(client):
    xml = client.get("/sitemap.xml").content.decode()
    for address in ("/our-team/", "/visiting-us/", "/treatments-and-costs/"):
        assert f"{address}</loc>" in xml
    for address in ("/es/nuestro-equipo/", "/es/como-llegar/", "/es/tratamientos-y-costos/"):
        assert f"{address}</loc>" in xml
