"""Every public page with the keyboard alone: the skip link, and focus that is always visible."""

import pytest
from selenium.webdriver.common.keys import Keys

from .support.checks import failures_assert
from .support.crawl import public_paths_all
from .support.keyboard import active_element, focused_description, key_press, tab_through_page
from .support.navigation import page_open

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


# Each focusable element in <main> as the kind of control it is: tag, classes, type, and the
# nearest styled container (a link in a callout can look different from one in the text).
CONTROL_KINDS_JS = """
const selector = "a[href], button, input, select, textarea, summary,"
  + " [tabindex]:not([tabindex='-1'])";
return [...document.querySelector("main").querySelectorAll(selector)].map((el) => {
  const container = el.parentElement.closest("[class]");
  return `${el.tagName}.${[...el.classList].sort().join(".")}[${el.type || ""}]`
    + ` in ${container ? container.classList[0] : ""}`;
});
"""


def test_every_link_and_control_shows_focus_when_tabbed_to(browser, site_content):
    """The whole home page; then the main content of each page that has a kind of control
    not seen on an earlier page (pages built from one template are walked once)."""
    failures = []
    seen_kinds: set[str] = set()
    walked = []
    for path in public_paths_all():
        page_open(browser, path)
        kinds = set(browser.execute_script(CONTROL_KINDS_JS))
        if path != "/" and kinds <= seen_kinds:
            continue
        seen_kinds |= kinds
        walked.append(path)
        stops, problems = tab_through_page(browser, main_only=path != "/")
        if path == "/" and len(stops) < 5:
            problems.append(f"only {len(stops)} elements took focus: {stops}")
        if problems:
            failures.append(f"{path}:\n  " + "\n  ".join(problems))
    failures_assert(failures, what=f"keyboard focus problems (pages walked: {walked})")


def test_shift_tab_walks_back_through_the_same_elements(browser, site_content):
    page_open(browser, "/")
    forward, _ = tab_through_page(browser)
    backward = []
    for _ in forward:
        key_press(browser, Keys.TAB, shift=True)
        backward.append(focused_description(browser))
    assert backward == list(reversed(forward))
