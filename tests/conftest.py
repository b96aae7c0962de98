"""Project-wide test fixtures: how the suite finds its browser and its database."""

import os
import secrets
import shutil
import sqlite3
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

from clinic_site.content_version import content_version_bump
from content.loader import content_load
from tests.browser.support.survey import VIEWS as SURVEY_VIEWS
from tests.support.content_snapshot import content_snapshot_restore, content_snapshot_take
from tests.support.databases import (
    MIGRATED_SQLITE,
    database_drop,
    migrated_sqlite_copy,
    postgres_reachable,
    postgres_server_url,
)
from tests.support.migrations import migration_database
from tests.support.prepared_site import PreparedSite, prepared_site_shared
from tests.support.servers import site_environment

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMEDRIVER_PATHS = ("/usr/bin/chromedriver",)


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Each test starts in English. A request to a Spanish page leaves Spanish active in the
    thread after it (LocaleMiddleware sets it for each request and never resets it), which
    would otherwise carry into the next test's code that runs outside a request."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """The test database, and on SQLite a copy of it as migrate left it (before any test).

    Tests that start the site in another process copy that file rather than migrating a new
    database of their own, which costs several seconds each.
    """
    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            copy = sqlite3.connect(tmp_path_factory.getbasetemp() / MIGRATED_SQLITE)
            try:
                connection.connection.backup(copy)
            finally:
                copy.close()
    return django_db_setup


@pytest.fixture
def migrated_sqlite_url(django_db_setup, tmp_path_factory, tmp_path) -> str:
    """A DATABASE_URL for a new SQLite file with every migration applied, for a subprocess."""
    return f"sqlite:///{migrated_sqlite_copy(tmp_path_factory, tmp_path)}"


@pytest.fixture(scope="session")
def content_snapshot(django_db_setup, django_db_blocker):
    """The pages as `manage.py load_content` makes them, loaded once for this run (or worker)."""

    def load():
        report = content_load()
        assert not report.errors, report.errors
        return report

    with django_db_blocker.unblock():
        return content_snapshot_take(load=load)


@pytest.fixture
def loaded_content(content_snapshot, django_db_blocker):
    """The educational pages in this test's database, exactly as `manage.py load_content` leaves
    them. Needs `db` or `transactional_db` first (as the test's own fixtures ask)."""
    with django_db_blocker.unblock():
        content_snapshot_restore(content_snapshot)
    content_version_bump()
    return content_snapshot.report


@pytest.fixture
def migration_database_url(tmp_path):
    """An empty database of this pass's engine for one migration test (tests/support)."""
    with migration_database(tmp_path) as url:
        yield url


def skip_or_fail(reason: str) -> None:
    """Skip locally when a real part is missing; in CI a missing part is a failure."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: missing parts fail the run)")
    pytest.skip(reason)


def pytest_addoption(parser):
    parser.addoption(
        "--engine-dependent",
        action="store_true",
        help="Only the tests whose result can depend on the database engine: those that use a "
        "database, but not the browser or slow tiers (CI runs these on SQLite as well).",
    )


# Test files whose tests use the database only to keep a visitor's session (Django's session
# table) or to serve a page over HTTP: what they check does not depend on the engine, and the
# ORM code they pass through is tested on both engines by the other files. --engine-dependent
# leaves them out.
ENGINE_INDEPENDENT_FILES = {
    "tests/screener/test_bad_input.py",
    "tests/screener/test_journey.py",
    "tests/screener/test_quick_exit.py",
    "tests/screener/test_spanish_screener.py",
    "tests/screener/test_summary_page.py",
    "tests/site/test_forms_rendering.py",
    "tests/site/test_layout.py",
    "tests/site/test_public_pages.py",
    "tests/site/test_request_logging.py",
    "tests/site/test_security_headers.py",
}


# The migration tests' database is one of their own (migration_database_url), of this pass's
# engine.
DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "migration_database_url"}


def uses_database(item) -> bool:
    return bool(
        item.get_closest_marker("django_db")
        or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config, items):
    """Choose and group the tests for this run.

    PostgreSQL-only tests run in the PostgreSQL pass and are deselected on SQLite. With
    --engine-dependent only the database tests outside the browser and slow tiers remain,
    less ENGINE_INDEPENDENT_FILES.
    """
    on_postgresql = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    engine_dependent = config.getoption("--engine-dependent")
    selected, deselected = [], []
    for item in items:
        keep = on_postgresql or not item.get_closest_marker("postgres")
        if engine_dependent:
            keep = keep and uses_database(item)
            keep = keep and item.nodeid.split("::")[0] not in ENGINE_INDEPENDENT_FILES
            keep = keep and not item.get_closest_marker("browser")
            keep = keep and not item.get_closest_marker("slow")
        (selected if keep else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected
    browser_tests_order(items)


def browser_tests_order(items: list) -> None:
    """Order the browser tests (in the places they hold) so that neither worker sits idle.

    - First, the first test to read each survey of the public pages (the longest survey first),
      so that the two workers each make one at the start; last, the other tests that read a
      survey, which then find it made. Side by side in the middle, a worker needing the survey
      the other was making waited for it: 24 seconds idle in one PostgreSQL pass.
    - Between them, the tests marked `timer` spread evenly among the others. They wait out a real
      timer (the screener's time limit) with the CPU idle; side by side, as they are in file
      order, both workers waited at once (45 seconds with the two cores three-quarters idle).

    Browser tests only change places with each other, all among the live-server tests, so the
    order pytest-django gives (database tests before the tests whose flush empties the tables)
    holds.
    """
    places = [index for index, item in enumerate(items) if item.get_closest_marker("browser")]
    browser = [items[index] for index in places]
    first_reader = {}
    for item in browser:
        if view := survey_view(item):
            first_reader.setdefault(view, item)
    makers = [first_reader[view] for view in SURVEY_VIEWS if view in first_reader]  # longest first
    readers = [item for item in browser if survey_view(item) and item not in makers]
    timers = [item for item in browser if item.get_closest_marker("timer")]
    others = [item for item in browser if not survey_view(item) and item not in timers]
    step = len(others) / max(len(timers), 1)
    # From the last place back, so each insertion leaves the earlier places where they are.
    for number, item in reversed(list(enumerate(timers))):
        others.insert(round((number + 0.5) * step), item)
    for index, item in zip(places, makers + others + readers, strict=True):
        items[index] = item


def survey_view(item) -> str | None:
    marker = item.get_closest_marker("survey")
    return marker.args[0] if marker else None


def find_executable(candidates: tuple[str, ...], name: str) -> str | None:
    for path in candidates:
        if os.path.exists(path):
            return path
    return shutil.which(name)


@pytest.fixture(scope="session")
def chromium_driver():
    """One headless Chromium for the whole run, driven by Debian's chromedriver."""
    chromium = find_executable(CHROMIUM_PATHS, "chromium")
    chromedriver = find_executable(CHROMEDRIVER_PATHS, "chromedriver")
    if not chromium or not chromedriver:
        skip_or_fail(
            "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
        )

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--window-size=1280,900",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    driver.set_page_load_timeout(30)
    driver.javascript_disabled = False  # browser_without_javascript switches it for one test
    yield driver
    driver.quit()


@pytest.fixture
def browser(live_server, chromium_driver):
    """The shared Chromium with a clean slate: no cookies, desktop width, JavaScript on.

    The live server is started first so that it stops last: Chromium, quitting before it, closes
    its kept-alive connections while the server still shares SQLite's in-memory database with
    the threads that answer them (closed after, each thread raised an error at the run's end).
    """
    chromium_driver.delete_all_cookies()
    chromium_driver.set_window_size(1280, 900)
    chromium_driver.base_url = live_server.url
    yield chromium_driver
    chromium_driver.delete_all_cookies()


@pytest.fixture
def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def run_folder(tmp_path_factory) -> Path:
    """The folder this run's pytest-xdist workers share: one level above each worker's own."""
    folder = tmp_path_factory.getbasetemp()
    return folder.parent if os.environ.get("PYTEST_XDIST_WORKER") else folder


@pytest.fixture(scope="session")
def prepared_site(tmp_path_factory) -> PreparedSite:
    """The site's PostgreSQL database, migrated with the pages loaded, made once in the run
    (tests/support/prepared_site.py): copy it rather than migrate a database of one's own."""
    server_url = postgres_server_url()
    if not postgres_reachable(server_url=server_url):
        skip_or_fail(f"PostgreSQL is not reachable at {server_url} (needed to serve the site)")
    with prepared_site_shared(folder=run_folder(tmp_path_factory), server_url=server_url) as site:
        yield site


@pytest.fixture(scope="session")
def served_site_environment(prepared_site):
    """A PostgreSQL database of this worker's own, ready for gunicorn under production settings.

    Migrated, with the pages loaded and the static files collected; yields the environment for
    site processes (add REDIS_URL for a shared cache). Dropped at the end of the run.
    """
    name = f"clinic_served_{os.getpid()}_{secrets.token_hex(3)}"
    database_url = prepared_site.copy(name=name)
    try:
        environment = site_environment(database_url=database_url)
        environment["STATIC_ROOT"] = prepared_site.static_root
        yield environment
    finally:
        database_drop(server_url=prepared_site.server_url, name=name)
