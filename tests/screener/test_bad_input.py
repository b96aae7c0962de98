"""Bad input to the screener never causes a 500 and never loses the visitor's other answers.

First the exact messages and error summaries for particular bad answers; then every step meets
the same hostile input (wrong, unreadable, oversized or odd bodies, other methods, missing form
tokens, replayed and out-of-order answers, forged and expired sessions).
"""

import re
from urllib.parse import urlencode

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from screener.journey import SESSION_KEY
from screener.questions import STEPS, STEPS_BY_KEY, Kind, Step
from tests.support.hostile import (
    CSRF_REFUSED,
    LONG,
    TOO_BIG,
    TOO_MANY_FIELDS,
    UNREADABLE,
    WRONG_METHODS,
    assert_form_again,
    journey_at,
    post,
    strict_client_make,
    token,
)

from .answers import CHRONIC_PAIN_VISITOR, NO_PAIN_VISITOR, NO_PRECAUTIONS_BODY
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
EXPIRED = "Your answers have expired, start again"


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
    given = answered_up_to(client, "precautions-body")
    partial = {**NO_PRECAUTIONS_BODY, "bladder": "yes"}
    del partial["liver"]
    del partial["pregnancy"]
    partial["ketamine_reaction"] = "perhaps"
    response = client.post(step_url("precautions-body"), partial)
    html = assert_error_page(
        response, message="Select yes, no or not sure for severe liver disease", anchor="id_liver_0"
    )
    assert '<a href="#id_pregnancy_0">' in html
    assert '<a href="#id_ketamine_reaction_0">' in html
    assert html.count('<li><a href="#id_') == 3
    # What was answered stays selected.
    assert re.search(r'name="bladder" id="id_bladder_0" value="yes" checked', html)
    assert session_answers(client) == given


def test_checklist_with_every_item_answered_is_accepted(client):
    answered_up_to(client, "precautions-body")
    response = client.post(
        step_url("precautions-body"), {**NO_PRECAUTIONS_BODY, "liver": "not_sure"}
    )
    assert response["Location"] == step_url("supervised-sessions")
    assert session_answers(client)["precautions-body"]["liver"] == "not_sure"


def test_post_to_a_step_that_no_longer_applies_is_not_stored(client):
    walk(client, NO_PAIN_VISITOR, pages_fetched=False)
    response = answer(client, "pain-score", "9")
    assert response["Location"] == CHECK_ANSWERS_URL
    assert "pain-score" not in session_answers(client)


def test_replayed_post_after_start_again_goes_to_the_start(client):
    walk(client, NO_PAIN_VISITOR, pages_fetched=False)
    client.post("/screener/start-again/")
    response = answer(client, "ride-home", "yes")
    assert response["Location"] == START_URL
    assert session_answers(client) is None


def test_a_session_with_a_damaged_journey_is_treated_as_none(client):
    start(client)
    session = client.session
    session["screener"] = "not a journey"
    session.save()
    response = client.get(step_url("age"))
    assert response.status_code == 200
    assert EXPIRED in response.content.decode(), "the marker cookie says a journey began"
    # The visitor can begin again, and the damaged value is replaced by a real journey.
    start(client)
    assert answer(client, "age", "yes").status_code == 302
    assert session_answers(client) == {"age": "yes"}


def test_a_stored_answer_no_longer_offered_is_asked_again(client):
    walk(client, NO_PAIN_VISITOR, pages_fetched=False)
    session = client.session
    session["screener"]["answers"]["ride-home"] = "by helicopter"
    session.save()
    assert client.get(CHECK_ANSWERS_URL)["Location"] == step_url("ride-home")


# --- Every step meets the same hostile input -----------------------------------------------------
# The client below enforces CSRF like a browser's server would, and sends the form token in the
# X-CSRFToken header so that the body can be anything.

STEP_KEYS = [step.key for step in STEPS]


@pytest.fixture
def strict_client() -> Client:
    """A browser's view of the server: CSRF enforced, server errors answered, not raised."""
    return strict_client_make()


def valid_pairs(step_key: str) -> list[tuple[str, str]]:
    value = CHRONIC_PAIN_VISITOR[step_key]
    if isinstance(value, dict):
        return list(value.items())
    return [("answer", v) for v in value] if isinstance(value, list) else [("answer", value)]


def bad_answers(step: Step) -> list[tuple[str, list[tuple[str, str]], str]]:
    """(what, form pairs, the message the page must show) for wrong answers to this step."""
    if step.kind is Kind.CHECKLIST:
        items = step.items
        good = [(item.key, "no") for item in items]
        first, last = items[0], items[-1]
        return [
            ("a tampered item", [(first.key, "perhaps"), *good[1:]], first.error),
            ("an item missing", good[:-1], last.error),
            ("an item sent twice, the second tampered", [*good, (first.key, "x")], first.error),
            ("a very long value", [(first.key, LONG), *good[1:]], first.error),
            ("the wrong field names", [("answer", "no")], first.error),
            ("nothing", [], first.error),
        ]
    value = next(c.value for c in step.choices if not c.exclusive)
    cases = [
        ("a tampered value", [("answer", "tampered")], step.error_required),
        ("a value changed in case", [("answer", value.upper() + "X")], step.error_required),
        ("a value with spaces", [("answer", f" {value} ")], step.error_required),
        ("a value with a NUL byte", [("answer", value + "\x00")], step.error_required),
        ("an empty value", [("answer", "")], step.error_required),
        ("no answer field", [("unexpected", value)], step.error_required),
        ("nothing", [], step.error_required),
        ("a very long value", [("answer", LONG)], step.error_required),
    ]
    if step.kind is Kind.RADIOS:
        cases.append(
            ("the answer twice, the second tampered", [("answer", value), ("answer", "x")],
             step.error_required),
        )  # fmt: skip
    else:
        cases.append(
            ("a good value with a tampered one", [("answer", value), ("answer", "x")],
             step.error_required),
        )  # fmt: skip
        exclusive = [c.value for c in step.choices if c.exclusive]
        if exclusive:
            cases.append(
                ("a choice that stands alone, with another", [("answer", value),
                 ("answer", exclusive[0])], step.error_exclusive),
            )  # fmt: skip
    return cases


@pytest.mark.parametrize("step_key", STEP_KEYS)
def test_wrong_answers_to_each_step_show_the_question_again_and_change_nothing(
    strict_client, step_key
):
    given = journey_at(strict_client, step_key)
    for what, pairs, message in bad_answers(STEPS_BY_KEY[step_key]):
        response = post(strict_client, step_url(step_key), pairs)
        assert_form_again(response, message=message, what=what)
        assert session_answers(strict_client) == given, what


@pytest.mark.parametrize("step_key", STEP_KEYS)
def test_unreadable_oversized_and_odd_bodies_to_each_step_change_nothing(strict_client, step_key):
    given = journey_at(strict_client, step_key)
    url = step_url(step_key)
    refused = {
        "raw bytes that are not UTF-8": post(strict_client, url, b"answer=\xff\xfe"),
        "percent-encoded bytes that are not UTF-8": post(strict_client, url, b"answer=%ff%fe%fd"),
        "a multipart part that is not UTF-8": post(
            strict_client,
            url,
            b'--zz\r\nContent-Disposition: form-data; name="answer"\r\n\r\n\xff\xfe\r\n--zz--\r\n',
            content_type="multipart/form-data; boundary=zz",
        ),
        "a body over the size limit": post(strict_client, url, b"answer=" + b"9" * TOO_BIG),
        "too many fields": post(
            strict_client, url, "&".join(f"f{n}=1" for n in range(TOO_MANY_FIELDS)).encode()
        ),
    }
    for what, response in refused.items():
        assert response.status_code == 400, (what, response.status_code)
        assert UNREADABLE in response.content.decode(), what
        assert session_answers(strict_client) == given, what

    # A body that holds no form fields: the question is asked again.
    message = STEPS_BY_KEY[step_key].error_required
    if STEPS_BY_KEY[step_key].kind is Kind.CHECKLIST:
        message = STEPS_BY_KEY[step_key].items[0].error
    for what, body, content_type in [
        ("JSON", b'{"answer": "yes"}', "application/json"),
        ("plain text", b"answer=yes", "text/plain"),
        ("no content type", b"answer=yes", ""),
        ("a broken multipart body", b"--zz\r\n\xff", "multipart/form-data; boundary=zz"),
    ]:
        response = post(strict_client, url, body, content_type=content_type)
        assert_form_again(response, message=message, what=what)
        assert session_answers(strict_client) == given, what


@pytest.mark.parametrize("step_key", STEP_KEYS)
def test_each_step_refuses_other_methods_and_posts_without_the_form_token(strict_client, step_key):
    given = journey_at(strict_client, step_key)
    url = step_url(step_key)
    for method in WRONG_METHODS:
        response = strict_client.generic(
            method, url, urlencode(valid_pairs(step_key)), **token(strict_client)
        )
        assert response.status_code == 405, method
        assert "POST" in response["Allow"]

    answer = urlencode(valid_pairs(step_key)).encode()
    stranger = Client(enforce_csrf_checks=True)
    for what, headers in [
        ("no form token", {"HTTP_X_CSRFTOKEN": ""}),
        ("a made-up form token", {"HTTP_X_CSRFTOKEN": "x" * 32}),
        ("another visitor's form token", token(stranger)),
    ]:
        response = post(strict_client, url, answer, **headers)
        assert response.status_code == 403, what
        assert CSRF_REFUSED in response.content.decode(), what
    assert session_answers(strict_client) == given


@pytest.mark.parametrize("step_key", STEP_KEYS)
def test_replayed_and_out_of_order_answers_to_each_step_keep_the_journey_valid(
    strict_client, step_key
):
    given = journey_at(strict_client, step_key)
    url = step_url(step_key)
    first = post(strict_client, url, valid_pairs(step_key))
    again = post(strict_client, url, valid_pairs(step_key))
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert session_answers(strict_client) == {**given, step_key: CHRONIC_PAIN_VISITOR[step_key]}

    # The same answer from a new journey that has not reached the step yet.
    other = Client(enforce_csrf_checks=True)
    assert post(other, START_URL, b"").status_code == 302
    response = post(other, url, valid_pairs(step_key))
    assert response.status_code == 302
    if step_key != "age":
        assert response["Location"] == step_url("age"), "sent to the first question"
        assert session_answers(other) == {}


@pytest.mark.parametrize("step_key", STEP_KEYS)
def test_forged_or_expired_session_cookies_at_each_step_store_nothing(strict_client, step_key):
    given = journey_at(strict_client, step_key)
    url = step_url(step_key)
    real = strict_client.cookies["sessionid"].value
    for forged in [
        "forged<script>" + "x" * 20,
        "a" * 32,
        real[:-1] + ("0" if real[-1] != "0" else "1"),
    ]:
        strict_client.cookies["sessionid"] = forged
        response = post(strict_client, url, valid_pairs(step_key))
        assert response.status_code == 200, forged
        assert EXPIRED in response.content.decode(), "the marker cookie says a journey began"
    strict_client.cookies["sessionid"] = real
    assert session_answers(strict_client) == given

    Session.objects.update(expire_date=timezone.now())
    response = post(strict_client, url, valid_pairs(step_key))
    assert response.status_code == 200
    assert EXPIRED in response.content.decode()
    for session in Session.objects.all():
        journey = session.get_decoded().get(SESSION_KEY) or {"answers": {}}
        assert step_key not in journey["answers"], "the answer was not stored anywhere"
