"""The front desk's worklist: find a caller, see what was tried, log an attempt and a call back."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from consultations.models import ConsultationRequest, ConsultationRequestNote
from tests.support.staff import staff_sign_in

from .support import CHANGELIST, a_request, change_form_data, change_url

ADMIN_HOME = reverse("admin:index")


def front_desk_panel(client) -> str:
    """The front desk's panel on the admin home page (not Django's recent actions)."""
    home = client.get(ADMIN_HOME).content.decode()
    if 'class="front-desk-panel"' not in home:
        return ""
    return home[home.index('class="front-desk-panel"') : home.index('id="recent-actions-module"')]


def note_form(**fields) -> dict:
    """A new entry in the attempts-and-notes inline."""
    return {
        "notes-TOTAL_FORMS": "1",
        "notes-INITIAL_FORMS": "0",
        "notes-0-outcome": fields.get("outcome", "no_answer"),
        "notes-0-text": fields.get("text", ""),
    }


def result_references(html: str) -> list[str]:
    """The references the list shows, in order (each row names its reference twice)."""
    results = html.split('id="result_list"')[1] if 'id="result_list"' in html else ""
    found = re.findall(r"\b[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}\b", results)
    return list(dict.fromkeys(found))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed",
    ["555-010-9999", "(555) 010 9999", "+1 555 010 9999", "1-555-010-9999", "5550109999"],
)
def test_search_by_a_phone_number_written_differently_finds_the_request(client, front_desk, typed):
    wanted = a_request(name="Jane Q. Patient", phone="(555) 010-9999")
    a_request(name="Someone Else", phone="(555) 010-1111")
    staff_sign_in(client, front_desk)

    html = client.get(CHANGELIST, {"q": typed}).content.decode()

    assert result_references(html) == [wanted.reference]
    assert "Jane Q. Patient" in html


@pytest.mark.django_db
def test_search_by_email_any_case_by_name_words_or_by_reference(client, front_desk):
    wanted = a_request(name="José María Núñez", email="Jose.Nunez@Example.org")
    other = a_request(name="Maria Lopez", email="maria@example.org")
    staff_sign_in(client, front_desk)

    def found(text: str) -> list[str]:
        return result_references(client.get(CHANGELIST, {"q": text}).content.decode())

    assert found("jose.nunez@example.ORG ") == [wanted.reference]
    assert found("nunez") == [wanted.reference], "accents and case do not matter"
    assert found("Jose Nunez") == [wanted.reference]
    assert sorted(found("maria")) == sorted([wanted.reference, other.reference])
    assert found(wanted.reference.lower()) == [wanted.reference]
    assert found("Nobody") == []


@pytest.mark.django_db
def test_search_finds_closed_requests_too(client, front_desk):
    closed = a_request(phone="555 010 4242", status="closed")
    staff_sign_in(client, front_desk)
    assert closed.reference not in client.get(CHANGELIST).content.decode()
    assert result_references(client.get(CHANGELIST, {"q": "5550104242"}).content.decode()) == [
        closed.reference
    ]


@pytest.mark.django_db
def test_the_list_opens_on_open_requests_with_name_contact_language_and_age(client, front_desk):
    fresh = a_request(name="Ana Fresh", language="es")
    trying = a_request(name="Tom Trying", status="trying")
    booked = a_request(name="Bea Booked", status="booked")
    closed = a_request(name="Cal Closed", status="closed")
    not_going = a_request(name="Ned Notgoing", status="not_going_ahead")
    staff_sign_in(client, front_desk)

    html = client.get(CHANGELIST).content.decode()

    assert set(result_references(html)) == {fresh.reference, trying.reference, booked.reference}
    assert "Ana Fresh" in html and "(555) 010-7788" in html and "jordan@example.org" in html
    assert "Español" in html
    assert "0\xa0minutes ago" in html or "0 minutes ago" in html
    everything = client.get(CHANGELIST, {"state": "all"}).content.decode()
    assert {closed.reference, not_going.reference} <= set(result_references(everything))


@pytest.mark.django_db
def test_front_desk_logs_an_attempt_and_a_call_back_then_sees_it_due_next_morning(
    client, front_desk
):
    caller = a_request(name="Jane Q. Patient", phone="(555) 010-9999")
    staff_sign_in(client, front_desk)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    found = client.get(CHANGELIST, {"q": "555 010 9999"}).content.decode()
    assert caller.reference in found
    response = client.post(
        change_url(caller),
        {
            **change_form_data(status="trying", owner=str(front_desk.pk)),
            "call_back_on": tomorrow.isoformat(),
            **note_form(outcome="left_message", text="Left a voicemail, will try after 10"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    caller.refresh_from_db()
    assert (caller.status, caller.owner, caller.call_back_on) == ("trying", front_desk, tomorrow)
    note = caller.notes.get()
    assert (note.outcome, note.written_by_username) == ("left_message", "frontdesk")
    page = client.get(change_url(caller)).content.decode()
    assert "Called: left a message" in page and "Left a voicemail, will try after 10" in page

    assert caller.reference not in front_desk_panel(client)
    morning = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(9)))
    with time_machine.travel(morning, tick=False):
        staff_sign_in(client, front_desk)  # a new day, a new sign-in
        panel = front_desk_panel(client)
    call_backs = panel[panel.index("Call backs due") : panel.index("New requests")]
    assert caller.reference in call_backs
    assert "Jane" not in panel, "the home page shows references, not details"


@pytest.mark.django_db
def test_attempts_and_notes_cannot_be_changed_or_removed(client, front_desk):
    caller = a_request()
    staff_sign_in(client, front_desk)
    client.post(change_url(caller), {**change_form_data(), **note_form(text="First try")})
    note = caller.notes.get()

    client.post(
        change_url(caller),
        {
            **change_form_data(),
            "notes-TOTAL_FORMS": "1",
            "notes-INITIAL_FORMS": "1",
            "notes-0-id": str(note.pk),
            "notes-0-consultation_request": str(caller.pk),
            "notes-0-outcome": "spoke",
            "notes-0-text": "Rewritten",
            "notes-0-DELETE": "on",
        },
    )

    note.refresh_from_db()
    assert (note.outcome, note.text) == ("no_answer", "First try")
    page = client.get(change_url(caller)).content.decode()
    assert "First try" in page
    assert "First try</textarea>" not in page, "shown as text, not in a box to edit"


@pytest.mark.django_db
def test_admin_home_shows_same_day_reviews_first_then_call_backs_and_new_requests(
    client, front_desk
):
    today = timezone.localdate()
    same_day = a_request(same_day_review=True)
    overdue = a_request(status="trying", call_back_on=today - datetime.timedelta(days=2))
    due_today = a_request(status="trying", call_back_on=today)
    later = a_request(status="trying", call_back_on=today + datetime.timedelta(days=3))
    closed_overdue = a_request(status="closed", call_back_on=today - datetime.timedelta(days=1))
    staff_sign_in(client, front_desk)

    home = front_desk_panel(client)

    order = [home.index(text) for text in ("Same-day clinical review", "Call backs due")]
    assert order == sorted(order)
    assert home.index("Call backs due") < home.index("New requests: 1")
    same_day_part = home[home.index("Same-day clinical review") : home.index("Call backs due")]
    assert same_day.reference in same_day_part
    call_backs = home[home.index("Call backs due") : home.index("New requests")]
    assert overdue.reference in call_backs and due_today.reference in call_backs
    assert call_backs.index("Overdue") < call_backs.index(overdue.reference)
    assert later.reference not in call_backs and closed_overdue.reference not in call_backs

    due = client.get(CHANGELIST, {"call_back": "due"}).content.decode()
    assert set(result_references(due)) == {overdue.reference, due_today.reference}
    flagged = client.get(CHANGELIST, {"same_day": "yes"}).content.decode()
    assert result_references(flagged) == [same_day.reference]
    assert "Same day" in flagged


@pytest.mark.django_db
def test_other_staff_see_no_front_desk_panel(client, editor_with_every_permission):
    a_request(same_day_review=True)
    staff_sign_in(client, editor_with_every_permission)
    assert "Same-day clinical review" not in client.get(ADMIN_HOME).content.decode()
    assert front_desk_panel(client) == ""


@pytest.mark.django_db
def test_an_invalid_post_on_a_request_is_recorded_as_a_view(client, front_desk):
    caller = a_request()
    staff_sign_in(client, front_desk)

    response = client.post(change_url(caller), change_form_data(status="bogus"))

    assert response.status_code == 200
    assert "Jordan Example" in response.content.decode()
    view = caller.views.get()
    assert (view.viewed_by_username, view.method, view.outcome) == ("frontdesk", "POST", "errors")
    assert view.reference == caller.reference


@pytest.mark.django_db
def test_every_opening_is_recorded_with_its_method_and_outcome(client, front_desk):
    caller = a_request()
    staff_sign_in(client, front_desk)
    client.get(change_url(caller))
    client.post(change_url(caller), change_form_data(status="booked"))
    assert list(caller.views.order_by("id").values_list("method", "outcome")) == [
        ("GET", "shown"),
        ("POST", "saved"),
    ]


@pytest.mark.django_db
def test_owner_can_only_be_front_desk_staff(client, front_desk, editor_with_every_permission):
    caller = a_request()
    staff_sign_in(client, front_desk)
    response = client.post(
        change_url(caller), change_form_data(owner=str(editor_with_every_permission.pk))
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert ConsultationRequest.objects.get().owner is None
    assert ConsultationRequestNote.objects.count() == 0


@pytest.mark.django_db
def test_a_recorded_same_day_review_leaves_the_home_page_and_stays_in_the_log(client, front_desk):
    flagged = a_request(same_day_review=True)
    staff_sign_in(client, front_desk)
    assert flagged.reference in front_desk_panel(client).split("Call backs due")[0]

    response = client.post(
        CHANGELIST,
        {"action": "same_day_review_done", "_selected_action": [str(flagged.pk)]},
    )

    assert response.status_code == 302
    assert flagged.reference not in front_desk_panel(client).split("Call backs due")[0]
    flagged.refresh_from_db()
    assert flagged.same_day_reviewed_by == "frontdesk" and flagged.same_day_reviewed_at
    assert flagged.notes.get().text == "Same-day clinical review recorded as done."
    page = client.get(change_url(flagged)).content.decode()
    assert "Review recorded as done by frontdesk" in page
    waiting = client.get(CHANGELIST, {"same_day": "waiting"}).content.decode()
    assert result_references(waiting) == []
