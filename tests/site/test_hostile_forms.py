"""Hostile input to every public form: each screener step, start and start again, contact, search.

Every request gets a 4xx or the form again with a clear message, never a 500, and nothing
stored changes: the visitor's answers stay as they were and no consultation request is saved.
tests/screener/test_bad_input.py checks the exact messages for a few bad answers, and
tests/site/test_hostile_requests.py hostile requests to a few pages; this goes through every step.
It is over 400 lines because every form meets the same hostile inputs, kept in one place.

The client enforces CSRF like a browser's server would, and sends the form token in the
X-CSRFToken header so that the body can be anything.
"""

import copy
import html
import itertools
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from consultations.models import ConsultationRequest
from screener.journey import MARKER_COOKIE, SESSION_KEY
from screener.questions import STEPS, STEPS_BY_KEY, Kind, Step
from tests.consultations.conftest import form_token, request_data
from tests.screener.answers import CHRONIC_PAIN_VISITOR
from tests.screener.support import START_URL, h1_count, session_answers, step_url

pytestmark = pytest.mark.django_db

STEP_KEYS = [step.key for step in STEPS]
FORM = "application/x-www-form-urlencoded"
TOO_BIG = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
TOO_MANY_FIELDS = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1
UNREADABLE = "Sorry, we could not read that request"
CSRF_REFUSED = "Sorry, we could not save that"
EXPIRED = "Your answers have expired, start again"
CONTACT_URL = "/contact/"
START_AGAIN_URL = "/screener/start-again/"
LONG = "9" * 100_000  # long, but under the body size limit
WRONG_METHODS = ["PUT", "PATCH", "DELETE", "TRACE", "PROPFIND"]


@pytest.fixture
def client() -> Client:
    """A browser's view of the server: CSRF enforced, server errors answered, not raised."""
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    """Start each test from an empty cache (the rate limit counts in the rolled-back database)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def token(client: Client) -> dict:
    """The form token, as the X-CSRFToken header, from the cookie a page with a form sets."""
    if "csrftoken" not in client.cookies:
        assert client.get(START_URL).status_code == 200
    return {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}


def post(client: Client, url: str, body, *, content_type: str = FORM, **headers):
    """POST a form body (pairs, or raw bytes) with a valid form token unless headers say else."""
    if not isinstance(body, bytes):
        body = urlencode(body).encode()
    headers = {**token(client), **headers}
    return client.generic("POST", url, body, content_type=content_type, **headers)


def journey_at(client: Client, step_key: str) -> dict:
    """Start a journey and answer every question before step_key; return the answers."""
    assert post(client, START_URL, b"").status_code == 302
    given = dict(
        itertools.takewhile(lambda item: item[0] != step_key, CHRONIC_PAIN_VISITOR.items())
    )
    session = client.session
    session[SESSION_KEY]["answers"].update(copy.deepcopy(given))
    session.save()
    assert client.get(step_url(step_key)).status_code == 200, "the step is the one asked next"
    return given


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


def assert_form_again(response, *, message, what: str) -> None:
    page = html.unescape(response.content.decode())
    assert response.status_code == 200, (what, response.status_code)
    assert "There is a problem" in page, what
    assert str(message) in page, (what, str(message))
    assert h1_count(page) == 1, what


@pytest.mark.parametrize("step_key", STEP_KEYS)
def test_wrong_answers_to_each_step_show_the_question_again_and_change_nothing(client, step_key):
    given = journey_at(client, step_key)
    for what, pairs, message in bad_answers(STEPS_BY_KEY[step_key]):
        response = post(client, step_url(step_key), pairs)
        assert_form_again(response, message=message, what=what)
        assert session_answers(client) == given, what


@pytest.mark.parametrize("step_key", STEP_KEYS)
def test_unreadable_oversized_and_odd_bodies_to_each_step_change_nothing(client, step_key):
    given = journey_at(client, step_key)
    url = step_url(step_key)
    refused = {
        "raw bytes that are not UTF-8": post(client, url, b"answer=\xff\xfe"),
        "percent-encoded bytes that are not UTF-8": post(client, url, b"answer=%ff%fe%fd"),
        "a multipart part that is not UTF-8": post(
            client,
            url,
            b'--zz\r\nContent-Disposition: form-data; name="answer"\r\n\r\n\xff\xfe\r\n--zz--\r\n',
            content_type="multipart/form-data; boundary=zz",
        ),
        "a body over the size limit": post(client, url, b"answer=" + b"9" * TOO_BIG),
        "too many fields": post(
            client, url, "&".join(f"f{n}=1" for n in range(TOO_MANY_FIELDS)).encode()
        ),
    }
    for what, response in refused.items():
        assert response.status_code == 400, (what, response.status_code)
        assert UNREADABLE in response.content.decode(), what
        assert session_answers(client) == given, what

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
        response = post(client, url, body, content_type=content_type)
        assert_form_again(response, message=message, what=what)
        assert session_answers(client) == given, what


@pytest.mark.parametrize("step_key", STEP_KEYS)
def test_each_step_refuses_other_methods_and_posts_without_the_form_token(client, step_key):
    given = journey_at(client, step_key)
    url = step_url(step_key)
    for method in WRONG_METHODS:
        response = client.generic(method, url, urlencode(valid_pairs(step_key)), **token(client))
        assert response.status_code == 405, method
        assert "POST" in response["Allow"]

    answer = urlencode(valid_pairs(step_key)).encode()
    stranger = Client(enforce_csrf_checks=True)
    for what, headers in [
        ("no form token", {"HTTP_X_CSRFTOKEN": ""}),
        ("a made-up form token", {"HTTP_X_CSRFTOKEN": "x" * 32}),
        ("another visitor's form token", token(stranger)),
    ]:
        response = post(client, url, answer, **headers)
        assert response.status_code == 403, what
        assert CSRF_REFUSED in response.content.decode(), what
    assert session_answers(client) == given


@pytest.mark.parametrize("step_key", STEP_KEYS)
def test_replayed_and_out_of_order_answers_to_each_step_keep_the_journey_valid(client, step_key):
    given = journey_at(client, step_key)
    url = step_url(step_key)
    first = post(client, url, valid_pairs(step_key))
    again = post(client, url, valid_pairs(step_key))
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert session_answers(client) == {**given, step_key: CHRONIC_PAIN_VISITOR[step_key]}

    # The same answer from a new journey that has not reached the step yet.
    other = Client(enforce_csrf_checks=True)
    assert post(other, START_URL, b"").status_code == 302
    response = post(other, url, valid_pairs(step_key))
    assert response.status_code == 302
    if step_key != "age":
        assert response["Location"] == step_url("age"), "sent to the first question"
        assert session_answers(other) == {}


@pytest.mark.parametrize("step_key", STEP_KEYS)
def test_forged_or_expired_session_cookies_at_each_step_store_nothing(client, step_key):
    given = journey_at(client, step_key)
    url = step_url(step_key)
    real = client.cookies["sessionid"].value
    for forged in [
        "forged<script>" + "x" * 20,
        "a" * 32,
        real[:-1] + ("0" if real[-1] != "0" else "1"),
    ]:
        client.cookies["sessionid"] = forged
        response = post(client, url, valid_pairs(step_key))
        assert response.status_code == 200, forged
        assert EXPIRED in response.content.decode(), "the marker cookie says a journey began"
    client.cookies["sessionid"] = real
    assert session_answers(client) == given

    Session.objects.update(expire_date=timezone.now())
    response = post(client, url, valid_pairs(step_key))
    assert response.status_code == 200
    assert EXPIRED in response.content.decode()
    for session in Session.objects.all():
        journey = session.get_decoded().get(SESSION_KEY) or {"answers": {}}
        assert step_key not in journey["answers"], "the answer was not stored anywhere"


def test_start_and_start_again_refuse_other_methods_and_missing_tokens(client):
    journey_at(client, "pain-duration")
    given = session_answers(client)
    for url in (START_URL, START_AGAIN_URL):
        for method in WRONG_METHODS:
            assert client.generic(method, url, **token(client)).status_code == 405, (url, method)
        for what, headers in [
            ("no form token", {"HTTP_X_CSRFTOKEN": ""}),
            ("a made-up form token", {"HTTP_X_CSRFTOKEN": "y" * 64}),
        ]:
            response = post(client, url, b"", **headers)
            assert response.status_code == 403, (url, what)
            assert CSRF_REFUSED in response.content.decode()
        for what, body in [
            ("bytes that are not UTF-8", b"go=\xff"),
            ("a body over the size limit", b"go=" + b"x" * TOO_BIG),
        ]:
            response = post(client, url, body)
            assert response.status_code == 400, (url, what)
            assert UNREADABLE in response.content.decode()
        assert session_answers(client) == given, url


def test_start_again_with_a_forged_session_cookie_leaves_the_real_journey_alone(client):
    given = journey_at(client, "phq-mood")
    real = client.cookies["sessionid"].value
    client.cookies["sessionid"] = "b" * 32
    response = post(client, START_AGAIN_URL, b"")
    assert response.status_code == 302
    assert response["Location"] == START_URL
    client.cookies["sessionid"] = real
    assert session_answers(client) == given
    # Replayed: start again twice is as good as once.
    assert post(client, START_AGAIN_URL, b"").status_code == 302
    assert post(client, START_AGAIN_URL, b"").status_code == 302
    assert session_answers(client) is None
    assert client.cookies[MARKER_COOKIE].value == ""


# --- The contact form ----------------------------------------------------------------------------


def contact_token(client: Client) -> str:
    response = client.get(CONTACT_URL)
    assert response.status_code == 200
    return form_token(response.content.decode())


def contact_pairs(one_time_token: str, **overrides) -> list[tuple[str, str]]:
    return list(request_data(one_time_token, **overrides).items())


def test_contact_form_shows_each_wrong_entry_again_with_a_message_and_saves_nothing(client):
    one_time = contact_token(client)
    cases = [
        ("a tampered best time", contact_pairs(one_time, best_time="midnight"),
         "Select the best time to call from the list"),
        ("best time sent twice, the second tampered",
         [*contact_pairs(one_time), ("best_time", "3am")],
         "Select the best time to call from the list"),
        ("consent sent as false", contact_pairs(one_time, consent="false"),
         "Tick the box to agree that we can keep your details and contact you"),
        ("the name sent twice, the second empty", [*contact_pairs(one_time), ("name", "")],
         "Enter your name"),
        ("nothing", [], "Enter your name"),
        ("a phone number of letters", contact_pairs(one_time, phone="call me maybe", email=None),
         "Enter a phone number in the correct format"),
        ("an email address without an @",
         contact_pairs(one_time, phone=None, email="jordan at example.org"),
         "Enter an email address in the correct format"),
        ("a summary to share with no screener answers", contact_pairs(one_time, share_summary="on"),
         "Your screener answers have been deleted"),
        ("a forged one-time token", contact_pairs("forged:token"),
         "This form was open for too long and has expired"),
    ]  # fmt: skip
    for what, pairs, message in cases:
        response = post(client, CONTACT_URL, pairs)
        assert_form_again(response, message=message, what=what)
    assert ConsultationRequest.objects.count() == 0


def test_contact_form_refuses_unreadable_bodies_methods_and_missing_tokens(client):
    one_time = contact_token(client)
    good = urlencode(contact_pairs(one_time)).encode()
    refused = {
        "raw bytes that are not UTF-8": post(client, CONTACT_URL, good + b"&message=\xff\xfe"),
        "percent-encoded bytes that are not UTF-8": post(
            client, CONTACT_URL, good.replace(b"name=Jordan", b"name=Jord%e1n")
        ),
        "a body over the size limit": post(client, CONTACT_URL, good + b"&m=" + b"x" * TOO_BIG),
    }
    for what, response in refused.items():
        assert response.status_code == 400, what
        assert UNREADABLE in response.content.decode()
    for method in WRONG_METHODS:
        response = client.generic(method, CONTACT_URL, good, **token(client))
        assert response.status_code == 405, method
    for what, headers in [
        ("no form token", {"HTTP_X_CSRFTOKEN": ""}),
        ("a made-up form token", {"HTTP_X_CSRFTOKEN": "z" * 32}),
    ]:
        response = post(client, CONTACT_URL, good, **headers)
        assert response.status_code == 403, what
        assert CSRF_REFUSED in response.content.decode()
    # The confirmation page is not a form: posting to it sends the visitor back to the form.
    assert post(client, "/contact/sent/", good).status_code == 302
    assert ConsultationRequest.objects.count() == 0

    # The same body, readable and with its tokens, is accepted: the refusals were for cause.
    assert post(client, CONTACT_URL, good).status_code == 302
    assert ConsultationRequest.objects.count() == 1


# --- Search --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query_string",
    [
        "q=%ff%fe%fd",
        "q=\xff\xfe\x00",
        "q=fibromyalgia&q=%00&q=" + "x" * 20_000,
        "q[]=pain&q[]=mood",
        "q=%3Cscript%3Ealert(1)%3C/script%3E",
        "q=%25%27%22%3B--%20DROP%20TABLE%20content_page",
        "q=" + "%E2%80%AE" * 300,
        "&&&==;;",
    ],
)
def test_search_reads_any_query_string_without_error(client, query_string):
    response = client.get("/search/", QUERY_STRING=query_string)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Search</h1>" in page
    assert "<script>alert(1)</script>" not in page


def test_search_is_read_only(client):
    for method in ["POST", *WRONG_METHODS]:
        response = client.generic(method, "/search/", b"q=pain", content_type=FORM)
        assert 400 <= response.status_code < 500, method
    response = client.generic("POST", "/search/", b"q=pain", content_type=FORM, **token(client))
    assert response.status_code == 405, "a form token does not make search writable"
