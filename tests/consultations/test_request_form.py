import re

import pytest
from django.core import mail
from django.urls import reverse

from consultations.models import ConsultationRequest

from .conftest import contact_form, form_token, request_data

CONTACT_URL = reverse("consultations:request")
SENT_URL = reverse("consultations:sent")


def error_summary(html: str) -> str:
    match = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    return match.group(0) if match else ""


@pytest.mark.django_db
def test_contact_page_shows_the_clinics_details_and_the_form(client):
    from clinic_site.models import SiteSettings

    settings = SiteSettings.load()
    settings.phone = "(555) 123-9876"
    settings.email = "desk@clinic.example"
    settings.save()

    html, _ = contact_form(client)
    assert "<h1>Contact us</h1>" in html
    assert "(555) 123-9876" in html
    assert 'href="mailto:desk@clinic.example"' in html
    assert "Monday to Friday, 8am to 5pm" in html
    assert "If you need help now, do not use this form" in html
    assert 'href="tel:988"' in html
    assert 'href="/privacy/#consultation-requests"' in html
    assert "Send request" in html


@pytest.mark.django_db
def test_share_summary_checkbox_is_absent_without_a_screener_summary(client):
    html, _ = contact_form(client)
    assert "Share my screener summary" not in html
    assert 'name="share_summary"' not in html


@pytest.mark.django_db
def test_consent_checkbox_is_unticked_and_links_to_the_privacy_notice(client):
    html, _ = contact_form(client)
    consent = re.search(r'<input[^>]*name="consent"[^>]*>', html).group(0)
    assert "checked" not in consent
    assert "I agree to Riverside Ketamine Clinic keeping these details to contact me" in html
    assert re.search(r'href="/privacy/#consultation-requests"[^>]*>privacy notice', html)


@pytest.mark.django_db
def test_a_complete_request_is_saved_and_redirects_to_the_confirmation(client):
    _, token = contact_form(client)
    response = client.post(CONTACT_URL, request_data(token))
    assert response.status_code == 302
    assert response["Location"] == SENT_URL

    saved = ConsultationRequest.objects.get()
    assert saved.name == "Jordan Example"
    assert saved.phone == "(555) 010-7788"
    assert saved.email == "jordan@example.org"
    assert saved.best_time == "morning"
    assert saved.status == "new"
    assert not saved.shared_summary_html
    assert saved.contact_consent_at is not None

    html = client.get(SENT_URL).content.decode()
    assert "Request sent" in html
    assert saved.reference in html
    assert "What happens next" in html
    assert "call or email you" in html
    assert "(555) 010-0142" in html, "the clinic's phone number"
    assert 'href="tel:988"' in html, "crisis resources"
    assert "Jordan" not in html, "the confirmation repeats no personal details"


@pytest.mark.django_db
def test_confirmation_without_a_sent_request_goes_back_to_the_form(client):
    response = client.get(SENT_URL)
    assert response.status_code == 302
    assert response["Location"] == CONTACT_URL


@pytest.mark.django_db
def test_request_without_consent_is_refused_with_the_entries_kept(client):
    _, token = contact_form(client)
    response = client.post(CONTACT_URL, request_data(token, consent=None))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Contact us" in html
    summary = error_summary(html)
    assert "There is a problem" in summary
    assert (
        '<a href="#id_consent">Tick the box to agree that we can keep your details '
        "and contact you</a>" in summary
    )
    assert 'id="id_consent-error"' in html
    assert 'value="Jordan Example"' in html
    assert "Could you tell me about the first appointment?" in html
    assert ConsultationRequest.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_request_needs_a_phone_number_or_an_email_address(client):
    _, token = contact_form(client)
    response = client.post(CONTACT_URL, request_data(token, phone="", email=""))
    summary = error_summary(response.content.decode())
    assert '<a href="#id_phone">Enter a phone number or an email address, or both</a>' in summary
    assert ConsultationRequest.objects.count() == 0

    _, token = contact_form(client)
    client.post(CONTACT_URL, request_data(token, phone=""))
    assert not ConsultationRequest.objects.get().phone
    html = client.get(SENT_URL).content.decode()
    assert "email you" in html and "call or email you" not in html


@pytest.mark.django_db
def test_malformed_details_are_each_named_and_the_entries_kept(client):
    _, token = contact_form(client)
    response = client.post(
        CONTACT_URL,
        request_data(token, name="", phone="call me maybe", email="jordan@", best_time="midnight"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    summary = error_summary(html)
    assert '<a href="#id_name">Enter your name</a>' in summary
    assert "Enter a phone number in the correct format, like (555) 010-0142" in summary
    assert "Enter an email address in the correct format, like name@example.com" in summary
    assert '<a href="#id_best_time_0">Select the best time to call from the list</a>' in summary
    assert 'value="call me maybe"' in html
    assert 'value="jordan@"' in html
    assert 'aria-invalid="true"' in html
    assert ConsultationRequest.objects.count() == 0


@pytest.mark.django_db
def test_oversized_input_names_each_field_that_is_too_long(client):
    _, token = contact_form(client)
    response = client.post(
        CONTACT_URL,
        request_data(
            token,
            name="N" * 101,
            phone="5" * 31,
            email="a" * 250 + "@example.org",
            message="m" * 1001,
        ),
    )
    assert response.status_code == 200
    summary = error_summary(response.content.decode())
    assert "Your name must be 100 characters or fewer" in summary
    assert "Phone number must be 30 characters or fewer" in summary
    assert "Email address must be 254 characters or fewer" in summary
    assert "Message must be 1000 characters or fewer" in summary
    assert ConsultationRequest.objects.count() == 0


@pytest.mark.django_db
def test_control_characters_are_stripped_but_line_breaks_kept(client):
    _, token = contact_form(client)
    client.post(
        CONTACT_URL,
        request_data(
            token,
            name="Jor\x00dan\u202e Example\x07",
            message="First line\r\nSecond\x1b[31m line",
        ),
    )
    saved = ConsultationRequest.objects.get()
    assert saved.name == "Jordan Example"
    assert saved.message == "First line\nSecond[31m line"


@pytest.mark.django_db
def test_honeypot_filled_in_saves_nothing_and_sends_no_email(client):
    html, token = contact_form(client)
    assert 'class="consult-hp"' in html
    response = client.post(CONTACT_URL, request_data(token, website="http://spam.example"))
    assert response.status_code == 200
    assert "We could not send your request" in error_summary(response.content.decode())
    assert ConsultationRequest.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_sixth_request_in_an_hour_from_one_address_is_refused_kindly(client):
    for number in range(5):
        _, token = contact_form(client)
        response = client.post(CONTACT_URL, request_data(token, name=f"Person {number}"))
        assert response.status_code == 302
    _, token = contact_form(client)
    response = client.post(CONTACT_URL, request_data(token, name="Person 6"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "You have sent several requests in the last hour" in error_summary(html)
    assert 'value="Person 6"' in html
    assert "Could you tell me about the first appointment?" in html
    assert ConsultationRequest.objects.count() == 5
    assert len(mail.outbox) == 5


@pytest.mark.django_db
def test_rate_limit_counts_each_address_separately(client):
    for _ in range(5):
        _, token = contact_form(client)
        client.post(CONTACT_URL, request_data(token), REMOTE_ADDR="203.0.113.7")
    _, token = contact_form(client)
    response = client.post(CONTACT_URL, request_data(token), REMOTE_ADDR="203.0.113.8")
    assert response.status_code == 302
    assert ConsultationRequest.objects.count() == 6


@pytest.mark.django_db
def test_replayed_post_does_not_create_a_second_request(client):
    _, token = contact_form(client)
    data = request_data(token)
    first = client.post(CONTACT_URL, data)
    assert first.status_code == 302
    reference = ConsultationRequest.objects.get().reference

    again = client.post(CONTACT_URL, data)
    assert again.status_code == 302
    assert again["Location"] == SENT_URL
    assert ConsultationRequest.objects.count() == 1
    assert len(mail.outbox) == 1
    html = client.get(SENT_URL).content.decode()
    assert reference in html
    assert "already reached us, so we have not sent it again" in html


@pytest.mark.django_db
def test_replayed_post_from_another_browser_does_not_create_a_second_request(client):
    from django.test import Client

    _, token = contact_form(client)
    data = request_data(token)
    client.post(CONTACT_URL, data)
    Client().post(CONTACT_URL, data)
    assert ConsultationRequest.objects.count() == 1


@pytest.mark.django_db
def test_forged_form_token_gets_the_form_back_with_a_fresh_token(client):
    response = client.post(CONTACT_URL, request_data("made-up-token"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This form was open for too long and has expired" in error_summary(html)
    assert 'value="Jordan Example"' in html
    assert ConsultationRequest.objects.count() == 0

    resent = client.post(CONTACT_URL, request_data(form_token(html)))
    assert resent.status_code == 302
    assert ConsultationRequest.objects.count() == 1


@pytest.mark.django_db
def test_contact_page_is_never_cached(client):
    response = client.get(CONTACT_URL)
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_nothing_the_visitor_typed_reaches_the_logs(client, caplog):
    caplog.set_level("DEBUG")
    _, token = contact_form(client)
    details = {
        "name": "Rosalind Quimby",
        "phone": "(555) 444-9182",
        "email": "rosalind.quimby@example.org",
        "message": "My fibromyalgia is worse",
    }
    client.post(CONTACT_URL, request_data(token, **details))
    client.post(CONTACT_URL, request_data(token, **details))  # a repeat
    client.post(CONTACT_URL, request_data("forged", **details, consent=None))  # errors
    assert ConsultationRequest.objects.count() == 1
    reference = ConsultationRequest.objects.get().reference
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert reference in logged, "the log says a request arrived, by reference"
    for value in ("Rosalind", "Quimby", "444-9182", "rosalind.quimby", "fibromyalgia"):
        assert value not in logged
