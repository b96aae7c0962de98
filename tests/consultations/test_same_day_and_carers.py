"""A shared summary with a safety answer reaches the clinic marked for same-day review (H6);
a visitor can ask for someone they care for; the contact page states the language help."""

import pytest
from django.core import mail
from django.urls import reverse

from clinic_site.models import SiteSettings
from consultations.models import ConsultationRequest
from tests.screener.answers import CHRONIC_PAIN_VISITOR, CRISIS_VISITOR
from tests.screener.support import walk

from .conftest import contact_form, form_token, request_data

CONTACT_URL = reverse("consultations:request")
SENT_URL = reverse("consultations:sent")


@pytest.fixture
def clinic_email():
    settings = SiteSettings.load()
    settings.email = "frontdesk@clinic.example"
    settings.save()


def screener_finish(client, answers: dict) -> None:
    _, end = walk(client, answers, pages_fetched=False)
    assert client.get(end).status_code == 200
    assert client.get(reverse("screener:summary")).status_code == 200


@pytest.mark.django_db
def test_shared_summary_with_a_self_harm_answer_is_marked_for_same_day_review(client, clinic_email):
    screener_finish(client, CRISIS_VISITOR)
    _, token = contact_form(client)

    client.post(CONTACT_URL, request_data(token, share_summary="on"))

    saved = ConsultationRequest.objects.get()
    assert saved.same_day_review
    notice = mail.outbox[0]
    assert notice.subject == f"Same day: New consultation request {saved.reference}"
    assert "SAME DAY" in notice.body
    for health_word in ("harm", "suicid", "crisis", "safety", "depress", "clinician"):
        assert health_word not in (notice.subject + notice.body).lower(), health_word

    sent = client.get(SENT_URL).content.decode()
    assert "Before we call you back" in sent
    assert sent.index("Before we call you back") < sent.index("What happens next")
    assert 'href="tel:988"' in sent


@pytest.mark.django_db
def test_the_same_answers_not_shared_do_not_mark_the_request(client, clinic_email):
    screener_finish(client, CRISIS_VISITOR)
    _, token = contact_form(client)
    client.post(CONTACT_URL, request_data(token))
    assert not ConsultationRequest.objects.get().same_day_review
    assert mail.outbox[0].subject.startswith("New consultation request")
    assert "Before we call you back" not in client.get(SENT_URL).content.decode()


@pytest.mark.django_db
def test_a_shared_summary_without_a_safety_answer_is_not_marked(client, clinic_email):
    screener_finish(client, CHRONIC_PAIN_VISITOR)
    _, token = contact_form(client)
    client.post(CONTACT_URL, request_data(token, share_summary="on"))
    saved = ConsultationRequest.objects.get()
    assert saved.summary_shared and not saved.same_day_review
    assert "Same day" not in mail.outbox[0].subject


@pytest.mark.django_db
def test_a_visitor_can_say_the_request_is_for_someone_they_care_for(client):
    html, token = contact_form(client)
    assert "Who is this request for? (optional)" in html
    assert "Someone I care for, such as a family member" in html

    client.post(CONTACT_URL, request_data(token, requested_for="cared-for"))

    saved = ConsultationRequest.objects.get()
    assert saved.requested_for == "cared-for"
    assert saved.get_requested_for_display() == "Someone they care for: contact that person"


@pytest.mark.django_db
def test_not_saying_who_the_request_is_for_still_sends_it(client):
    _, token = contact_form(client)
    assert client.post(CONTACT_URL, request_data(token)).status_code == 302
    assert ConsultationRequest.objects.get().requested_for == ""


@pytest.mark.django_db
def test_the_contact_page_states_the_language_help_in_both_languages(client):
    english, _ = contact_form(client)
    assert "Some of our staff speak Spanish" in english
    assert "we can arrange an interpreter" in english
    spanish = client.get("/es/contacto/").content.decode()
    assert form_token(spanish)
    assert "Parte de nuestro personal habla español" in spanish
    assert "intérprete" in spanish
