"""The front desk's worklist in a real browser, by keyboard alone, at 1280 and 390 px, with axe:
sign in with the second factor, see what is due, find a caller by phone, log an attempt."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from consultations.models import FRONT_DESK_GROUP, ConsultationRequest
from tests.support.staff import device_code, staff_device

from .support.axe import axe_check
from .support.keyboard import active_element, key_press, key_press_and_wait, keys_type, tab_to
from .support.layout import admin_list_hidden_width, layout_problems, window_width_set
from .support.navigation import page_open
from .support.screenshots import screenshot_save

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple 42"
CHANGELIST = "/admin/consultations/consultationrequest/"
WIDTHS = (1280, 390)


def front_desk_member(django_user_model):
    """A Front desk account with its authenticator set up (live-server tests empty the tables,
    the group its migration made included, so it is made again here)."""
    group, _ = Group.objects.get_or_create(name=FRONT_DESK_GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="consultations"))
    user = django_user_model.objects.create_user("desk", password=PASSWORD, is_staff=True)
    user.groups.add(group)
    return user


def request_received(*, days_ago: int = 0, **fields) -> ConsultationRequest:
    received = timezone.now() - datetime.timedelta(days=days_ago)
    return ConsultationRequest.objects.create(
        created_at=received,
        contact_consent_at=received,
        submission_key=f"key-{ConsultationRequest.objects.count()}",
        **{"email": "", "best_time": "morning", **fields},
    )


def sign_in_by_keyboard(browser, user) -> None:
    """Both sign-in steps, typed: the password, then the code the authenticator app shows."""
    device = staff_device(user)
    page_open(browser, "/admin/login/?next=/admin/")
    browser.find_element(By.ID, "id_username").click()
    keys_type(browser, user.username)
    key_press(browser, Keys.TAB)
    keys_type(browser, PASSWORD)
    key_press_and_wait(browser, active_element(browser), Keys.ENTER)
    code = browser.find_element(By.NAME, "code")
    code.send_keys(device_code(device))
    key_press_and_wait(browser, code, Keys.ENTER)


def checks_at_widths(browser, label: str, failures: list[str]) -> None:
    """axe and the layout at each width, with a screenshot to look at."""
    for width in WIDTHS:
        window_width_set(browser, width)
        failures.append(axe_check(browser, label=f"{label} at {width}px"))
        failures += [f"{label} at {width}px: {problem}" for problem in layout_problems(browser)]
        screenshot_save(browser, f"front-desk-{label.replace(' ', '-')}")
    window_width_set(browser, 1280)


def test_front_desk_finds_a_caller_by_phone_and_logs_an_attempt_by_keyboard(
    browser, django_user_model
):
    desk = front_desk_member(django_user_model)
    today = timezone.localdate()
    caller = request_received(
        days_ago=2, name="Jane Q. Patient", phone="(555) 010-9999", status="trying"
    )
    same_day = request_received(
        name="María José Fernández-Castillo",
        phone="+1 (555) 010-2233 ext 12",
        email="maria.jose.fernandez.castillo@a-rather-long-example-domain.org",
        language="es",
        same_day_review=True,
    )
    overdue = request_received(
        days_ago=5, name="Sam Overdue", phone="555-010-4455", status="trying",
        call_back_on=today - datetime.timedelta(days=1),
    )  # fmt: skip
    closed = request_received(days_ago=9, name="Cal Closed", phone="555-010-6677", status="closed")
    failures: list[str] = []

    sign_in_by_keyboard(browser, desk)
    panel = browser.find_element(By.CSS_SELECTOR, ".front-desk-panel").text
    assert "Same-day clinical review" in panel and same_day.reference in panel
    assert overdue.reference in panel.split("Call backs due")[1]
    assert "Jane" not in panel
    checks_at_widths(browser, "admin home", failures)

    # The list opens on open requests, with name, how to contact, language and age.
    page_open(browser, CHANGELIST)
    rows = browser.find_element(By.ID, "result_list").text
    assert "Jane Q. Patient" in rows and "(555) 010-9999" in rows and "Español" in rows
    assert "2 days ago" in rows
    assert closed.reference not in rows
    assert rows.index(same_day.reference) < rows.index(caller.reference), "same day first"
    checks_at_widths(browser, "worklist", failures)
    hidden = admin_list_hidden_width(browser)
    assert hidden <= 1, f"at 1280 px the list scrolls sideways by {hidden}px: columns are hidden"

    # Find the caller by the number as they say it, open the request, all by keyboard.
    search = browser.find_element(By.ID, "searchbar")
    tab_to(browser, search, what="the search box")
    keys_type(browser, "555 010 9999")
    key_press_and_wait(browser, search, Keys.ENTER)
    rows = browser.find_element(By.ID, "result_list").text
    assert caller.reference in rows and same_day.reference not in rows
    link = browser.find_element(By.LINK_TEXT, caller.reference)
    tab_to(browser, link, what="the request's reference")
    key_press_and_wait(browser, link, Keys.ENTER)
    assert "Jane Q. Patient" in browser.page_source
    checks_at_widths(browser, "request", failures)

    # Log the attempt and tomorrow's call back; save.
    tomorrow = today + datetime.timedelta(days=1)
    call_back = browser.find_element(By.ID, "id_call_back_on")
    tab_to(browser, call_back, what="the call-back date", limit=80)
    keys_type(browser, tomorrow.isoformat())
    outcome = browser.find_element(By.ID, "id_notes-0-outcome")
    tab_to(browser, outcome, what="the attempt's outcome")
    keys_type(browser, "Called: left")
    note = browser.find_element(By.ID, "id_notes-0-text")
    tab_to(browser, note, what="the note")
    keys_type(browser, "Left a voicemail, will try again in the morning")
    save = browser.find_element(By.CSS_SELECTOR, "input[name=_save]")
    tab_to(browser, save, what="Save", limit=80)
    key_press_and_wait(browser, save, Keys.ENTER)
    assert "was changed successfully" in browser.page_source

    caller.refresh_from_db()
    assert caller.call_back_on == tomorrow
    assert [(n.outcome, n.written_by_username) for n in caller.notes.all()] == [
        ("left_message", "desk")
    ]
    assert caller.views.filter(viewed_by_username="desk").count() == 2, "opened, then saved"

    problems = [failure for failure in failures if failure]
    assert not problems, "\n\n".join(problems)


def test_a_superuser_deletes_a_request_giving_a_reason_by_keyboard(browser, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@clinic.example", PASSWORD)
    gone = request_received(name="Dee Leted", phone="555-010-8888")
    failures: list[str] = []
    sign_in_by_keyboard(browser, root)
    page_open(browser, f"{CHANGELIST}{gone.pk}/change/")  # opened: a view record to keep

    page_open(browser, f"{CHANGELIST}{gone.pk}/delete/")
    submit = browser.find_element(By.CSS_SELECTOR, "input[type=submit]")
    tab_to(browser, submit, what="the delete button", limit=80)
    key_press_and_wait(browser, submit, Keys.ENTER)
    assert "Say why this request is being deleted." in browser.page_source
    checks_at_widths(browser, "delete with an error", failures)

    reason = browser.find_element(By.ID, "id_reason")
    tab_to(browser, reason, what="the reason", limit=80)
    keys_type(browser, "Asked us to delete their details")
    submit = browser.find_element(By.CSS_SELECTOR, "input[type=submit]")
    tab_to(browser, submit, what="the delete button")
    key_press_and_wait(browser, submit, Keys.ENTER)

    assert not ConsultationRequest.objects.exists()
    page_open(browser, "/admin/consultations/consultationrequestdeletion/")
    log = browser.find_element(By.ID, "result_list").text
    assert gone.reference in log and "Asked us to delete their details" in log and "root" in log
    page_open(browser, "/admin/consultations/consultationrequestview/")
    assert gone.reference in browser.find_element(By.ID, "result_list").text
    problems = [failure for failure in failures if failure]
    assert not problems, "\n\n".join(problems)
