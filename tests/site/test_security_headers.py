"""Security headers: the Content Security Policy and Permissions-Policy every environment sends,
and what production adds (HSTS, the HTTPS redirect, secure cookies, the moved admin)."""

import json
import os

import pytest
from django.urls import reverse

from tests.support.databases import migrated_sqlite_copy
from tests.support.servers import manage, static_root_collect

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

from tests.support.staff import device_code, staff_device

call_command("migrate", verbosity=0, interactive=False)
staff = get_user_model().objects.create_superuser("staff", "staff@clinic.example", PASSWORD)
device = staff_device(staff)

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
password_step = client.post(
    "/staff-entrance/login/",
    {"username": "staff", "password": PASSWORD, "next": "/staff-entrance/"},
    secure=True,
)
result["password_step_location"] = password_step.headers.get("Location")
signed_in = client.post(
    "/staff-entrance/second-factor/",
    {"code": device_code(device), "next": "/staff-entrance/"},
    secure=True,
)
result["sign_in_status"] = signed_in.status_code
result["sign_in_location"] = signed_in.headers.get("Location")
result["session_cookie"] = cookie(signed_in, "sessionid")
print("RESULT " + json.dumps(result))
"""


@pytest.fixture(scope="module")
def production(django_db_setup, tmp_path_factory) -> dict:
    """Requests answered under production settings, with the admin moved by ADMIN_URL."""
    folder = tmp_path_factory.mktemp("production")
    database = migrated_sqlite_copy(tmp_path_factory, folder)
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "SECURE_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="clinic_site.settings.prod",
        SECRET_KEY="k3y-for-the-production-header-test-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="clinic.example",
        SITE_URL="https://clinic.example",
        DATABASE_URL=f"sqlite:///{database}",
        FIELD_ENCRYPTION_KEYS="field-encryption-key-for-the-header-test-only",
        CONSULTATION_SEARCH_KEY="search-key-for-the-header-test-only",
        ADMIN_URL="/staff-entrance/",
    )
    # Collected once per version of the static files, and shared with the other server tests.
    environment["STATIC_ROOT"] = str(static_root_collect(env=environment))
    script = f"PASSWORD = {STAFF_PASSWORD!r}\n" + PRODUCTION_SCRIPT
    output = manage("shell", "-c", script, env=environment)
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
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
    assert production["password_step_location"].startswith("/staff-entrance/second-factor/")
    assert production["sign_in_status"] == 302
    assert production["sign_in_location"] == "/staff-entrance/"
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
