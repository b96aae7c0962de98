"""The time limit on the answers: stated on the pages, warned of before it ends (WCAG 2.2.1),
extended on request, and the answers deleted on request. The dialog itself is driven in Chromium
in tests/browser/test_timeout_warning.py."""

import datetime
import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from screener.journey import MARKER_COOKIE, SESSION_KEY
from screener.questions import STEPS

from .answers import CHRONIC_PAIN_VISITOR, CRISIS_VISITOR, NO_PAIN_VISITOR
from .support import (
    CHECK_ANSWERS_URL,
    FOR_ADULTS_URL,
    START_URL,
    SUMMARY_URL,
    SUPPORT_URL,
    answer,
    h1_count,
    main_html,
    session_answers,
    start,
    step_url,
    walk,
)

pytestmark = pytest.mark.django_db

KEEP_ALIVE_URL = "/screener/keep-alive/"
DELETE_URL = "/screener/delete/"
DELETED_URL = "/screener/deleted/"
EXPIRED_URL = "/screener/expired/"
TIME_LIMIT = "We delete your answers after 30 minutes without activity, to protect your privacy"
DIALOG = re.compile(r"<dialog\b[^>]*data-timeout-dialog[^>]*>", re.S)


def dialog_of(html: str) -> dict[str, str] | None:
    """The timeout dialog's attributes, or None when the page has none."""
    found = DIALOG.search(html)
    return dict(re.findall(r'([\w-]+)="([^"]*)"', found.group(0))) if found else None


def pages_with_answers(client) -> dict[str, str]:
    """Every kind of page a visitor with answers sees; label -> HTML."""
    pages = {}
    start(client)
    answer(client, "age", "yes")
    pages["start, resuming"] = client.get(START_URL).content.decode()
    pages["step"] = client.get(step_url("pain-duration")).content.decode()
    pages["step with an error"] = client.post(step_url("pain-duration"), {}).content.decode()
    walk(client, CRISIS_VISITOR, pages_fetched=False)
    pages["crisis support"] = client.get(SUPPORT_URL).content.decode()
    pages["check answers"] = client.get(CHECK_ANSWERS_URL).content.decode()
    pages["summary"] = client.get(SUMMARY_URL).content.decode()
    answer(client, "age", "no")
    pages["for adults"] = client.get(FOR_ADULTS_URL).content.decode()
    return pages


def test_the_start_page_and_every_step_state_the_time_limit_without_javascript(client):
    html = client.get(START_URL).content.decode()
    assert "We delete your answers after 30 minutes without activity, to protect your privacy" in (
        main_html(html)
    )
    start(client)
    for key, value in NO_PAIN_VISITOR.items():
        page = main_html(client.get(step_url(key)).content.decode())
        assert TIME_LIMIT in page, key
        answer(client, key, value)


def test_the_expired_page_explains_what_happened_and_how_to_start_again(client):
    walk(client, NO_PAIN_VISITOR, pages_fetched=False)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    html = client.get(step_url("ride-home")).content.decode()
    assert "Your answers have expired, start again" in html
    assert "we delete your answers after 30 minutes without activity" in html
    assert f'<form method="post" action="{START_URL}">' in html
    assert ">Start again</button>" in html


def test_every_page_with_answers_carries_the_warning_with_the_time_limit(client, settings):
    for label, html in pages_with_answers(client).items():
        dialog = dialog_of(html)
        assert dialog is not None, label
        assert dialog["data-idle-seconds"] == str(settings.SESSION_COOKIE_AGE) == "1800", label
        assert dialog["data-warning-seconds"] == "120", label
        assert dialog["data-keep-alive-url"] == KEEP_ALIVE_URL, label
        assert dialog["aria-labelledby"] == "timeout-dialog-title", label
        assert set(dialog["aria-describedby"].split()) == {
            "timeout-dialog-text",
            "timeout-dialog-live",
        }
        assert 'id="timeout-dialog-live" aria-live="polite"' in html, label
        assert ">Keep my answers</button>" in html, label
        assert f'<form method="post" action="{DELETE_URL}" data-timeout-delete>' in html, label
        assert ">Delete my answers now</button>" in html, label
        assert "we delete your answers after 30 minutes without activity." in html, label
        assert '<script src="/static/js/timeout-warning.js" defer></script>' in html, label
        assert "style=" not in html and "onclick" not in html, label


def test_pages_without_answers_have_no_warning(client):
    assert dialog_of(client.get(START_URL).content.decode()) is None
    assert dialog_of(client.get(SUPPORT_URL).content.decode()) is None
    walk(client, NO_PAIN_VISITOR, pages_fetched=False)
    client.post("/screener/start-again/")
    client.cookies[MARKER_COOKIE] = "1"
    assert dialog_of(client.get(step_url("age")).content.decode()) is None  # expired
    assert dialog_of(client.get(DELETED_URL).content.decode()) is None


def test_the_time_limit_is_one_setting_that_the_pages_and_the_warning_follow(client, settings):
    settings.SESSION_COOKIE_AGE = 20
    settings.SCREENER_TIMEOUT_WARNING_SECONDS = 10
    start(client)
    html = client.get(step_url("age")).content.decode()
    dialog = dialog_of(html)
    assert (dialog["data-idle-seconds"], dialog["data-warning-seconds"]) == ("20", "10")
    assert "We delete your answers after 20 seconds without activity" in html
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 20
    settings.SESSION_COOKIE_AGE = 60 * 60
    settings.SCREENER_TIMEOUT_WARNING_SECONDS = 2 * 60
    html = client.get(step_url("age")).content.decode()
    assert "after 60 minutes without activity" in html


def test_the_warning_comes_no_earlier_than_half_way(client, settings):
    settings.SESSION_COOKIE_AGE = 60
    settings.SCREENER_TIMEOUT_WARNING_SECONDS = 120
    start(client)
    assert dialog_of(client.get(step_url("age")).content.decode())["data-warning-seconds"] == "30"


def test_keep_my_answers_moves_the_expiry_on_and_says_when(client, settings):
    walk(client, CHRONIC_PAIN_VISITOR, pages_fetched=False)
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(seconds=90))
    response = client.post(KEEP_ALIVE_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    data = response.json()
    assert data["expires_in"] == settings.SESSION_COOKIE_AGE
    expiry = Session.objects.get().expire_date
    assert expiry > timezone.now() + datetime.timedelta(minutes=29)
    assert abs(datetime.datetime.fromisoformat(data["expires_at"]) - expiry).total_seconds() < 2
    assert session_answers(client) == CHRONIC_PAIN_VISITOR, "the answers are kept as they were"
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE


def test_keep_my_answers_after_they_expired_says_so_and_makes_no_session(client):
    response = client.post(KEEP_ALIVE_URL)
    assert response.status_code == 410
    assert response.json() == {"expired": True}
    assert not Session.objects.exists()
    walk(client, NO_PAIN_VISITOR, pages_fetched=False)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert client.post(KEEP_ALIVE_URL).status_code == 410


def test_keep_alive_and_delete_need_a_post_with_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    page = client.get(START_URL).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    client.post(START_URL, {"csrfmiddlewaretoken": token})
    client.post(step_url("age"), {"answer": "yes", "csrfmiddlewaretoken": token})
    assert client.post(KEEP_ALIVE_URL).status_code == 403
    assert client.post(DELETE_URL).status_code == 403
    assert session_answers(client) == {"age": "yes"}, "nothing deleted without the token"
    response = client.post(KEEP_ALIVE_URL, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    for url in (KEEP_ALIVE_URL, DELETE_URL):
        assert client.get(url).status_code == 405, url
    response = client.post(DELETE_URL, {"csrfmiddlewaretoken": token, "reason": "request"})
    assert response["Location"] == DELETED_URL


def test_delete_my_answers_now_deletes_them_on_the_server_and_says_so(client):
    walk(client, CHRONIC_PAIN_VISITOR, pages_fetched=False)
    session_key = client.cookies["sessionid"].value
    response = client.post(DELETE_URL, {"reason": "request"})
    assert response.status_code == 302
    assert response["Location"] == DELETED_URL
    assert "no-store" in response["Cache-Control"]
    assert not Session.objects.filter(session_key=session_key).exists(), "the row is gone"
    assert client.cookies[MARKER_COOKIE].value == ""
    assert session_answers(client) is None
    html = client.get(DELETED_URL).content.decode()
    assert h1_count(html) == 1
    assert "<h1>Your answers have been deleted</h1>" in html
    assert f'<form method="post" action="{START_URL}">' in html
    for url in (step_url("ride-home"), CHECK_ANSWERS_URL, SUMMARY_URL):
        assert client.get(url)["Location"] == START_URL, url


def test_the_end_of_the_countdown_deletes_the_answers_and_shows_the_expired_page(client):
    walk(client, NO_PAIN_VISITOR, pages_fetched=False)
    response = client.post(DELETE_URL, {"reason": "timeout"})
    assert response["Location"] == EXPIRED_URL
    assert session_answers(client) is None
    html = client.get(EXPIRED_URL).content.decode()
    assert "Your answers have expired, start again" in html
    assert h1_count(html) == 1


def test_deleting_leaves_a_signed_in_member_of_staff_signed_in(client, django_user_model):
    staff = django_user_model.objects.create_user("staff", is_staff=True)
    client.force_login(staff)
    walk(client, NO_PAIN_VISITOR, pages_fetched=False)
    client.post(DELETE_URL, {"reason": "request"})
    assert SESSION_KEY not in client.session
    assert client.session.get("_auth_user_id") == str(staff.pk)


def test_the_question_count_on_the_start_page_includes_the_medicines_question(client):
    html = client.get(START_URL).content.decode()
    assert f"Up to {len(STEPS)} questions" in html
    assert "opioid painkillers and some other medicines, alcohol and drugs" in html
