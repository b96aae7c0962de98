import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from consultations.models import (
    FRONT_DESK_GROUP,
    ConsultationRequest,
    ConsultationRequestDeletion,
    ConsultationRequestView,
)
from tests.support.staff import staff_sign_in

from .support import CHANGELIST, a_request, change_form_data, change_url, delete_url


@pytest.mark.django_db
def test_migration_creates_front_desk_group_with_view_change_delete():
    group = Group.objects.get(name=FRONT_DESK_GROUP)
    assert set(group.permissions.values_list("codename", flat=True)) == {
        "view_consultationrequest",
        "change_consultationrequest",
        "delete_consultationrequest",
    }


@pytest.mark.django_db
def test_front_desk_sees_requests_with_status_date_and_filters(client, front_desk):
    first = a_request()
    trying = a_request(status="trying", shared_summary_html="<p>summary</p>")
    staff_sign_in(client, front_desk)

    assert "Consultation requests" in client.get(reverse("admin:index")).content.decode()
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert first.reference in html and trying.reference in html
    assert "Trying to reach" in html and "New" in html
    assert "By status" in html
    assert "By screener summary" in html

    filtered = client.get(CHANGELIST, {"state": "trying"}).content.decode()
    assert first.reference not in filtered and trying.reference in filtered
    shared = client.get(CHANGELIST, {"summary": "shared"}).content.decode()
    assert first.reference not in shared and trying.reference in shared


@pytest.mark.django_db
def test_other_staff_cannot_see_requests_even_with_permissions(
    client, editor_with_every_permission
):
    consultation_request = a_request()
    staff_sign_in(client, editor_with_every_permission)

    assert "Consultation requests" not in client.get(reverse("admin:index")).content.decode()
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(change_url(consultation_request)).status_code == 403
    assert client.get(delete_url(consultation_request)).status_code == 403
    refused = ConsultationRequestView.objects.get()
    assert (refused.viewed_by_username, refused.outcome) == ("editor", "refused")


@pytest.mark.django_db
def test_visitors_who_are_not_signed_in_are_sent_to_the_login_page(client):
    response = client.get(change_url(a_request()))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.django_db
def test_superuser_sees_requests(client, superuser):
    consultation_request = a_request()
    staff_sign_in(client, superuser)
    assert client.get(CHANGELIST).status_code == 200
    assert client.get(change_url(consultation_request)).status_code == 200


@pytest.mark.django_db
def test_each_view_of_a_request_is_recorded_and_shown_on_it(client, front_desk, superuser):
    consultation_request = a_request()
    staff_sign_in(client, front_desk)
    html = client.get(change_url(consultation_request)).content.decode()
    assert "Jordan Example" in html
    assert 'href="tel:5550107788"' in html

    staff_sign_in(client, superuser)
    html = client.get(change_url(consultation_request)).content.decode()

    views = list(consultation_request.views.order_by("viewed_at"))
    assert [view.viewed_by_username for view in views] == ["frontdesk", "root"]
    assert [view.viewed_by for view in views] == [front_desk, superuser]
    assert all((timezone.now() - view.viewed_at).total_seconds() < 60 for view in views)
    assert "Views of this request" in html
    assert "frontdesk" in html and "root" in html


@pytest.mark.django_db
def test_view_record_keeps_the_name_after_the_account_is_deleted(client, front_desk):
    consultation_request = a_request()
    staff_sign_in(client, front_desk)
    client.get(change_url(consultation_request))
    client.logout()
    front_desk.delete()
    view = consultation_request.views.get()
    assert view.viewed_by is None
    assert view.viewed_by_username == "frontdesk"


@pytest.mark.django_db
def test_front_desk_can_change_the_status(client, front_desk):
    consultation_request = a_request()
    staff_sign_in(client, front_desk)
    response = client.post(change_url(consultation_request), change_form_data(status="trying"))
    assert response.status_code == 302
    consultation_request.refresh_from_db()
    assert consultation_request.status == "trying"
    assert consultation_request.name == "Jordan Example", "visitor's details are read-only"


@pytest.mark.django_db
def test_front_desk_can_delete_only_closed_requests(client, front_desk):
    open_request = a_request()
    closed_request = a_request(status="closed")
    staff_sign_in(client, front_desk)

    assert client.get(delete_url(open_request)).status_code == 403
    reason = {"post": "yes", "reason": "Sent twice"}
    assert client.post(delete_url(open_request), reason).status_code == 403
    assert ConsultationRequest.objects.filter(pk=open_request.pk).exists()

    client.get(change_url(closed_request))
    assert client.post(delete_url(closed_request), reason).status_code == 302
    assert not ConsultationRequest.objects.filter(pk=closed_request.pk).exists()
    deletion = ConsultationRequestDeletion.objects.get()
    assert (deletion.reference, deletion.deleted_by_username, deletion.reason) == (
        closed_request.reference,
        "frontdesk",
        "Sent twice",
    )

    changelist = client.get(CHANGELIST).content.decode()
    assert "delete_selected" not in changelist, "no bulk delete that could sweep up open ones"


@pytest.mark.django_db
def test_superuser_can_delete_any_request_once_opened_giving_a_reason(client, superuser):
    open_request = a_request()
    staff_sign_in(client, superuser)
    client.get(change_url(open_request))  # opened, so it has a view record (F2)

    page = client.get(delete_url(open_request)).content.decode()
    assert "Why are you deleting this request?" in page
    assert "permission to delete" not in page
    no_reason = client.post(delete_url(open_request), {"post": "yes", "reason": " "})
    assert no_reason.status_code == 200
    assert "Say why this request is being deleted." in no_reason.content.decode()
    assert ConsultationRequest.objects.count() == 1

    response = client.post(
        delete_url(open_request), {"post": "yes", "reason": "Asked us to delete their details"}
    )
    assert response.status_code == 302
    assert ConsultationRequest.objects.count() == 0
    deletion = ConsultationRequestDeletion.objects.get()
    assert deletion.reference == open_request.reference
    assert deletion.deleted_by_username == "root"
    assert deletion.reason == "Asked us to delete their details"
    assert deletion.how == "admin"
    view = ConsultationRequestView.objects.get()
    assert view.reference == open_request.reference, "the record of who opened it stays"


@pytest.mark.django_db
def test_nobody_adds_requests_in_admin(client, superuser):
    staff_sign_in(client, superuser)
    add_url = reverse("admin:consultations_consultationrequest_add")
    assert client.get(add_url).status_code == 403


@pytest.mark.django_db
def test_shared_summary_shows_as_html_with_anything_unsafe_removed(client, front_desk):
    consultation_request = a_request(
        shared_summary_html=(
            '<section class="summary-section"><h2>Your pain</h2>'
            "<ul><li>Pain for <strong>more than 3 months</strong></li></ul>"
            '<script>alert("x")</script><img src="x" onerror="alert(1)">'
            '<a href="javascript:alert(1)">link</a></section>'
        )
    )
    staff_sign_in(client, front_desk)
    html = client.get(change_url(consultation_request)).content.decode()
    summary = re.search(r'<div class="consult-shared-summary">(.*?)</div>', html, re.S).group(1)
    assert "<h2>Your pain</h2>" in summary
    assert "<strong>more than 3 months</strong>" in summary
    assert "<script" not in summary and "onerror" not in summary and "<img" not in summary
    assert "javascript:" not in summary


@pytest.mark.django_db
def test_request_without_a_shared_summary_says_so(client, front_desk):
    consultation_request = a_request()
    staff_sign_in(client, front_desk)
    html = client.get(change_url(consultation_request)).content.decode()
    assert "Not shared: the visitor did not tick the box" in html


@pytest.mark.django_db
def test_admin_history_names_a_request_by_reference_only(client, front_desk):
    from django.contrib.admin.models import LogEntry

    consultation_request = a_request(status="closed")
    staff_sign_in(client, front_desk)
    client.post(change_url(consultation_request), change_form_data(status="closed"))
    client.post(delete_url(consultation_request), {"post": "yes", "reason": "Done"})
    assert LogEntry.objects.count() == 2
    for entry in LogEntry.objects.all():
        assert "Jordan" not in entry.object_repr
        assert consultation_request.reference in entry.object_repr
