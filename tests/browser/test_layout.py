"""Every public page on small phones and wide screens, and on paper."""

import pytest

from .support.browser_log import MISSING_PAGE_PATH
from .support.checks import failures_assert
from .support.crawl import public_paths_all, published_page_paths
from .support.layout import PHONE_WIDTHS, layout_problems, window_width_set
from .support.navigation import page_open
from .support.screenshots import screenshot_save

pytestmark = pytest.mark.browser


@pytest.fixture
def public_paths(site_content) -> list[str]:
    return [*public_paths_all(), MISSING_PAGE_PATH]


@pytest.fixture
def print_media(browser):
    """Render pages as the browser would print them, for this test only."""
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    yield browser
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_no_page_scrolls_sideways_or_cuts_text_off_on_small_phones(browser, public_paths):
    failures = []
    for width in PHONE_WIDTHS:
        window_width_set(browser, width)
        for path in public_paths:
            page_open(browser, path)
            problems = layout_problems(browser)
            if problems:
                failures.append(f"{path} at {width}px:\n  " + "\n  ".join(problems))
    failures_assert(failures, what="sideways scrolling or cut-off text")


def test_wide_screens_give_the_main_column_room_and_nothing_overflows(browser, public_paths):
    window_width_set(browser, 1280)
    failures = []
    for path in public_paths:
        page_open(browser, path)
        problems = layout_problems(browser)
        main_width = browser.find_element("css selector", "main").size["width"]
        if main_width <= 600:
            problems.append(f"the main column is only {main_width}px wide in a 1280px window")
        if problems:
            failures.append(f"{path} at 1280px:\n  " + "\n  ".join(problems))
    failures_assert(failures, what="wide-screen layout problems")


def test_screenshots_of_the_home_page_and_a_content_page_at_phone_and_desktop_widths(
    browser, site_content
):
    pages = {"home": "/"}
    content_pages = published_page_paths()
    if content_pages:
        pages["content-page"] = content_pages[0]
    for width in (375, 1280):
        window_width_set(browser, width)
        for name, path in pages.items():
            page_open(browser, path)
            shot = screenshot_save(browser, name)
            assert shot.stat().st_size > 10_000, f"{shot} looks empty"


def test_printed_pages_leave_out_navigation_and_keep_the_clinic_contact_details(
    print_media, public_paths
):
    browser = print_media
    failures = []
    for path in public_paths:
        page_open(browser, path)
        shown = [
            selector
            for selector in (".site-nav", ".skip-link", ".site-header__crisis")
            if any(
                element.is_displayed()
                for element in browser.find_elements("css selector", selector)
            )
        ]
        footer = browser.find_element("css selector", "footer").text
        missing = [
            text for text in ("(555) 010-0142", "hello@clinic.example") if text not in footer
        ]
        if shown or missing:
            failures.append(f"{path}: printed with {shown}; contact details missing: {missing}")
    failures_assert(failures, what="print layout problems")
