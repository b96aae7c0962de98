"""Requests, staff and admin addresses shared by the front desk's tests."""

from django.urls import reverse
from django.utils import timezone

from consultations.models import ConsultationRequest

CHANGELIST = reverse("admin:consultations_consultationrequest_changelist")


def change_url(consultation_request: ConsultationRequest) -> str:
    return reverse("admin:consultations_consultationrequest_change", args=[consultation_request.pk])


def delete_url(consultation_request: ConsultationRequest) -> str:
    return reverse("admin:consultations_consultationrequest_delete", args=[consultation_request.pk])


def change_form_data(**fields) -> dict:
    """The change form's fields plus the inlines' management forms (no new note)."""
    return {
        "views-TOTAL_FORMS": "0",
        "views-INITIAL_FORMS": "0",
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
        "status": "new",
        "owner": "",
        "call_back_on": "",
        **fields,
    }


def a_request(**fields) -> ConsultationRequest:
    defaults = {
        "name": "Jordan Example",
        "phone": "(555) 010-7788",
        "email": "jordan@example.org",
        "message": "Please call after lunch.",
        "contact_consent_at": timezone.now(),
        "submission_key": f"key-{ConsultationRequest.objects.count()}-{timezone.now().timestamp()}",
    }
    defaults.update(fields)
    return ConsultationRequest.objects.create(**defaults)
