"""Every public page in a real browser: accessible, private, usable without JavaScript.

The pages are found by crawling the live site from the home page, the footer links and the
published content, in both languages, so a page added later is checked without touching these
tests. Each page is loaded once for all the desktop checks (support/survey.py); the tests here and
in test_layout.py, test_keyboard.py, test_spanish.py and test_phone_layout.py read the problems of
their own check.
"""

import pytest

from .support.browser_log import MISSING_PAGE_PATH
from .support.checks import failures_assert
from .support.survey import (
    AXE,
    MISSING_SPANISH_PAGE_PATH,
    REQUESTS_AND_CONSOLE,
    SHAPE,
    WITHOUT_JAVASCRIPT,
)

pytestmark = pytest.mark.browser
DESKTOP = pytest.mark.survey("desktop")


@DESKTOP
def test_the_crawl_finds_the_pages_every_visitor_can_reach(public_site_survey):
    paths = set(public_site_survey.paths)
    assert {"/", "/privacy/", "/need-help-now/", "/faq/", "/search/?q=ketamine"} <= paths, paths
    assert {MISSING_PAGE_PATH, MISSING_SPANISH_PAGE_PATH} <= paths


@DESKTOP
def test_every_public_page_and_the_404_page_pass_axe_wcag_a_and_aa(public_site_survey):
    failures = public_site_survey.failures(AXE)
    failures_assert(failures, what="axe-core found WCAG 2.x A/AA violations")


@DESKTOP
def test_no_page_requests_another_site_or_logs_an_error(public_site_survey):
    failures = public_site_survey.failures(REQUESTS_AND_CONSOLE)
    failures_assert(failures, what="requests leaving the site or console errors")


@DESKTOP
def test_every_page_has_one_h1_and_says_its_language(public_site_survey):
    failures = public_site_survey.failures(SHAPE)
    failures_assert(failures, what="pages without exactly one <h1> or in the wrong language")


@pytest.mark.survey("without JavaScript")
def test_every_page_shows_its_content_without_javascript(public_site_survey):
    failures = public_site_survey.failures(WITHOUT_JAVASCRIPT)
    failures_assert(failures, what="pages that need JavaScript to show their content")
