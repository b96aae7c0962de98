"""Sharing the screener summary, with a summary made by walking the real screener pages."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from consultations.models import FRONT_DESK_GROUP, ConsultationRequest
from tests.screener.answers import CHRONIC_PAIN_VISITOR, NO_PRECAUTIONS
from tests.screener.support import walk
from tests.support.staff import staff_sign_in

from .conftest import contact_form, request_data

CONTACT_URL = reverse("consultations:request")

# An adult with long-standing nerve pain who is not sure about pregnancy.
ANSWERS = {**CHRONIC_PAIN_VISITOR, "precautions": {**NO_PRECAUTIONS, "pregnancy": "not_sure"}}


def screener_complete(client) -> str:
    """Answer every question through the screener's pages; return the summary page's HTML."""
    _, check_answers = walk(client, ANSWERS, pages_fetched=False)
    assert check_answers == reverse("screener:check-answers")
    assert client.get(check_answers).status_code == 200
    summary = client.get(reverse("screener:summary"))
    assert summary.status_code == 200
    return summary.content.decode()


@pytest.mark.django_db
def test_checkbox_is_offered_unticked_once_the_screener_is_complete(client):
    screener_complete(client)
    html, _ = contact_form(client)
    checkbox = re.search(r'<input[^>]*name="share_summary"[^>]*>', html).group(0)
    assert 'type="checkbox"' in checkbox
    assert "checked" not in checkbox
    assert "Share my screener summary with the clinic" in html


@pytest.mark.django_db
def test_summary_is_stored_as_the_visitor_saw_it_only_when_ticked(client):
    summary_page = screener_complete(client)
    assert "Average pain over the last week: 7 out of 10" in summary_page

    _, token = contact_form(client)
    client.post(CONTACT_URL, request_data(token, share_summary="on"))
    shared = ConsultationRequest.objects.get()
    assert "Average pain over the last week: 7 out of 10" in shared.shared_summary_html
    assert "Things your clinician needs to check first" in shared.shared_summary_html
    assert "Prepared on" in shared.shared_summary_html
    assert (
        "You chose to share your screener summary"
        in client.get(reverse("consultations:sent")).content.decode()
    )

    _, token = contact_form(client)
    client.post(CONTACT_URL, request_data(token))
    not_shared = ConsultationRequest.objects.exclude(pk=shared.pk).get()
    assert not not_shared.shared_summary_html
    assert "You chose to share" not in client.get(reverse("consultations:sent")).content.decode()


@pytest.mark.django_db
def test_front_desk_sees_the_shared_summary_in_admin(client, django_user_model):
    screener_complete(client)
    _, token = contact_form(client)
    client.post(CONTACT_URL, request_data(token, share_summary="on"))
    shared = ConsultationRequest.objects.get()

    desk = django_user_model.objects.create_user("frontdesk", is_staff=True)
    desk.groups.add(Group.objects.get(name=FRONT_DESK_GROUP))
    staff_sign_in(client, desk)
    html = client.get(
        reverse("admin:consultations_consultationrequest_change", args=[shared.pk])
    ).content.decode()
    summary = html[html.index('<div class="consult-shared-summary">') :]
    assert "Average pain over the last week: 7 out of 10" in summary
    assert "<h2" in summary and "<li>" in summary, "rendered as HTML, not escaped"
    assert "&lt;h2" not in summary


@pytest.mark.django_db
def test_ticked_box_after_the_answers_expired_is_explained_not_ignored(client):
    screener_complete(client)
    _, token = contact_form(client)
    client.post(reverse("screener:start-again"))  # as if the answers had expired

    response = client.post(CONTACT_URL, request_data(token, share_summary="on"))
    html = response.content.decode()
    assert "we cannot share your summary" in html
    assert 'name="share_summary"' not in html
    assert 'value="Jordan Example"' in html
    assert ConsultationRequest.objects.count() == 0
