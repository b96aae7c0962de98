"""Fixtures for the browser tests: the site's content, the browser without JavaScript, a shorter
screener time limit, and Exit this page leaving for a page of the live server."""

import pytest

from .support.quick_exit import NEUTRAL_PAGE


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
    """A 40-second limit, warned of 30 seconds before: time to look at the dialog closely.

    The whole site follows the one setting, so the tests need not wait 30 minutes.
    """
    settings.SESSION_COOKIE_AGE = 40
    settings.SCREENER_TIMEOUT_WARNING_SECONDS = 30
    return settings


@pytest.fixture
def shortest_time_limit(settings):
    """A 20-second limit, warned of 10 seconds before."""
    settings.SESSION_COOKIE_AGE = 20
    settings.SCREENER_TIMEOUT_WARNING_SECONDS = 10
    return settings


@pytest.fixture
def neutral_page(settings):
    """Exit this page leaves for a page of the live server (the test settings' is "/")."""
    settings.QUICK_EXIT_URL = NEUTRAL_PAGE
    return NEUTRAL_PAGE
