"""Every public page with the keyboard alone: the skip link, and focus that is always visible.

The focus walk runs on the desktop visit of each page (support/survey.py)."""

import pytest
from selenium.webdriver.common.keys import Keys

from .support.checks import failures_assert
from .support.keyboard import active_element, focused_description, key_press, tab_through_page
from .support.navigation import page_open
from .support.survey import FOCUS

pytestmark = pytest.mark.browser


def test_first_tab_reaches_the_skip_link_and_enter_moves_focus_to_the_main_content(
    browser, site_content
):
    for path in ("/", "/privacy/"):
        page_open(browser, path)
        key_press(browser, Keys.TAB)
        skip_link = active_element(browser)
        assert skip_link.text == "Skip to main content", path
        assert skip_link.is_displayed() and skip_link.location["x"] >= 0
        key_press(browser, Keys.ENTER)
        focused = active_element(browser)
        assert focused.tag_name == "main", f"{path}: focus went to {focused.tag_name}"
        # The focused <main> keeps its usual look: a focus fill behind the page is unreadable.
        background = browser.execute_script(
            "return getComputedStyle(document.activeElement).backgroundColor"
        )
        assert background in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"), background
        # The next Tab continues from the main content, not from the top of the page.
        key_press(browser, Keys.TAB)
        inside_main = browser.execute_script(
            "return document.querySelector('main').contains(document.activeElement)"
            " || document.querySelector('footer').contains(document.activeElement)"
        )
        assert inside_main, f"{path}: Tab after the skip link went back to the header"


@pytest.mark.survey("desktop")
def test_every_link_and_control_shows_focus_when_tabbed_to(public_site_survey):
    """The whole home page; then the main content of each page that has a kind of control
    not seen on an earlier page (pages built from one template are walked once)."""
    survey = public_site_survey
    assert survey.walked[:1] == ["/"], survey.walked
    failures_assert(
        survey.failures(FOCUS), what=f"keyboard focus problems (pages walked: {survey.walked})"
    )


def test_shift_tab_walks_back_through_the_same_elements(browser, site_content):
    page_open(browser, "/")
    forward, _ = tab_through_page(browser)
    backward = []
    for _ in forward:
        key_press(browser, Keys.TAB, shift=True)
        backward.append(focused_description(browser))
    assert backward == list(reversed(forward))
