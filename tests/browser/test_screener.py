"""The screener in a real browser: every step and its errors, the crisis page, check answers and
the summary; accessible, by keyboard alone, without JavaScript, on phones and on paper.

The journey is read from screener/questions.py, so a new question is walked without changes here.
"""

import base64
import functools
import re
from collections.abc import Callable

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from screener.questions import STEPS_BY_KEY
from tests.screener.answers import CHRONIC_PAIN_VISITOR, CRISIS_VISITOR, NO_PAIN_VISITOR
from tests.support.languages import MONTHS_ES

from .support.browser_log import browser_log_take
from .support.checks import failures_assert, state_problems
from .support.keyboard import FocusWatcher, active_element, focus_wait, key_press
from .support.layout import layout_problems, printed, window_width_set
from .support.navigation import navigation_wait, page_open
from .support.screener import (
    CRISIS_ANSWER,
    JOURNEY_LIMIT,
    WORDS,
    WithoutJavascriptCheck,
    html_language_problems,
    screener_begin_from_home,
    screener_page,
    screener_walk,
    step_choices,
    summary_open_for,
    summary_printed_text,
    walk_order_assert,
)
from .support.screenshots import SCREENSHOTS, screenshots_at_widths

pytestmark = pytest.mark.browser


LANGUAGES = pytest.mark.parametrize("language", ["en", "es"])


@LANGUAGES
def test_every_screener_page_and_error_passes_axe_and_fits_a_320px_phone(browser, language):
    """At 320px, the narrowest phone; the walk without JavaScript below checks 375px. The walk
    begins on the English home page, switching language there for Spanish, as a visitor would."""
    window_width_set(browser, 320)
    failures: list[str | None] = []
    first_error = f"step {next(iter(STEPS_BY_KEY))} with an error"

    def state_check(label: str) -> None:
        log = browser_log_take(browser)
        if problems := html_language_problems(browser, language=language):
            failures.append(f"{label} ({browser.current_url}): {problems}")
        failures.append(state_problems(browser, label=label, log=log, widths=()))
        shots = {first_error: "error", "summary": "summary", "support (crisis page)": "crisis"}
        if label in shots:
            screenshots_at_widths(browser, f"screener-{language}-{shots[label]}")

    visited = screener_walk(
        browser,
        answers=CRISIS_ANSWER,
        state_check=state_check,
        language=language,
        begin=functools.partial(screener_begin_from_home, language=language),
    )
    walk_order_assert(visited)
    words = WORDS[language]
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith(words.summary_heading)
    assert words.crisis_call in browser.find_element(By.TAG_NAME, "main").text
    failures_assert([f for f in failures if f], what="screener accessibility or layout problems")


@LANGUAGES
def test_the_screener_works_without_javascript_and_fits_a_375px_phone(
    browser_without_javascript, language
):
    browser = browser_without_javascript
    window_width_set(browser, 375)
    state_check = WithoutJavascriptCheck(browser)
    screener_walk(
        browser,
        answers=CRISIS_ANSWER,
        state_check=state_check,
        with_errors=False,
        language=language,
    )
    assert "support (crisis page)" in state_check.seen and state_check.seen[-1] == "summary"
    words = WORDS[language]
    assert words.crisis_call in browser.find_element(By.TAG_NAME, "main").text
    # The print button needs JavaScript: in its place, how to print with the browser.
    assert not browser.find_element(By.CSS_SELECTOR, "[data-print]").is_displayed()
    fallback = browser.find_element(By.CSS_SELECTOR, "[data-print-fallback]")
    assert fallback.is_displayed() and words.print_button in fallback.text
    failures_assert(state_check.failures, what="screener problems without JavaScript")


@LANGUAGES
def test_the_summary_prints_without_navigation_with_the_date_and_clinic_contacts(browser, language):
    summary_open_for(browser, CHRONIC_PAIN_VISITOR, language=language)
    printed = summary_printed_text(browser)
    today = timezone.localdate()
    prepared = {
        "en": f"Prepared on {dateformat.format(today, 'j F Y')}",
        "es": f"Preparado el {today.day} de {MONTHS_ES[today.month - 1]} de {today.year}",
    }
    assert prepared[language] in printed
    assert WORDS[language].summary_heading in printed


def test_the_whole_screener_can_be_done_with_tab_space_and_enter_only(browser):
    """Tab, Shift+Tab, Space and Enter only; focus is checked to be visible at every stop."""
    watcher = FocusWatcher(browser)
    page_open(browser, reverse("screener:start"))

    def press(key: str, *, shift: bool = False) -> dict:
        key_press(browser, key, shift=shift)
        watcher.focus_moved()
        return watcher.info if watcher.active is not None else {}

    def skip_to_main() -> None:
        """Each page: the first Tab reaches the skip link, and Enter moves focus to <main>."""
        focused = press(Keys.TAB)
        assert focused.get("className") == "skip-link", focused.get("description")
        assert press(Keys.ENTER).get("tag") == "main"

    def tab_to(matches: Callable[[dict], bool], what: str, limit: int = 40) -> None:
        for _ in range(limit):
            focused = press(Keys.TAB)
            if focused and matches(focused):
                return
        raise AssertionError(f"{screener_page(browser)}: Tab never reached {what}")

    def is_continue(focused: dict) -> bool:
        return focused.get("tag") == "button" and focused.get("type") == "submit"

    def enter_and_wait() -> None:
        """Press Enter on the focused link or button, after checking its focus is visible."""
        target = watcher.active
        press(Keys.TAB, shift=True)  # step off and back: compares its focused and usual look
        press(Keys.TAB)
        assert watcher.active == target
        old_root = browser.find_element("tag name", "html")
        key_press(browser, Keys.ENTER)
        watcher.page_left()
        navigation_wait(browser, old_root)

    skip_to_main()
    tab_to(lambda focused: focused["text"] == "Start now", "the Start now button")
    enter_and_wait()

    first_step = True
    layout_failures = []
    for _ in range(JOURNEY_LIMIT):
        page = screener_page(browser)
        # At 1280px too, nothing overflows and the question has room.
        problems = layout_problems(browser)
        main_width = browser.find_element("css selector", "main").size["width"]
        if main_width <= 600:
            problems.append(f"the main column is only {main_width}px wide")
        if problems:
            layout_failures.append(f"{page}: " + "; ".join(problems))
        if page == "summary":
            break
        skip_to_main()
        if page == "check-answers":
            tab_to(lambda focused: focused["text"] == "See your summary", "See your summary")
            enter_and_wait()
            continue
        step = STEPS_BY_KEY[page]
        if first_step:
            # Continue with nothing selected, then follow the error summary to the question.
            tab_to(is_continue, "the Continue button")
            enter_and_wait()
            focus_wait(browser, browser.find_element("css selector", ".error-summary"))
            press(Keys.TAB)
            link = watcher.active
            target = link.get_attribute("href").split("#", 1)[1]
            press(Keys.ENTER)
            assert active_element(browser).get_attribute("id") == target
            press(Keys.TAB, shift=True)  # back to the summary link, then forward again
            assert watcher.active == link
            press(Keys.TAB)
            assert active_element(browser).get_attribute("id") == target
            first_step = False
            focused = watcher.info
        else:
            focused = press(Keys.TAB)
        # Tab reaches each radio group once and each checkbox; Space selects the first of each.
        groups = set(step_choices(step, {}))
        chosen: set[str] = set()
        for _ in range(60):
            name = focused.get("name")
            if focused.get("tag") == "input" and name in groups and name not in chosen:
                assert press(Keys.SPACE)["checked"], f"{step.key}: Space did not select {name}"
                chosen.add(name)
            if chosen == groups and is_continue(focused):
                break
            focused = press(Keys.TAB)
        else:
            raise AssertionError(f"{step.key}: could not answer by keyboard ({chosen} of {groups})")
        enter_and_wait()
        assert screener_page(browser) != step.key, f"{step.key}: the answer was not accepted"

    assert screener_page(browser) == "summary"
    assert browser.find_element("css selector", "main h1").text.startswith("Your summary")
    # Everything on the summary is reachable and visibly focused too.
    for _ in range(80):
        if not press(Keys.TAB):
            break
    assert not watcher.problems, "\n".join(watcher.problems)
    assert not layout_failures, "\n".join(layout_failures)


PRINTS = SCREENSHOTS.parent / "print"
PAPER_SIZES = {"Letter": (8.5, 11.0), "A4": (8.27, 11.69)}  # inches, as Chromium takes them


def printed_pdf(browser, paper: str) -> bytes:
    """The page printed to PDF by Chromium, as its print dialog would (no headers or footers)."""
    width, height = PAPER_SIZES[paper]
    result = browser.execute_cdp_cmd(
        "Page.printToPDF",
        {"paperWidth": width, "paperHeight": height, "displayHeaderFooter": False},
    )
    return base64.b64decode(result["data"])


def pdf_page_count(pdf: bytes) -> int:
    """The number of pages: Chromium writes each page object uncompressed, as /Type /Page."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    "visitor",
    [CHRONIC_PAIN_VISITOR, NO_PAIN_VISITOR, CRISIS_VISITOR],
    ids=["chronic pain", "no pain", "crisis"],
)
def test_a_typical_summary_prints_on_four_pages_or_fewer(browser, visitor, language, request):
    """Printed as the browser's dialog would, on Letter and A4; the PDFs are kept to look at."""
    summary_open_for(browser, visitor, language=language)
    PRINTS.mkdir(parents=True, exist_ok=True)
    for paper in PAPER_SIZES:
        pdf = printed_pdf(browser, paper)
        name = re.sub(r"\W+", "-", request.node.callspec.id)
        (PRINTS / f"summary-{name}-{paper}.pdf").write_bytes(pdf)
        pages = pdf_page_count(pdf)
        assert 1 < pages <= 4, f"{paper}: {pages} pages"


def test_the_printed_summary_has_no_controls_and_prints_link_addresses(browser):
    summary_open_for(browser, CHRONIC_PAIN_VISITOR, language="es")
    with printed(browser):
        for selector in (".site-header__language", ".screener-summary__english", "button"):
            shown = [e for e in browser.find_elements("css selector", selector) if e.is_displayed()]
            assert not shown, f"{selector} is printed"
        link = browser.find_element("css selector", ".screener-summary a[href^='http://']")
        after = browser.execute_script(
            "return getComputedStyle(arguments[0], '::after').content", link
        )
        assert link.get_attribute("href") in after, "the address is printed after the link"
        heading = browser.find_element("css selector", ".screener-summary h3")
        assert (
            browser.execute_script("return getComputedStyle(arguments[0]).breakAfter", heading)
            == "avoid"
        )
