"""Hostile input to the public forms outside the screener's steps: start and start again,
contact, search. (Each screener step meets the same inputs in tests/screener/test_bad_input.py.)

Every request gets a 4xx or the form again with a clear message, never a 500, and nothing
stored changes: the visitor's answers stay as they were and no consultation request is saved.

The client enforces CSRF like a browser's server would, and sends the form token in the
X-CSRFToken header so that the body can be anything.
"""

from urllib.parse import urlencode

import pytest
from django.test import Client

from consultations.models import ConsultationRequest
from screener.journey import MARKER_COOKIE
from screener.questions import STEPS
from tests.consultations.conftest import form_token, request_data
from tests.screener.support import START_URL, session_answers
from tests.support.hostile import (
    CSRF_REFUSED,
    FORM,
    TOO_BIG,
    UNREADABLE,
    WRONG_METHODS,
    assert_form_again,
    journey_at,
    post,
    strict_client_make,
    token,
)

pytestmark = pytest.mark.django_db

STEP_KEYS = [step.key for step in STEPS]
EXPIRED = "Your answers have expired, start again"
CONTACT_URL = "/contact/"
START_AGAIN_URL = "/screener/start-again/"


@pytest.fixture
def client() -> Client:
    """A browser's view of the server: CSRF enforced, server errors answered, not raised."""
    return strict_client_make()


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    """Start each test from an empty cache (the rate limit counts in the rolled-back database)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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
