"""Hostile input to the site's forms, as the bad-input tests send it: a client that enforces CSRF
like a browser's server would and sends the form token in the X-CSRFToken header, so that the
body can be anything; the limits a body may break; and what the refusals say."""

import copy
import html
import itertools
from urllib.parse import urlencode

from django.conf import settings
from django.test import Client

from screener.journey import SESSION_KEY
from tests.screener.answers import CHRONIC_PAIN_VISITOR
from tests.screener.support import START_URL, h1_count, step_url

FORM = "application/x-www-form-urlencoded"
TOO_BIG = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
TOO_MANY_FIELDS = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1
UNREADABLE = "Sorry, we could not read that request"
CSRF_REFUSED = "Sorry, we could not save that"
LONG = "9" * 100_000  # long, but under the body size limit
WRONG_METHODS = ["PUT", "PATCH", "DELETE", "TRACE", "PROPFIND"]


def strict_client_make() -> Client:
    """A browser's view of the server: CSRF enforced, server errors answered, not raised."""
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


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


def assert_form_again(response, *, message, what: str) -> None:
    """The form is shown again with the error summary and this message, one h1."""
    page = html.unescape(response.content.decode())
    assert response.status_code == 200, (what, response.status_code)
    assert "There is a problem" in page, what
    assert str(message) in page, (what, str(message))
    assert h1_count(page) == 1, what


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
