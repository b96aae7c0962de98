"""Security: production headers, the admin's defences, hostile requests, what reaches the logs."""

import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse

from clinic_site.logging import JsonFormatter
from clinic_site.middleware import STAFF_LAST_SEEN_KEY
from screener.questions import STEPS_BY_KEY
from scripts.servers import static_root_collect
from tests.consultations.conftest import contact_form, request_data
from tests.screener.answers import CRISIS_VISITOR
from tests.screener.support import walk as screener_walk

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PUBLIC_PATHS = ["/", "/privacy/", "/need-help-now/", "/screener/"]
EXPECTED_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}
STAFF_PASSWORD = "correct horse battery staple 42"


def content_security_policy(header: str) -> dict[str, str]:
    directives = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {parts[0]: (parts[1] if len(parts) > 1 else "") for parts in directives}


# --- What reaches the logs -----------------------------------------------------------------------

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


# --- Headers in every environment ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", [*PUBLIC_PATHS, "/no-such-page/", "admin:login"])
def test_every_page_sends_the_strict_content_security_policy(client, path):
    response = client.get(reverse(path) if ":" in path else path)
    assert content_security_policy(response["Content-Security-Policy"]) == EXPECTED_POLICY


@pytest.mark.django_db
def test_every_page_denies_camera_microphone_geolocation_and_cohorts(client):
    response = client.get("/privacy/")
    assert response["Permissions-Policy"] == (
        "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    )
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_pages_have_no_inline_scripts_or_style_attributes(client):
    for path in [*PUBLIC_PATHS, "/no-such-page/"]:
        html = client.get(path).content.decode()
        assert " style=" not in html and "<style" not in html, path
        for tag in html.split("<script")[1:]:
            opening = tag.split(">", 1)[0]
            assert "src=" in opening or 'type="application/ld+json"' in opening, path


# --- Production settings, in a separate process --------------------------------------------------

PRODUCTION_SCRIPT = r"""
import json
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

call_command("migrate", verbosity=0, interactive=False)
get_user_model().objects.create_superuser("staff", "staff@clinic.example", PASSWORD)

def cookie(response, name):
    morsel = response.cookies[name]
    return {key: morsel[key] for key in ("secure", "httponly", "samesite", "max-age", "expires")}

client = Client(HTTP_HOST="clinic.example")
result = {}
page = client.get("/privacy/", secure=True)
result["headers"] = dict(page.headers)
result["status"] = page.status_code
plain = client.get("/privacy/", secure=False)
result["plain_status"] = plain.status_code
result["plain_location"] = plain.headers.get("Location")
result["default_admin_status"] = client.get("/admin/login/", secure=True).status_code
login_page = client.get("/staff-entrance/login/", secure=True)
result["login_page_status"] = login_page.status_code
result["csrf_cookie"] = cookie(login_page, "csrftoken")
signed_in = client.post(
    "/staff-entrance/login/",
    {"username": "staff", "password": PASSWORD, "next": "/staff-entrance/"},
    secure=True,
)
result["sign_in_status"] = signed_in.status_code
result["session_cookie"] = cookie(signed_in, "sessionid")
print("RESULT " + json.dumps(result))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict:
    """Requests answered under production settings, with the admin moved by ADMIN_URL."""
    folder = tmp_path_factory.mktemp("production")
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "SECURE_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="clinic_site.settings.prod",
        SECRET_KEY="k3y-for-the-production-header-test-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="clinic.example",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        ADMIN_URL="/staff-entrance/",
    )
    # Collected once per version of the static files, and shared with the other server tests.
    environment["STATIC_ROOT"] = str(static_root_collect(env=environment))
    script = f"PASSWORD = {STAFF_PASSWORD!r}\n" + PRODUCTION_SCRIPT
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def test_production_sends_hsts_and_the_security_headers(production):
    headers = production["headers"]
    assert production["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains; preload"
    assert content_security_policy(headers["Content-Security-Policy"]) == EXPECTED_POLICY
    assert headers["Permissions-Policy"] == (
        "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    )
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_production_redirects_plain_http_to_https(production):
    assert production["plain_status"] == 301
    assert production["plain_location"] == "https://clinic.example/privacy/"


def test_production_cookies_are_secure_http_only_and_same_site(production):
    assert production["sign_in_status"] == 302
    session = production["session_cookie"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert session["max-age"] == "" and session["expires"] == "", "ends when the browser closes"
    csrf = production["csrf_cookie"]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"


def test_admin_path_comes_from_the_admin_url_environment_variable(production):
    assert production["login_page_status"] == 200
    assert production["default_admin_status"] == 404


# --- The admin's defences ------------------------------------------------------------------------


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_user(
        "frontdesk", "frontdesk@clinic.example", STAFF_PASSWORD, is_staff=True, is_superuser=True
    )


def sign_in(client: Client, *, password: str, username: str = "frontdesk", **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        **headers,
    )


@override_settings(AXES_ENABLED=True)
def test_five_wrong_passwords_lock_the_account_out_with_a_friendly_page(client, staff_user):
    for _ in range(4):
        response = sign_in(client, password="wrong password")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()

    response = sign_in(client, password="wrong password")
    assert response.status_code == 429
    html = response.content.decode()
    assert "<h1>Signing in is paused</h1>" in html
    assert "try again in 60 minutes" in html
    assert "Need help now?" in html, "the lockout page is in the site layout"

    # Even the right password is refused during the cool-off...
    response = sign_in(client, password=STAFF_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # ...but the lockout is for that username from that address only.
    other_address = sign_in(client, password=STAFF_PASSWORD, REMOTE_ADDR="192.0.2.44")
    assert other_address.status_code == 302


@override_settings(AXES_ENABLED=True)
def test_a_successful_sign_in_resets_the_failure_count(client, staff_user):
    for _ in range(4):
        sign_in(client, password="wrong password")
    assert sign_in(client, password=STAFF_PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, password="wrong password").status_code == 200
    assert sign_in(client, password=STAFF_PASSWORD).status_code == 302


def test_staff_session_cookie_ends_when_the_browser_closes(client, staff_user):
    response = sign_in(client, password=STAFF_PASSWORD)
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert client.get(reverse("admin:index")).status_code == 200


def test_idle_staff_session_is_signed_out(client, staff_user):
    sign_in(client, password=STAFF_PASSWORD)
    assert client.get(reverse("admin:index")).status_code == 200

    session = client.session
    session[STAFF_LAST_SEEN_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "_auth_user_id" not in client.session


def test_staff_session_stays_while_staff_keep_working(client, staff_user):
    sign_in(client, password=STAFF_PASSWORD)
    session = client.session
    session[STAFF_LAST_SEEN_KEY] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_visitor_session_keeps_its_thirty_minute_cookie(client):
    session = client.session
    session["screener-answers"] = {"pain_duration": "more-than-3-months"}
    session.save()
    response = client.get(reverse("screener:start"))  # a page that reads the session
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == 30 * 60
    assert client.session["screener-answers"] == {"pain_duration": "more-than-3-months"}


@pytest.mark.parametrize("password", ["password", "12345678", "short1", "frontdesk1"])
def test_password_validators_reject_weak_passwords(password):
    user = get_user_model()(username="frontdesk", email="frontdesk@clinic.example")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_admin_refuses_a_weak_password_for_a_new_staff_account(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:auth_user_add"),
        {"username": "newstaff", "password1": "password", "password2": "password"},
    )
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert not get_user_model().objects.filter(username="newstaff").exists()


# --- Hostile requests to public pages ------------------------------------------------------------


@pytest.fixture
def hostile_client() -> Client:
    return Client(raise_request_exception=False, enforce_csrf_checks=True)


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PATHS)
@pytest.mark.parametrize("method", ["put", "patch", "delete", "trace"])
def test_wrong_http_methods_are_refused_not_crashed(hostile_client, path, method):
    response = getattr(hostile_client, method)(path)
    assert response.status_code in (403, 405), response.status_code


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_options_and_head_answer_without_a_body_or_error(hostile_client, path):
    assert hostile_client.options(path).status_code in (200, 405)
    head = hostile_client.head(path)
    assert head.status_code == 200
    assert head.content == b""


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_post_without_a_form_token_gets_the_friendly_403(hostile_client, path):
    response = hostile_client.post(path, {"anything": "x"})
    assert response.status_code == 403
    assert "Sorry, we could not save that" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_hostile_query_strings_and_bodies_never_cause_a_server_error(path):
    client = Client(raise_request_exception=False)
    responses = [
        client.get(path, {"q": "x" * 20000}),
        client.get(path, QUERY_STRING="q=%ff%fe%fd&%c3%28=%e2%28%a1"),
        client.get(path, QUERY_STRING="q=\xff\xfe\x00&&&==;;"),
        client.post(path, b"a=\xff\xfe&b=%ff", content_type="application/x-www-form-urlencoded"),
        client.post(path, b"\xff\xfe\xfd", content_type="multipart/form-data; boundary=zz"),
        client.post(path, b"{not json", content_type="application/json"),
    ]
    for response in responses:
        assert response.status_code < 500, response.status_code


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_forged_session_cookie_is_ignored(path):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "forged" + "x" * 26
    assert client.get(path).status_code == 200

    client.cookies["sessionid"] = "\x00<script>;" + "z" * 500
    response = client.get(path)
    assert response.status_code == 200
    assert response.cookies["sessionid"]["max-age"] == 0, "the forged cookie is deleted"


@pytest.mark.django_db
def test_nul_bytes_in_paths_and_sign_in_fields_never_cause_a_server_error():
    client = Client(raise_request_exception=False)
    for path in PUBLIC_PATHS:
        assert client.get(path + "%00").status_code == 404
    with override_settings(AXES_ENABLED=True):
        response = client.post(reverse("admin:login"), {"username": "a\x00b", "password": "x\x00"})
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["evil.example", "clinic.example:99999", "bad host", "a" * 300])
def test_bad_host_header_gets_the_friendly_400_page(host):
    client = Client(raise_request_exception=False)
    response = client.get("/privacy/", HTTP_HOST=host)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Sorry, we could not read that request" in html
    assert host not in html


# --- The admin in a real browser, under the Content Security Policy ------------------------------


def browser_csp_reports(driver) -> list[str]:
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if "Content Security Policy" in entry["message"] or "Refused to" in entry["message"]
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@override_settings(AXES_ENABLED=True)
def test_admin_pages_and_the_lockout_page_break_no_content_security_rule(browser):
    from selenium.webdriver.common.by import By

    from tests.browser.support import navigation_wait

    get_user_model().objects.create_superuser("frontdesk", "f@clinic.example", STAFF_PASSWORD)
    browser.get_log("browser")

    def sign_in_with(password: str) -> None:
        browser.get(browser.base_url + reverse("admin:login"))
        browser.find_element(By.NAME, "username").send_keys("frontdesk")
        browser.find_element(By.NAME, "password").send_keys(password)
        old_root = browser.find_element(By.TAG_NAME, "html")
        browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
        # Selenium's staleness_of fails on chromedriver's "inspector error" mid-navigation.
        navigation_wait(browser, old_root)

    sign_in_with(STAFF_PASSWORD)
    assert "Site administration" in browser.page_source
    reports = browser_csp_reports(browser)
    for name in (
        "admin:index",
        "admin:auth_user_add",
        "admin:auth_user_changelist",
        "admin:clinic_site_sitesettings_changelist",
        "admin:axes_accessattempt_changelist",
    ):
        browser.get(browser.base_url + reverse(name))
        assert browser.find_element(By.ID, "content"), name
        reports += [f"{name}: {report}" for report in browser_csp_reports(browser)]

    browser.delete_all_cookies()
    for _ in range(5):
        sign_in_with("wrong password")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Signing in is paused"
    reports += [f"lockout: {report}" for report in browser_csp_reports(browser)]
    assert not reports, "\n".join(reports)
