"""Reliability: with PostgreSQL or Redis gone the site answers kindly, and recovers by itself.

The site runs under gunicorn with production settings against a PostgreSQL server and (for the
Redis cases) a redis-server of this module's own, each in a temporary folder on a free port
(tests/site/conftest.py), so stopping them never touches the machine's shared servers. Each
database case runs with the per-process memory cache and with Redis.
"""

import json
import os
import time

import pytest

from tests.support.http import Response, Visitor
from tests.support.journeys import (
    CHECK_ANSWERS_URL,
    screener_answer_questions,
    screener_finish,
    screener_start,
    screener_typical_answers,
)
from tests.support.servers import (
    Gunicorn,
    free_port,
    manage,
    site_environment,
)
from tests.support.staff import Authenticator

UNAVAILABLE = "Sorry, the service is unavailable"
ANSWERS_KEPT = "Anything you have already answered or sent is kept"
PUBLIC_PATHS = ["/", "/privacy/", "/need-help-now/", "/screener/"]
CONTENT_PAGE = "/chronic-pain-facts/"
# Public pages the page cache keeps (clinic_site/page_cache.py): served with no database.
CACHED_PUBLIC_PATHS = ["/", "/privacy/", "/need-help-now/", CONTENT_PAGE]
CONTACT_URL = "/contact/"
STAFF_PASSWORD = "reliability-test-staff-password-8812"
MEMORY, REDIS = "memory cache", "Redis cache"


@pytest.fixture(scope="module")
def site_environment_ready(throwaway_postgres, prepared_site):
    """Production settings on the throwaway PostgreSQL, migrated with the pages loaded (the
    run's prepared database, restored), with a superuser."""
    environment = site_environment(
        database_url=throwaway_postgres.url("clinic"),
        ADMIN_URL="admin/",
        DJANGO_SUPERUSER_USERNAME="staff",
        DJANGO_SUPERUSER_EMAIL="staff@clinic.example",
        DJANGO_SUPERUSER_PASSWORD=STAFF_PASSWORD,
    )
    environment["STATIC_ROOT"] = prepared_site.static_root
    throwaway_postgres.restore("clinic", dump=prepared_site.dump)
    manage("createsuperuser", "--noinput", env=environment, timeout=180)
    return environment


@pytest.fixture(scope="module")
def staff_phone() -> Authenticator:
    """The superuser's authenticator app, set up at their first sign-in."""
    return Authenticator()


@pytest.fixture(scope="module")
def site(request, site_environment_ready, tmp_path_factory):
    """The site under gunicorn, with the memory cache or with the throwaway Redis."""
    environment = dict(site_environment_ready)
    if request.param == REDIS:
        redis_server = request.getfixturevalue("throwaway_redis")
        environment["REDIS_URL"] = redis_server.url()
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    site = Gunicorn.start(env=environment, log=log, workers=2)
    site.cache = request.param
    try:
        site.wait_until_healthy(timeout=30)
        yield site
    finally:
        site.stop()


both_caches = pytest.mark.parametrize("site", [MEMORY, REDIS], indirect=True)
redis_cache = pytest.mark.parametrize("site", [REDIS], indirect=True)


def assert_unavailable_page(response: Response, what: str) -> None:
    assert response.status == 503, f"{what}: {response.status}"
    assert UNAVAILABLE in response.text, what
    assert ANSWERS_KEPT in response.text, what
    assert response.headers.get("retry-after") == "30", what
    assert "Need help now?" in response.text, f"{what}: the 503 page is in the site layout"


def log_lines(site: Gunicorn, *, since: int = 0) -> list[dict]:
    """The site's JSON log lines (gunicorn's own lines are left out)."""
    lines = []
    for line in site.log.read_text(errors="replace")[since:].splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


def statuses(site: Gunicorn, *, since: int = 0) -> set[int]:
    return {line["status"] for line in log_lines(site, since=since) if "status" in line}


def visitor_part_way(site: Gunicorn, answers, *, questions: int) -> tuple[Visitor, str, int]:
    """A visitor who has answered the first few questions; return them, where they are next,
    and how many they answered."""
    visitor = Visitor(port=site.port)
    path = screener_start(visitor=visitor)
    path, answered = screener_answer_questions(
        visitor=visitor, answers=answers, path=path, limit=questions
    )
    return visitor, path, answered


def visitor_finishes(visitor: Visitor, answers, *, path: str, answered: int) -> Response:
    path, answered = screener_answer_questions(
        visitor=visitor, answers=answers, path=path, answered=answered
    )
    return screener_finish(
        visitor=visitor, path=path, steps_answered=answered, port=lambda index: None
    )


def warm_the_page_cache(site: Gunicorn) -> None:
    for _ in range(4):  # each worker renders and caches the public pages
        for path in [*PUBLIC_PATHS, CONTENT_PAGE]:
            assert site.fetch(path).status == 200, path


@pytest.mark.slow
@both_caches
def test_site_answers_503_without_its_database_and_recovers_without_a_restart(
    site, throwaway_postgres, staff_phone
):
    assert site.fetch("/healthz").text == "ok\ndatabase: ok\ncache: ok\n"
    warm_the_page_cache(site)
    staff = site.sign_in(username="staff", password=STAFF_PASSWORD, phone=staff_phone)
    admin_index = site.fetch("/admin/", cookies=staff)
    assert admin_index.status == 200
    assert "Site administration" in admin_index.text
    answers = screener_typical_answers()
    visitor, next_question, answered = visitor_part_way(site, answers, questions=2)
    question_page = visitor.get(next_question)
    gunicorn_pid = site.process.pid
    log_start = len(site.log.read_text())

    throwaway_postgres.stop()
    try:
        for _ in range(3):  # several rounds, so both gunicorn workers are seen to fail kindly
            healthz = site.fetch("/healthz")
            assert healthz.status == 503
            assert healthz.text.startswith("database unavailable\ndatabase: unavailable\n")

            # The database fails inside a view: the staff sign-in checks the password.
            login_page = site.fetch("/admin/login/")
            form = {
                "csrfmiddlewaretoken": login_page.csrf_token(),
                "username": "staff",
                "password": STAFF_PASSWORD,
            }
            sign_in = site.fetch(
                "/admin/login/", method="POST", cookies=login_page.cookies, form=form
            )
            assert_unavailable_page(sign_in, "sign-in")

            # The database fails inside middleware: the user behind a staff session.
            assert_unavailable_page(site.fetch("/admin/", cookies=staff), "admin with a session")

            # A visitor part-way through the screener: with Redis their session still loads,
            # and saving it fails; never the 400 page that blames the request.
            form = [*question_page.hidden_fields().items(), *answers[next_question.split("/")[2]]]
            assert_unavailable_page(visitor.post(next_question, form), "a screener answer")
            assert_unavailable_page(visitor.get(next_question), "a screener question")

            # Public pages in the cache are still served, whoever asks; others are a kind 503.
            for path in [*PUBLIC_PATHS, CONTENT_PAGE]:
                for cookies in (staff, visitor.cookies, {}):
                    response = site.fetch(path, cookies=cookies)
                    if site.cache == REDIS and path in CACHED_PUBLIC_PATHS:
                        assert response.status == 200, path  # one cache for every worker
                    assert response.status in (200, 503), path
                    if response.status == 503:
                        assert_unavailable_page(response, f"{path} during the outage")
    finally:
        throwaway_postgres.start()

    site.wait_until_healthy(timeout=20)
    assert site.process.pid == gunicorn_pid and site.process.poll() is None, "not restarted"
    for _ in range(3):
        admin_index = site.fetch("/admin/", cookies=staff)
        assert admin_index.status == 200, "the staff session survived the outage"
        assert "Site administration" in admin_index.text
        for path in PUBLIC_PATHS:
            assert site.fetch(path, cookies=staff).status == 200, path
    # The visitor carries on where they were: the answers before the outage are all there.
    summary = visitor_finishes(visitor, answers, path=next_question, answered=answered)
    assert "Your summary" in summary.text

    seen = statuses(site, since=log_start)
    assert 503 in seen, "the request log recorded the outage"
    assert not seen & {400, 500}, f"no request was refused or failed: {sorted(seen)}"


@pytest.mark.slow
@both_caches
def test_a_database_restart_between_requests_fails_no_request(
    site, throwaway_postgres, staff_phone
):
    """The restart closes every worker's idle connection; each is replaced before it is used."""
    staff = site.sign_in(username="staff", password=STAFF_PASSWORD, phone=staff_phone)
    for page in site.fetch_from_each_worker("/admin/", cookies=staff):
        assert page.status == 200  # each worker now holds a connection
    log_start = len(site.log.read_text())

    throwaway_postgres.stop()
    throwaway_postgres.start()

    for admin_index in site.fetch_from_each_worker("/admin/", cookies=staff):
        assert admin_index.status == 200
        assert "Site administration" in admin_index.text
    for screener in site.fetch_from_each_worker("/screener/", cookies=staff):
        assert screener.status == 200
        assert "Start now" in screener.text
    seen = statuses(site, since=log_start)
    assert 200 in seen
    assert not any(status >= 500 for status in seen), "no request failed on a closed connection"


def send_contact_request(visitor: Visitor, *, name: str) -> Response:
    page = visitor.get(CONTACT_URL)
    assert page.status == 200
    form = {
        **page.hidden_fields(),
        "name": name,
        "phone": "(555) 010-7788",
        "email": "",
        "best_time": "morning",
        "message": "",
        "consent": "on",
        "website": "",
    }
    return visitor.post(CONTACT_URL, form)


@pytest.mark.slow
@redis_cache
def test_site_keeps_serving_while_redis_is_down_and_recovers_without_a_restart(
    site, throwaway_redis, staff_phone
):
    warm_the_page_cache(site)
    staff = site.sign_in(username="staff", password=STAFF_PASSWORD, phone=staff_phone)
    answers = screener_typical_answers()
    visitor, next_question, answered = visitor_part_way(site, answers, questions=2)
    gunicorn_pid = site.process.pid
    log_start = len(site.log.read_text())

    throwaway_redis.stop()
    try:
        for _ in range(3):  # several rounds, so both gunicorn workers are seen to cope
            healthz = site.fetch("/healthz")
            assert healthz.status == 200
            assert healthz.text == "ok\ndatabase: ok\ncache: degraded\n"
            for path in [*PUBLIC_PATHS, CONTENT_PAGE, "/search/?q=pain", "/sitemap.xml"]:
                assert site.fetch(path).status == 200, path
                assert site.fetch(path, cookies=staff).status == 200, path
            not_found = site.fetch("/no-such-page/")
            assert not_found.status == 404
            assert "Need help now?" in not_found.text
            assert site.fetch("/admin/", cookies=staff).status == 200, "the session is in the DB"

        # The visitor's journey goes on from the sessions written through to the database.
        path, answered = screener_answer_questions(
            visitor=visitor, answers=answers, path=next_question, limit=2, answered=answered
        )

        # Staff can still sign in (second factor and all) ...
        again = site.sign_in(username="staff", password=STAFF_PASSWORD, phone=staff_phone)
        assert site.fetch("/admin/", cookies=again).status == 200
        # ... and the lockout still counts, in the database.
        nobody = f"nobody-{os.getpid()}"
        for attempt in range(5):
            login_page = site.fetch("/admin/login/")
            form = {
                "csrfmiddlewaretoken": login_page.csrf_token(),
                "username": nobody,
                "password": "not the password",
            }
            refused = site.fetch(
                "/admin/login/", method="POST", cookies=login_page.cookies, form=form
            )
            assert refused.status == (429 if attempt == 4 else 200), attempt
        assert "<h1>Signing in is paused</h1>" in refused.text

        # The contact form takes requests, and its rate limit counts across both workers.
        sender = Visitor(port=site.port)
        for number in range(5):
            sent = send_contact_request(sender, name=f"Person {number}")
            assert sent.status == 302, number
            receipt = sender.get(sent.location)
            assert receipt.status == 200
            assert "Your reference number" in receipt.text
        refused = send_contact_request(sender, name="Person 6")
        assert refused.status == 429
        assert "You have sent several requests in the last hour" in refused.text
    finally:
        throwaway_redis.start()

    # Each failed cache call was logged as one warning line, without a traceback or request.
    warnings = [
        line for line in log_lines(site, since=log_start) if line["logger"] == "django_redis.cache"
    ]
    assert warnings, "the outage was logged"
    for line in warnings:
        assert line["level"] == "WARNING"
        assert line["message"].startswith("Cache unavailable, carried on without it: ")
        assert "ConnectionError" in line["message"]
        assert not {"exception", "path", "method", "status"} & line.keys(), line

    deadline = time.monotonic() + 20
    while site.fetch("/healthz").text != "ok\ndatabase: ok\ncache: ok\n":
        assert time.monotonic() < deadline, "the cache did not come back"
        time.sleep(0.3)
    assert site.process.pid == gunicorn_pid and site.process.poll() is None, "not restarted"
    recovered_from = len(site.log.read_text())
    warm_the_page_cache(site)
    assert site.fetch("/admin/", cookies=staff).status == 200
    summary = visitor_finishes(visitor, answers, path=path, answered=answered)
    assert "Your summary" in summary.text
    assert visitor.get(CHECK_ANSWERS_URL).status == 200
    after = log_lines(site, since=recovered_from)
    assert not [line for line in after if line["logger"] == "django_redis.cache"], "back to normal"

    seen = statuses(site, since=log_start)
    assert not any(status >= 500 for status in seen), f"no request failed: {sorted(seen)}"


@pytest.mark.slow
@redis_cache
def test_with_redis_and_the_database_both_down_every_answer_is_a_friendly_page(
    site, throwaway_redis, throwaway_postgres
):
    log_start = len(site.log.read_text())
    throwaway_redis.stop()
    throwaway_postgres.stop()
    try:
        for _ in range(3):
            healthz = site.fetch("/healthz")
            assert healthz.status == 503
            assert healthz.text == "database unavailable\ndatabase: unavailable\ncache: degraded\n"
            for path in [*PUBLIC_PATHS, CONTENT_PAGE, "/no-such-page/", "/admin/login/"]:
                response = site.fetch(path)
                assert response.status in (200, 404, 503), path
                if response.status == 503:
                    assert_unavailable_page(response, path)
                # The layout shows the settings' defaults while neither store answers.
                assert "Riverside Ketamine Clinic" in response.text, path
    finally:
        throwaway_postgres.start()
        throwaway_redis.start()
    site.wait_until_healthy(timeout=20)
    seen = statuses(site, since=log_start)
    assert 503 in seen
    assert 500 not in seen


def test_database_error_while_middleware_loads_the_session_gets_the_503_page():
    """Without any server running: the session is read in middleware, before any view."""
    script = (
        "from django.test import Client; c = Client(raise_request_exception=False); "
        "c.cookies['sessionid'] = 'a' * 32; "
        "r = [c.get(p) for p in ('/privacy/', '/admin/', '/healthz')]; "
        "print('STATUS', *[x.status_code for x in r]); "
        f"print('FRIENDLY', all({UNAVAILABLE!r} in x.content.decode() for x in r[:2]))"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic_site.settings.test",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{free_port()}/none?connect_timeout=2",
    }
    output = manage("shell", "-c", script, env=environment, timeout=120)
    lines = dict(line.split(" ", 1) for line in output.splitlines() if " " in line)
    assert lines["STATUS"] == "503 503 503"
    assert lines["FRIENDLY"] == "True"
