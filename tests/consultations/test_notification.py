import pytest
from django.core import mail
from django.urls import reverse

from clinic_site.models import SiteSettings
from consultations.models import ConsultationRequest

from .conftest import contact_form, form_token, request_data


@pytest.mark.django_db
def test_each_request_sends_one_notice_to_the_clinics_address(client):
    settings = SiteSettings.load()
    settings.email = "frontdesk@clinic.example"
    settings.save()

    _, token = contact_form(client)
    client.post(reverse("consultations:request"), request_data(token))

    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    saved = ConsultationRequest.objects.get()
    assert notice.to == ["frontdesk@clinic.example"]
    assert saved.reference in notice.subject
    assert saved.reference in notice.body
    admin_path = reverse("admin:consultations_consultationrequest_change", args=[saved.pk])
    assert f"http://testserver{admin_path}" in notice.body


@pytest.mark.django_db
def test_notice_carries_no_personal_or_health_details(client):
    _, token = contact_form(client)
    client.post(
        reverse("consultations:request"),
        request_data(
            token,
            name="Rosalind Quimby",
            phone="(555) 444-9182",
            email="rosalind.quimby@example.org",
            message="My fibromyalgia pain is worse since my antidepressant changed",
        ),
    )
    notice = mail.outbox[0]
    text = " ".join([notice.subject, notice.body, *(a[1] for a in notice.alternatives)])
    for detail in (
        "Rosalind",
        "Quimby",
        "444-9182",
        "4449182",
        "rosalind.quimby",
        "fibromyalgia",
        "antidepressant",
        "pain",
        "morning",
    ):
        assert detail.lower() not in text.lower(), detail
    assert notice.attachments == []


@pytest.mark.django_db
def test_the_notice_says_which_language_the_visitor_used_so_the_front_desk_can_reply_in_it(
    client,
):
    spanish_form = client.get("/es/contacto/").content.decode()
    response = client.post("/es/contacto/", request_data(form_token(spanish_form)))
    assert response.status_code == 302
    assert ConsultationRequest.objects.get().language == "es"
    assert "Language of the site they used: Español" in mail.outbox[0].body
    # The notice is for staff, so it stays in English although the visitor read Spanish.
    assert "A visitor has asked the clinic to contact them." in mail.outbox[0].body
