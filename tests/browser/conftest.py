"""Fixtures for the browser tests: the site's content, the browser without JavaScript, a shorter
screener time limit, Exit this page leaving for a page of the live server, and the survey of
every public page."""

import pytest

from tests.conftest import run_folder

from .support.quick_exit import NEUTRAL_PAGE
from .support.survey import VIEWS, Survey, SurveyStore


@pytest.fixture
def site_content(transactional_db, loaded_content):
    """The educational pages, as `make run` loads them (live-server tests empty the database)."""


@pytest.fixture
def browser_without_javascript(browser):
    """The shared Chromium with JavaScript switched off for this test only."""
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    browser.javascript_disabled = True
    yield browser
    browser.javascript_disabled = False
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


@pytest.fixture
def short_time_limit(settings):
    """A 24-second limit: the warning opens 12 seconds before it (its lead is at most half the
    limit, screener/journey.py), time to look at the dialog closely.

    The whole site follows the one setting, so the tests need not wait 30 minutes.
    """
    settings.SESSION_COOKIE_AGE = 24
    settings.SCREENER_TIMEOUT_WARNING_SECONDS = 30
    return settings


@pytest.fixture
def shortest_time_limit(settings):
    """A 12-second limit: the warning opens 6 seconds after a page loads (its lead is at most
    half the limit), long after the test has reached the question it waits on."""
    settings.SESSION_COOKIE_AGE = 12
    settings.SCREENER_TIMEOUT_WARNING_SECONDS = 8
    return settings


@pytest.fixture
def neutral_page(settings):
    """Exit this page leaves for a page of the live server (the test settings' is "/")."""
    settings.QUICK_EXIT_URL = NEUTRAL_PAGE
    return NEUTRAL_PAGE


SURVEY_VIEWS = pytest.StashKey[set]()


def pytest_collection_finish(session):
    """Note which views of the public pages this run's tests read (see support/survey.py)."""
    session.config.stash[SURVEY_VIEWS] = {
        marker.args[0] for item in session.items for marker in item.iter_markers("survey")
    }


@pytest.fixture(scope="session")
def survey_store(tmp_path_factory, pytestconfig) -> SurveyStore:
    return SurveyStore(
        run_folder(tmp_path_factory), needed=pytestconfig.stash.get(SURVEY_VIEWS, set())
    )


@pytest.fixture
def public_site_survey(request, survey_store, browser, site_content) -> Survey:
    """The survey of every public page in the view the test is marked with
    (@pytest.mark.survey("desktop"), "phones" or "without JavaScript"): each view's pages are
    visited once in the run, by the first test (on any worker) that needs them."""
    marker = request.node.get_closest_marker("survey")
    assert marker and marker.args[0] in VIEWS, "mark the test @pytest.mark.survey(<a view>)"
    return survey_store.take(browser, marker.args[0])
