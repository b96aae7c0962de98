"""Places through the editorial workflow: the visiting-us page in both languages, and opening
hours held as days and times, one source for the page, the footer and the JSON-LD (issue 28)."""

import json
import re

import pytest

from clinic.models import Place

from .records import (
    PLACE,
    TEAM_MEMBER,
    admin_path,
    record_add,
    record_change,
    record_submit_and_publish,
)


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return [json.loads(block) for block in blocks]


def footer(html: str) -> str:
    return html[html.index('<footer class="site-footer">') :]


@pytest.mark.django_db
def test_the_visiting_page_says_details_are_coming_while_no_place_is_entered(client):
    html = client.get("/visiting-us/").content.decode()
    assert "Details of where to find us are coming soon." in html
    assert "Monday to Friday, 8am to 5pm" in footer(html), "the settings' hours meanwhile"
    spanish = client.get("/es/como-llegar/").content.decode()
    assert "Pronto publicaremos dónde encontrarnos." in spanish
    assert '<a class="site-header__language" href="/visiting-us/"' in spanish
    assert 'hreflang="es" href="http://testserver/es/como-llegar/"' in html


@pytest.mark.django_db
def test_a_place_is_drafted_reviewed_and_published_in_both_languages(
    editor_client, reviewer_client, client
):
    pk = record_add(editor_client, "place", {**PLACE, "name": "Clinic opening soon"})
    assert "Clinic opening soon" not in client.get("/visiting-us/").content.decode()
    record_submit_and_publish(editor_client, reviewer_client, "place", pk)

    html = client.get("/visiting-us/").content.decode()
    assert "<h1>Visiting us</h1>" in html and "Clinic opening soon" in html
    assert "120 Riverside Avenue, Suite 4" in html and "Springfield, IL 62701" in html
    assert "<dt>Monday to Friday</dt><dd>9 a.m. to 5 p.m.</dd>" in html
    assert "A ramp at the front door" in html and "reclining chair" in html
    assert (
        'href="https://www.openstreetmap.org/search?query=120+Riverside+Avenue%2C+Suite+4%2C'
        in html
    ), "a link that opens the address in the visitor's map"
    spanish = client.get("/es/como-llegar/").content.decode()
    assert "Clínica Riverside" in spanish and "Clinic opening soon" not in spanish
    assert "<dt>de lunes a viernes</dt><dd>de 09:00 a 17:00</dd>" in spanish
    assert "al lado de la farmacia" in spanish


@pytest.mark.django_db
def test_one_change_to_the_hours_shows_on_the_page_the_footer_and_the_structured_data(
    editor_client, reviewer_client, client
):
    pk = record_add(editor_client, "place", PLACE)
    record_submit_and_publish(editor_client, reviewer_client, "place", pk)
    lead = record_add(editor_client, "teammember", TEAM_MEMBER)
    record_submit_and_publish(editor_client, reviewer_client, "teammember", lead)

    record_change(editor_client, "place", pk, {**PLACE, "opens_5": "10:00", "closes_5": "14:00"})
    assert "Saturday" not in client.get("/visiting-us/").content.decode(), "a draft until published"
    review = reviewer_client.get(admin_path("place", pk, "review")).content.decode()
    assert "Saturday: 10 a.m. to 2 p.m." in review
    reviewer_client.post(admin_path("place", pk, "review"), {"action": "publish"})

    html = client.get("/visiting-us/").content.decode()
    assert "<dt>Saturday</dt><dd>10 a.m. to 2 p.m.</dd>" in html
    assert "Monday to Friday: 9 a.m. to 5 p.m.; Saturday: 10 a.m. to 2 p.m." in footer(html)
    home = client.get("/").content.decode()
    assert "Saturday: 10 a.m. to 2 p.m." in footer(home)
    main = home[home.index("<main") : home.index("</main>")]
    assert "(Monday to Friday: 9 a.m. to 5 p.m.; Saturday: 10 a.m. to 2 p.m.)" in main
    assert "sábado: de 10:00 a 14:00" in footer(client.get("/es/").content.decode())
    [clinic] = json_ld(html)
    assert clinic["@type"] == "MedicalClinic"
    assert {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Saturday",
        "opens": "10:00",
        "closes": "14:00",
    } in clinic["openingHoursSpecification"]
    assert clinic["telephone"] == "(555) 010-0199"
    assert clinic["address"]["streetAddress"] == "120 Riverside Avenue, Suite 4"
    assert clinic["employee"][0]["@type"] == "Physician"
    assert clinic["employee"][0]["name"] == "Ana Ruiz"
    [team_clinic] = json_ld(client.get("/our-team/").content.decode())
    assert team_clinic["openingHoursSpecification"] == clinic["openingHoursSpecification"]
    assert Place.objects.get(pk=pk).opening_hours[-1] == {
        "day": 5,
        "opens": "10:00",
        "closes": "14:00",
    }


@pytest.mark.django_db
def test_opening_hours_that_close_before_they_open_are_refused_with_the_reason(editor_client):
    response = editor_client.post(
        admin_path("place", "add"), {**PLACE, "opens_0": "17:00", "closes_0": "09:00"}
    )
    assert response.status_code == 200
    assert "the closing time must be after the opening time" in response.content.decode()
    response = editor_client.post(admin_path("place", "add"), {**PLACE, "closes_0": ""})
    assert "Enter both the opening and the closing time for Monday" in response.content.decode()
    assert not Place.objects.exists()


@pytest.mark.django_db
def test_the_structured_data_cannot_be_closed_by_text_staff_type(
    editor_client, reviewer_client, client
):
    pk = record_add(
        editor_client, "place", {**PLACE, "street_address": "1 Main St </script><script>x()"}
    )
    record_submit_and_publish(editor_client, reviewer_client, "place", pk)
    html = client.get("/visiting-us/").content.decode()
    assert "</script><script>x()" not in html
    [clinic] = json_ld(html)
    assert clinic["address"]["streetAddress"] == "1 Main St </script><script>x()"


@pytest.mark.django_db
def test_the_place_form_shows_the_saved_hours_for_each_day(editor_client):
    assert editor_client.get(admin_path("place", "add")).status_code == 200
    pk = record_add(editor_client, "place", PLACE)
    html = editor_client.get(admin_path("place", pk, "change")).content.decode()
    assert 'name="opens_0" value="09:00"' in html and 'name="closes_4" value="17:00"' in html
    assert 'name="opens_5" ' in html and 'name="opens_5" value' not in html
    assert "Draft only" in editor_client.get(admin_path("place")).content.decode()
