from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from consultations.models import ConsultationRequest, ConsultationRequestView


def request_received(*, days_ago: float, **fields) -> ConsultationRequest:
    received = timezone.now() - timedelta(days=days_ago)
    return ConsultationRequest.objects.create(
        name="Someone",
        email="someone@example.org",
        created_at=received,
        contact_consent_at=received,
        submission_key=f"key-{ConsultationRequest.objects.count()}-{days_ago}",
        **fields,
    )


def purge(*args: str) -> str:
    output = StringIO()
    call_command("purge_consultation_requests", *args, stdout=output)
    return output.getvalue()


@pytest.mark.django_db
def test_purge_deletes_exactly_the_requests_past_retention(settings, django_user_model):
    settings.CONSULTATION_RETENTION_DAYS = 90
    kept_new = request_received(days_ago=0)
    kept_edge = request_received(days_ago=89.99)
    expired = request_received(days_ago=90.01)
    expired_closed = request_received(days_ago=400, status="closed")
    staff = django_user_model.objects.create_user("desk", is_staff=True)
    ConsultationRequestView.objects.create(
        consultation_request=expired, viewed_by=staff, viewed_by_username="desk"
    )

    assert purge() == "Deleted 2 consultation requests older than 90 days.\n"

    assert set(ConsultationRequest.objects.values_list("pk", flat=True)) == {
        kept_new.pk,
        kept_edge.pk,
    }
    assert not ConsultationRequest.objects.filter(pk=expired_closed.pk).exists()
    assert ConsultationRequestView.objects.count() == 0, "view records go with their request"


@pytest.mark.django_db
def test_purge_is_safe_to_run_again(settings):
    settings.CONSULTATION_RETENTION_DAYS = 90
    request_received(days_ago=100)
    assert purge() == "Deleted 1 consultation request older than 90 days.\n"
    assert purge() == "Deleted 0 consultation requests older than 90 days.\n"
    assert ConsultationRequest.objects.count() == 0


@pytest.mark.django_db
def test_purge_dry_run_reports_and_deletes_nothing(settings):
    settings.CONSULTATION_RETENTION_DAYS = 90
    request_received(days_ago=100)
    request_received(days_ago=1)
    assert purge("--dry-run") == (
        "Would delete 1 consultation request older than 90 days (dry run).\n"
    )
    assert ConsultationRequest.objects.count() == 2


@pytest.mark.django_db
def test_purge_follows_the_retention_setting(settings):
    settings.CONSULTATION_RETENTION_DAYS = 30
    request_received(days_ago=31)
    request_received(days_ago=29)
    assert purge() == "Deleted 1 consultation request older than 30 days.\n"
    assert ConsultationRequest.objects.count() == 1


@pytest.mark.django_db
def test_privacy_notice_states_the_retention_period(client, settings):
    settings.CONSULTATION_RETENTION_DAYS = 45
    html = client.get("/privacy/").content.decode()
    assert "we delete requests 45 days after they arrive" in html
