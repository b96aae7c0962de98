"""What reaches the logs: one JSON line per request, and never what a visitor typed or chose."""

import json
import logging
import sys
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from clinic_site.logging import JsonFormatter
from screener.questions import STEPS_BY_KEY
from tests.consultations.conftest import contact_form, request_data
from tests.screener.answers import CRISIS_VISITOR
from tests.screener.support import walk as screener_walk

PUBLIC_PATHS = ["/", "/privacy/", "/need-help-now/", "/screener/"]

LOG_FORMATTER = JsonFormatter()


class SiteLogs:
    """Every record logged while a test drives the site, as the production formatter writes it.

    Use `site_logs.assert_contain_none_of(values)` after a journey to prove that nothing a visitor
    typed or chose reached the logs, and `request_lines()` to read the per-request lines.
    """

    def __init__(self, caplog: pytest.LogCaptureFixture):
        self.caplog = caplog

    def lines(self) -> list[str]:
        return [LOG_FORMATTER.format(record) for record in self.caplog.records]

    def request_lines(self) -> list[dict]:
        return [
            json.loads(LOG_FORMATTER.format(record))
            for record in self.caplog.records
            if record.name == "clinic_site.requests"
        ]

    def assert_contain_none_of(self, values: Iterable[str]) -> None:
        lines = self.lines()
        assert lines, "nothing was logged: the capture is not working"
        for value in values:
            for form in {value, quote(value), quote_plus(value), json.dumps(value)[1:-1]}:
                leaked = [line for line in lines if form in line]
                assert not leaked, f"{value!r} reached the logs: {leaked[0]}"


@pytest.fixture
def site_logs(caplog) -> SiteLogs:
    """Capture every log record, at every level, while the test runs."""
    caplog.set_level(logging.DEBUG)
    return SiteLogs(caplog)


@pytest.mark.django_db
def test_each_request_is_logged_as_one_json_line_without_its_query_string(client, site_logs):
    client.get("/privacy/?q=ketamine+and+my+depression")
    (line,) = site_logs.request_lines()
    assert line["method"] == "GET"
    assert line["path"] == "/privacy/"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert "?" not in json.dumps(line)


@pytest.mark.django_db
def test_posted_values_and_query_strings_never_reach_the_logs(site_logs):
    secrets = [
        "SECRET-ANSWER-fibromyalgia-7781",
        "I have thoughts of hurting myself 5531",
        "patient.secret.9911@example.com",
        "pässwörd-üñíçødé-4410",
    ]
    client = Client(raise_request_exception=False)
    form = {"answer": secrets[0], "details": secrets[1], "email": secrets[2]}
    for path in [*PUBLIC_PATHS, "/no-such-page/"]:
        client.get(path, {"q": secrets[1], "email": secrets[2]})
        client.post(path, form)
    # A failed staff login: django-axes logs the attempt, which must not carry the password.
    with override_settings(AXES_ENABLED=True):
        client.post(reverse("admin:login"), {"username": "someone", "password": secrets[3]})
    client.post(reverse("admin:login"), {"username": "x" * 10, "password": secrets[3] * 30000})

    assert len(site_logs.request_lines()) == 2 * (len(PUBLIC_PATHS) + 1) + 2
    site_logs.assert_contain_none_of(secrets)


def visitor_answer_texts(answers: dict) -> set[str]:
    """Every answer as its value and as the label the pages show, too long to occur by chance."""
    texts = set()
    for key, value in answers.items():
        step = STEPS_BY_KEY[key]
        if isinstance(value, dict):  # a checklist: name the items answered other than "no"
            texts |= {str(i.label) for i in step.items if value.get(i.key) not in (None, "no")}
            continue
        for chosen in value if isinstance(value, list) else [value]:
            texts |= {chosen, str(step.choice_label(chosen))}
    return {text for text in texts if len(text) >= 5}


@pytest.mark.django_db
def test_a_screener_run_and_a_consultation_request_leave_no_answer_or_detail_in_the_logs(
    site_logs,
):
    cache.clear()  # no earlier test's requests count towards the contact form's rate limit
    client = Client()
    _, end = screener_walk(client, CRISIS_VISITOR)
    for path in (end, "/screener/summary/"):
        assert client.get(path).status_code == 200
    _, one_time = contact_form(client)
    details = {
        "name": "Quentin Zebedee-Marlowe",
        "phone": "(555) 010-4477",
        "email": "quentin.zebedee@example.org",
        "message": "Shingles pain since 2019; gabapentin made me dizzy",
    }
    sent = client.post("/contact/", request_data(one_time, share_summary="on", **details))
    assert sent.status_code == 302
    assert client.get(sent["Location"]).status_code == 200

    requests = site_logs.request_lines()
    assert any(line["path"] == "/screener/summary/" for line in requests)
    assert any(line["path"] == "/contact/" and line["method"] == "POST" for line in requests)
    answers = visitor_answer_texts(CRISIS_VISITOR)
    assert "Nearly every day" in answers, "the labels are checked, not only the values"
    site_logs.assert_contain_none_of([*answers, *details.values(), "Zebedee", "010-4477"])


def test_logged_exceptions_keep_only_the_first_line_of_their_message():
    email = "patient@example.com"
    try:
        raise ValueError(f"duplicate key\nDETAIL:  Key (email)=({email}) exists.")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    line = json.loads(LOG_FORMATTER.format(record))
    assert "ValueError: duplicate key" in line["exception"]
    assert email not in line["exception"]


SEARCH_TERM = "ketamine-for-my-dark-thoughts-3307"


def failing_search(**kwargs):
    raise RuntimeError("the search index is unavailable")


@pytest.mark.django_db
def test_search_terms_reach_no_log_line_whatever_the_answer(site_logs, monkeypatch):
    client = Client(raise_request_exception=False)
    for path in ("/search/", "/es/buscar/"):
        assert client.get(path, {"q": SEARCH_TERM}).status_code == 200
        assert client.post(f"{path}?q={SEARCH_TERM}", {"q": SEARCH_TERM}).status_code == 405
    assert client.get("/no-such-page/", {"q": SEARCH_TERM}).status_code == 404
    monkeypatch.setattr("content.views.search_run", failing_search)
    assert client.get("/search/", {"q": SEARCH_TERM}).status_code == 500

    # Django's own lines name the path only: "Not Found: /no-such-page/" and the like.
    django_lines = [
        record.getMessage()
        for record in site_logs.caplog.records
        if record.name == "django.request"
    ]
    assert "Method Not Allowed (POST): /search/" in django_lines
    assert "Not Found: /no-such-page/" in django_lines
    assert "Internal Server Error: /search/" in django_lines
    assert [line["path"] for line in site_logs.request_lines()][-1] == "/search/"
    site_logs.assert_contain_none_of([SEARCH_TERM, "dark-thoughts"])


def deployment_warnings(site_logs: SiteLogs) -> list[str]:
    return [
        record.getMessage()
        for record in site_logs.caplog.records
        if record.name == "clinic_site.deployment"
    ]


@pytest.mark.django_db
def test_a_trusted_proxy_that_sends_no_address_is_warned_about_once(client, site_logs, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client.get("/healthz")  # a monitor may call the health check without the proxy
    assert deployment_warnings(site_logs) == []
    for _ in range(3):
        client.get("/privacy/")
    (warning,) = deployment_warnings(site_logs)
    assert "TRUSTED_PROXY_COUNT is 1" in warning
    assert "set TRUSTED_PROXY_COUNT=0 when nothing stands in front of gunicorn" in warning


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("proxy_count", "forwarded_for"), [(1, "203.0.113.7"), (2, "203.0.113.7, 10.0.0.2"), (0, None)]
)
def test_no_proxy_warning_when_the_header_matches_the_setting(
    client, site_logs, settings, proxy_count, forwarded_for
):
    settings.TRUSTED_PROXY_COUNT = proxy_count
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    client.get("/privacy/", **headers)
    assert deployment_warnings(site_logs) == []
