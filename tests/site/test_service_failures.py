"""When the cache or the database fails, in one process: the pages visitors get, and the logs.

The served site, with gunicorn, a PostgreSQL and a Redis that the tests stop, is
test_reliability.py; these check the same behaviour quickly, without starting any server.
"""

import json
import os
import subprocess
import sys

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings

from clinic_site import views
from clinic_site.logging import CacheFailureFilter, JsonFormatter
from tests.support.servers import PROJECT_ROOT, free_port

UNAVAILABLE = "Sorry, the service is unavailable"
SERVER_ERROR = "Sorry, there is a problem with the service"


def dead_redis_cache(*, ignore_exceptions: bool) -> dict:
    """django-redis pointed at a port where nothing listens."""
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": ignore_exceptions, "SOCKET_CONNECT_TIMEOUT": 0.5},
        }
    }


@pytest.fixture
def visitor_with_a_session(db) -> Client:
    client = Client(raise_request_exception=False)
    assert client.get("/screener/").status_code == 200
    session = client.session
    session["screener-answers"] = {"pain_duration": "more-than-3-months"}
    session.save()
    return client


def test_a_session_the_database_cannot_save_gets_the_503_page_not_the_400(
    visitor_with_a_session, monkeypatch
):
    def save_fails(self, must_create=False):
        raise UpdateError

    monkeypatch.setattr(SessionStore, "save", save_fails)
    monkeypatch.setattr(views, "database_reachable", lambda: False)
    response = visitor_with_a_session.get("/screener/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert UNAVAILABLE in html
    assert "Anything you have already answered or sent is kept" in html


def test_a_session_deleted_meanwhile_is_still_the_400_page(visitor_with_a_session, monkeypatch):
    """Django's own case for that error: signed out in another tab while this request ran."""

    def save_fails(self, must_create=False):
        raise UpdateError

    monkeypatch.setattr(SessionStore, "save", save_fails)
    response = visitor_with_a_session.get("/screener/")
    assert response.status_code == 400
    assert "Sorry, we could not read that request" in response.content.decode()


def server_error_page():
    request = RequestFactory().get("/")
    try:
        raise RuntimeError("a view failed")
    except RuntimeError:
        return views.server_error(request)


@pytest.mark.django_db
def test_the_500_page_renders_when_the_cache_raises():
    with override_settings(CACHES=dead_redis_cache(ignore_exceptions=False)):
        response = server_error_page()
    assert response.status_code == 500
    html = response.content.decode()
    assert SERVER_ERROR in html
    assert "Riverside Ketamine Clinic" in html, "the settings' defaults"
    assert "Need help now?" in html


def test_the_500_page_renders_when_the_database_is_down(monkeypatch):
    from django.db import DatabaseError

    from clinic_site.models import SiteSettings

    def unreachable(*args, **kwargs):
        raise DatabaseError("connection refused")

    cache.clear()
    monkeypatch.setattr(SiteSettings.objects, "filter", unreachable)
    response = server_error_page()
    assert response.status_code == 500
    assert "Riverside Ketamine Clinic" in response.content.decode()


def test_a_cache_failure_is_logged_as_one_warning_line_without_request_or_traceback():
    import logging

    from django_redis.exceptions import ConnectionInterrupted
    from redis.exceptions import ConnectionError as RedisConnectionError

    try:
        try:
            raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6390. Refused.")
        except RedisConnectionError as error:
            raise ConnectionInterrupted(connection=None) from error
    except ConnectionInterrupted:
        record = logging.getLogger("django_redis.cache").makeRecord(
            "django_redis.cache",
            logging.ERROR,
            __file__,
            1,
            "Exception ignored",
            (),
            sys.exc_info(),
            extra={"request": object()},
        )
    assert CacheFailureFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line == {
        "time": line["time"],
        "level": "WARNING",
        "logger": "django_redis.cache",
        "message": "Cache unavailable, carried on without it: ConnectionError: "
        "Error 111 connecting to 127.0.0.1:6390. Refused.",
    }


REDIS_DOWN_SCRIPT = r"""
import json
from django.core.management import call_command
from django.test import Client

call_command("migrate", verbosity=0, interactive=False)
result = {}
visitor = Client(raise_request_exception=False)
for path in ("/", "/privacy/", "/need-help-now/", "/screener/", "/no-such-page/", "/contact/"):
    result[path] = visitor.get(path).status_code
healthz = visitor.get("/healthz")
result["healthz"] = [healthz.status_code, healthz.content.decode()]
from tests.support.http import HIDDEN_FIELD

start = visitor.get("/screener/")
started = visitor.post("/screener/", dict(HIDDEN_FIELD.findall(start.content.decode())))
result["start"] = [started.status_code, started.headers.get("Location")]
# The next request reads the session back: from the database, as Redis does not answer.
result["first question"] = visitor.get(started.headers.get("Location", "/")).status_code
# With no stored content version every read makes a new one, so no page is served from a
# cache entry that could be stale: each is rendered afresh.
from clinic_site.content_version import content_version_get

result["fresh versions"] = content_version_get() != content_version_get()
print("RESULT " + json.dumps(result))
"""


def test_with_redis_down_every_page_renders_and_the_health_check_says_degraded(
    migrated_sqlite_url,
):
    """Test settings with REDIS_URL naming a port where nothing listens, as a real outage."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CACHE_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="clinic_site.settings.test",
        DATABASE_URL=migrated_sqlite_url,
        REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",
    )
    completed = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", REDIS_DOWN_SCRIPT],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    line = next(line for line in completed.stdout.splitlines() if line.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    for path in ("/", "/privacy/", "/need-help-now/", "/screener/", "/contact/"):
        assert result[path] == 200, path
    assert result["/no-such-page/"] == 404
    assert result["healthz"] == [200, "ok\ndatabase: ok\ncache: degraded\n"]
    assert result["start"][0] == 302
    assert result["first question"] == 200
    assert result["fresh versions"] is True

    warnings = [
        json.loads(text)
        for text in completed.stderr.splitlines()
        if text.startswith("{") and '"django_redis.cache"' in text
    ]
    assert warnings, "each failed cache call is logged"
    for warning in warnings:
        assert warning["level"] == "WARNING"
        assert "exception" not in warning
        assert warning["message"].startswith("Cache unavailable, carried on without it: ")
    assert "Traceback" not in completed.stderr
