"""Bad input never causes a 500 and never loses the visitor's other answers."""

import datetime
import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from .answers import CHRONIC_PAIN_VISITOR, NO_PAIN_VISITOR, NO_PRECAUTIONS
from .support import (
    CHECK_ANSWERS_URL,
    START_URL,
    answer,
    h1_count,
    session_answers,
    start,
    step_url,
    walk,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def answered_up_to(client, step_key: str, answers: dict = CHRONIC_PAIN_VISITOR) -> dict:
    """Answer every question before step_key; return the answers given."""
    start(client)
    given = {}
    for key, value in answers.items():
        if key == step_key:
            break
        assert answer(client, key, value).status_code == 302
        given[key] = value
    return given


def assert_error_page(response, *, message: str, anchor: str = "id_answer_0") -> str:
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "There is a problem" in html
    assert f'<a href="#{anchor}">{message}</a>' in html, "error summary links to the field"
    assert f'<span class="visually-hidden">Error:</span> {message}' in html, "inline error"
    assert f'id="{anchor}"' in html, "the link target exists"
    assert h1_count(html) == 1
    return html


@pytest.mark.parametrize(
    ("step_key", "data", "message"),
    [
        ("age", {}, "Select yes if you are 18 or older"),
        ("age", {"answer": ""}, "Select yes if you are 18 or older"),
        ("age", {"answer": "maybe"}, "Select yes if you are 18 or older"),
        ("age", {"answer": "YES"}, "Select yes if you are 18 or older"),
        (
            "pain-duration",
            {"answer": "<script>alert(1)</script>"},
            "Select how long you have had pain",
        ),
        ("pain-score", {"answer": "11"}, "Select a number from 0 to 10"),
        ("pain-score", {"answer": "-1"}, "Select a number from 0 to 10"),
        ("pain-score", {"answer": "7.5"}, "Select a number from 0 to 10"),
        ("pain-score", {"answer": "1e1"}, "Select a number from 0 to 10"),
        ("pain-score", {}, "Select a number from 0 to 10"),
        (
            "treatments",
            {"answer": ["none", "opioids"]},
            "Select the treatments you have tried, or select none of these on its own",
        ),
        (
            "treatments",
            {"answer": ["aspirin"]},
            "Select the treatments you have tried, or select none of these",
        ),
        ("treatments", {}, "Select the treatments you have tried, or select none of these"),
        (
            "pain-type",
            {"answer": ["not_sure", "fibromyalgia"]},
            "Select the kinds of pain you have, or select not sure on its own",
        ),
        (
            "self-harm",
            {"answer": "sometimes"},
            "Select how often you have had these thoughts",
        ),
        (
            "medicines",
            {"answer": ["not_sure", "sedatives"]},
            "Select the medicines you are taking, or select none of these or not sure on its own",
        ),
        (
            "medicines",
            {"answer": ["none", "not_sure"]},
            "Select the medicines you are taking, or select none of these or not sure on its own",
        ),
        ("medicines", {}, "Select the medicines you are taking, or select none of these"),
        (
            "medicines",
            {"answer": ["opioids"]},
            "Select the medicines you are taking, or select none of these",
        ),
    ],
)
def test_bad_answers_show_the_question_again_with_an_error_and_keep_other_answers(
    client, step_key, data, message
):
    given = answered_up_to(client, step_key)
    response = client.post(step_url(step_key), data)
    html = assert_error_page(response, message=message)
    assert "<script>alert(1)</script>" not in html
    assert session_answers(client) == given


def test_the_combined_none_of_these_error_keeps_the_choices_ticked(client):
    answered_up_to(client, "treatments")
    response = client.post(step_url("treatments"), {"answer": ["none", "opioids"]})
    html = response.content.decode()
    assert re.findall(r'value="(\w+)" checked', html) == ["opioids", "none"]


def test_a_value_sent_twice_counts_once(client):
    answered_up_to(client, "treatments")
    response = client.post(step_url("treatments"), {"answer": ["nsaids", "nsaids", "opioids"]})
    assert response.status_code == 302
    assert session_answers(client)["treatments"] == ["nsaids", "opioids"]


def test_checklist_missing_items_are_each_named_and_linked(client):
    given = answered_up_to(client, "precautions")
    partial = {**NO_PRECAUTIONS, "heart": "yes"}
    del partial["liver"]
    del partial["pregnancy"]
    partial["ketamine_reaction"] = "perhaps"
    response = client.post(step_url("precautions"), partial)
    html = assert_error_page(
        response, message="Select yes, no or not sure for severe liver disease", anchor="id_liver_0"
    )
    assert '<a href="#id_pregnancy_0">' in html
    assert '<a href="#id_ketamine_reaction_0">' in html
    assert html.count('<li><a href="#id_') == 3
    # What was answered stays selected.
    assert re.search(r'name="heart" id="id_heart_0" value="yes" checked', html)
    assert session_answers(client) == given


def test_checklist_with_every_item_answered_is_accepted(client):
    answered_up_to(client, "precautions")
    response = client.post(step_url("precautions"), {**NO_PRECAUTIONS, "liver": "not_sure"})
    assert response["Location"] == step_url("supervised-sessions")
    assert session_answers(client)["precautions"]["liver"] == "not_sure"


def test_out_of_order_post_is_redirected_and_not_stored(client):
    start(client)
    answer(client, "age", "yes")
    response = answer(client, "ride-home", "yes")
    assert response.status_code == 302
    assert response["Location"] == step_url("pain-duration")
    assert session_answers(client) == {"age": "yes"}


def test_post_to_a_step_that_no_longer_applies_is_not_stored(client):
    walk(client, NO_PAIN_VISITOR)
    response = answer(client, "pain-score", "9")
    assert response["Location"] == CHECK_ANSWERS_URL
    assert "pain-score" not in session_answers(client)


def test_replayed_post_updates_the_same_answer_and_moves_on(client):
    answered_up_to(client, "pain-type")
    first = answer(client, "pain-duration", "3_months_or_more")
    again = answer(client, "pain-duration", "3_months_or_more")
    assert first["Location"] == again["Location"] == step_url("pain-type")
    assert session_answers(client)["pain-duration"] == "3_months_or_more"


def test_replayed_post_after_start_again_goes_to_the_start(client):
    walk(client, NO_PAIN_VISITOR)
    client.post("/screener/start-again/")
    response = answer(client, "ride-home", "yes")
    assert response["Location"] == START_URL
    assert session_answers(client) is None


def test_missing_csrf_token_gets_the_friendly_page_and_keeps_the_answers():
    client = Client(enforce_csrf_checks=True)
    page = client.get(START_URL).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert client.post(START_URL, {"csrfmiddlewaretoken": token}).status_code == 302
    page = client.get(step_url("age")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    client.post(step_url("age"), {"answer": "yes", "csrfmiddlewaretoken": token})
    response = client.post(step_url("pain-duration"), {"answer": "no"})
    assert response.status_code == 403
    assert "Sorry, we could not save that" in response.content.decode()
    assert session_answers(client) == {"age": "yes"}


def test_expired_session_post_gets_the_friendly_expired_page(client):
    answered_up_to(client, "phq-mood")
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(minutes=1))
    response = answer(client, "phq-mood", "several_days")
    assert response.status_code == 200
    assert "Your answers have expired, start again" in response.content.decode()


def test_a_session_with_a_damaged_journey_is_treated_as_none(client):
    start(client)
    session = client.session
    session["screener"] = "not a journey"
    session.save()
    assert client.get(step_url("age")).status_code == 200, "the marker says: expired"


def test_a_stored_answer_no_longer_offered_is_asked_again(client):
    walk(client, NO_PAIN_VISITOR)
    session = client.session
    session["screener"]["answers"]["ride-home"] = "by helicopter"
    session.save()
    assert client.get(CHECK_ANSWERS_URL)["Location"] == step_url("ride-home")


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_are_refused_politely(client, method):
    start(client)
    response = getattr(client, method)(step_url("age"))
    assert response.status_code == 405


def test_hostile_bodies_never_cause_a_server_error(client):
    answered_up_to(client, "pain-score")
    for body in (
        b"answer=\xff\xfe",
        b"answer=" + b"9" * 10000,
        b"answer[]=1&answer[]=2",
        b"%%%",
    ):
        response = client.post(
            step_url("pain-score"), body, content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code in (200, 400), body
    response = client.post(step_url("pain-score"), b"{}", content_type="application/json")
    assert response.status_code == 200
    assert "Select a number from 0 to 10" in response.content.decode()
