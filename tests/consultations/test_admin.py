import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from consultations.models import FRONT_DESK_GROUP, ConsultationRequest, ConsultationRequestView
from tests.support.staff import staff_sign_in

CHANGELIST = reverse("admin:consultations_consultationrequest_changelist")


def change_url(consultation_request: ConsultationRequest) -> str:
    return reverse("admin:consultations_consultationrequest_change", args=[consultation_request.pk])


def delete_url(consultation_request: ConsultationRequest) -> str:
    return reverse("admin:consultations_consultationrequest_delete", args=[consultation_request.pk])


def change_form_data(**fields) -> dict:
    """The change form's fields plus the (read-only) views inline's management form."""
    return {"views-TOTAL_FORMS": "0", "views-INITIAL_FORMS": "0", **fields}


def a_request(**fields) -> ConsultationRequest:
    defaults = {
        "name": "Jordan Example",
        "phone": "(555) 010-7788",
        "email": "jordan@example.org",
        "message": "Please call after lunch.",
        "contact_consent_at": timezone.now(),
        "submission_key": f"key-{ConsultationRequest.objects.count()}",
    }
    defaults.update(fields)
    return ConsultationRequest.objects.create(**defaults)


@pytest.fixture
def front_desk(django_user_model):
    user = django_user_model.objects.create_user("frontdesk", is_staff=True)
    user.groups.add(Group.objects.get(name=FRONT_DESK_GROUP))
    return user


@pytest.fixture
def editor_with_every_permission(django_user_model):
    """Staff outside Front desk, even holding the request permissions directly."""
    user = django_user_model.objects.create_user("editor", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="consultations"))
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="clinic_site"))
    return user


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@clinic.example", "x")


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
    a_request(status="contacted", shared_summary_html="<p>summary</p>")
    staff_sign_in(client, front_desk)

    assert "Consultation requests" in client.get(reverse("admin:index")).content.decode()
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert first.reference in html
    assert "Contacted" in html and "New" in html
    assert "By status" in html
    assert "By screener summary" in html
    assert "Jordan Example" not in html, "the list shows no personal details"

    filtered = client.get(CHANGELIST, {"status__exact": "contacted"}).content.decode()
    assert first.reference not in filtered


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
    assert ConsultationRequestView.objects.count() == 0


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
    response = client.post(change_url(consultation_request), change_form_data(status="contacted"))
    assert response.status_code == 302
    consultation_request.refresh_from_db()
    assert consultation_request.status == "contacted"
    assert consultation_request.name == "Jordan Example", "visitor's details are read-only"


@pytest.mark.django_db
def test_front_desk_can_delete_only_closed_requests(client, front_desk):
    open_request = a_request()
    closed_request = a_request(status="closed")
    staff_sign_in(client, front_desk)

    assert client.get(delete_url(open_request)).status_code == 403
    assert client.post(delete_url(open_request), {"post": "yes"}).status_code == 403
    assert ConsultationRequest.objects.filter(pk=open_request.pk).exists()

    assert client.post(delete_url(closed_request), {"post": "yes"}).status_code == 302
    assert not ConsultationRequest.objects.filter(pk=closed_request.pk).exists()

    changelist = client.get(CHANGELIST).content.decode()
    assert "delete_selected" not in changelist, "no bulk delete that could sweep up open ones"


@pytest.mark.django_db
def test_superuser_can_delete_any_request(client, superuser):
    open_request = a_request()
    staff_sign_in(client, superuser)
    assert client.post(delete_url(open_request), {"post": "yes"}).status_code == 302
    assert ConsultationRequest.objects.count() == 0


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
    client.post(delete_url(consultation_request), {"post": "yes"})
    assert LogEntry.objects.count() == 2
    for entry in LogEntry.objects.all():
        assert "Jordan" not in entry.object_repr
        assert consultation_request.reference in entry.object_repr
