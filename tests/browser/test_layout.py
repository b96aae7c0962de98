"""Every public page on small phones and wide screens, and on paper.

The pages are visited once per view for every check (support/survey.py): at each phone width,
and on the desktop, where the page is also laid out for print.
"""

import pytest

from .support.checks import failures_assert
from .support.crawl import published_page_paths
from .support.layout import PHONE_WIDTHS, window_width_set
from .support.navigation import page_open
from .support.screenshots import screenshot_save
from .support.survey import PHONE_LAYOUT, PRINT, WIDE_LAYOUT

pytestmark = pytest.mark.browser
DESKTOP = pytest.mark.survey("desktop")


@pytest.mark.survey("phones")
def test_no_page_scrolls_sideways_or_cuts_text_off_on_small_phones(public_site_survey):
    failures = public_site_survey.failures(PHONE_LAYOUT)
    failures_assert(failures, what=f"sideways scrolling or cut-off text at {PHONE_WIDTHS} px")


@DESKTOP
def test_wide_screens_give_the_main_column_room_and_nothing_overflows(public_site_survey):
    failures = public_site_survey.failures(WIDE_LAYOUT)
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


@DESKTOP
def test_printed_pages_leave_out_navigation_and_keep_the_clinic_contact_details(
    public_site_survey,
):
    failures = public_site_survey.failures(PRINT)
    failures_assert(failures, what="print layout problems")
