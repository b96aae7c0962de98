"""Fixtures for the browser tests: the site's content, and the browser without JavaScript."""

import io

import pytest
from django.core.management import call_command


@pytest.fixture
def site_content(transactional_db):
    """Load the educational pages, as `make run` does (live-server tests empty the database)."""
    call_command("load_content", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def browser_without_javascript(browser):
    """The shared Chromium with JavaScript switched off for this test only."""
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    browser.javascript_disabled = True
    yield browser
    browser.javascript_disabled = False
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
