from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from consultations.models import (
    ConsultationRequest,
    ConsultationRequestDeletion,
    ConsultationRequestView,
)


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
def test_purge_deletes_exactly_the_requests_past_retention_and_keeps_the_audit(
    settings, django_user_model
):
    settings.CONSULTATION_RETENTION_DAYS = 90
    kept_new = request_received(days_ago=0)
    kept_edge = request_received(days_ago=89.99)
    expired = request_received(days_ago=90.01)
    expired_closed = request_received(days_ago=400, status="closed")
    staff = django_user_model.objects.create_user("desk", is_staff=True)
    ConsultationRequestView.objects.create(
        consultation_request=expired,
        reference=expired.reference,
        viewed_by=staff,
        viewed_by_username="desk",
    )

    output = purge()

    assert output.startswith("Deleted 2 consultation requests older than 90 days: ")
    assert expired.reference in output and expired_closed.reference in output
    assert set(ConsultationRequest.objects.values_list("pk", flat=True)) == {
        kept_new.pk,
        kept_edge.pk,
    }
    view = ConsultationRequestView.objects.get()
    assert (view.reference, view.viewed_by_username) == (expired.reference, "desk")
    assert view.consultation_request is None, "the view record outlives its request"
    log = {row.reference: row for row in ConsultationRequestDeletion.objects.all()}
    assert set(log) == {expired.reference, expired_closed.reference}
    assert log[expired.reference].how == "purge"
    assert "more than 90 days" in log[expired.reference].reason
    assert log[expired.reference].deleted_by_username.startswith("purge_consultation_requests")


@pytest.mark.django_db
def test_purge_is_safe_to_run_again(settings):
    settings.CONSULTATION_RETENTION_DAYS = 90
    old = request_received(days_ago=100)
    assert purge() == f"Deleted 1 consultation request older than 90 days: {old.reference}.\n"
    assert purge() == "Deleted 0 consultation requests older than 90 days.\n"
    assert ConsultationRequestDeletion.objects.count() == 1
    assert ConsultationRequest.objects.count() == 0


@pytest.mark.django_db
def test_purge_dry_run_reports_and_deletes_nothing(settings):
    settings.CONSULTATION_RETENTION_DAYS = 90
    old = request_received(days_ago=100)
    request_received(days_ago=1)
    assert purge("--dry-run") == (
        f"Would delete 1 consultation request older than 90 days (dry run): {old.reference}.\n"
    )
    assert ConsultationRequest.objects.count() == 2
    assert ConsultationRequestDeletion.objects.count() == 0


@pytest.mark.django_db
def test_purge_follows_the_retention_setting(settings):
    settings.CONSULTATION_RETENTION_DAYS = 30
    old = request_received(days_ago=31)
    request_received(days_ago=29)
    assert purge() == f"Deleted 1 consultation request older than 30 days: {old.reference}.\n"
    assert ConsultationRequest.objects.count() == 1


@pytest.mark.django_db
def test_privacy_notice_states_the_retention_period(client, settings):
    settings.CONSULTATION_RETENTION_DAYS = 45
    html = client.get("/privacy/").content.decode()
    assert "we delete requests 45 days after they arrive" in html
