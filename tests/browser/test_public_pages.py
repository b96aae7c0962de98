"""Every public page in a real browser: accessible, private, usable without JavaScript.

The pages are found by crawling the live site from the home page, the footer links and the
published content, so a page added later is checked without touching these tests.
"""

import pytest

from .support.axe import axe_check
from .support.browser_log import MISSING_PAGE_PATH, console_problems, foreign_requests
from .support.checks import failures_assert
from .support.crawl import public_paths_all
from .support.navigation import page_open

pytestmark = pytest.mark.browser


@pytest.fixture
def public_paths(site_content) -> list[str]:
    paths = public_paths_all()
    assert {"/", "/privacy/", "/need-help-now/"} <= set(paths), paths
    return paths


def test_every_public_page_and_the_404_page_pass_axe_wcag_a_and_aa(browser, public_paths):
    failures = []
    for path in [*public_paths, MISSING_PAGE_PATH]:
        page_open(browser, path)
        report = axe_check(browser, label=path)
        if report:
            failures.append(report)
    failures_assert(failures, what="axe-core found WCAG 2.x A/AA violations")


def test_no_page_requests_another_site_or_logs_an_error(browser, public_paths):
    failures = []
    for path in [*public_paths, MISSING_PAGE_PATH]:
        log = page_open(browser, path)
        problems = [
            f"request to another site: {url}"
            for url in foreign_requests(log, base_url=browser.base_url)
        ]
        problems += console_problems(log, expected_status=404 if path == MISSING_PAGE_PATH else 200)
        if problems:
            failures.append(f"{path}:\n  " + "\n  ".join(problems))
    failures_assert(failures, what="requests leaving the site or console errors")


def test_every_page_shows_its_content_without_javascript(browser_without_javascript, public_paths):
    browser = browser_without_javascript
    failures = []
    for path in [*public_paths, MISSING_PAGE_PATH]:
        page_open(browser, path)
        headings = browser.find_elements("css selector", "main h1")
        main_text = browser.find_element("css selector", "main").text.strip()
        if len(headings) != 1 or not headings[0].is_displayed() or len(main_text) < 40:
            failures.append(f"{path}: no visible heading and content ({main_text[:80]!r})")
    failures_assert(failures, what="pages that need JavaScript to show their content")
