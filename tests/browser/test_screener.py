"""The screener in a real browser: every step and its errors, the crisis page, check answers and
the summary; accessible, by keyboard alone, without JavaScript, on phones and on paper.

The journey is read from screener/questions.py, so a new question is walked without changes here.
"""

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import dateformat, timezone
from selenium.webdriver.common.keys import Keys

from screener.forms import ANSWER_FIELD
from screener.questions import STEPS_BY_KEY, Kind, Step

from .support.browser_log import browser_log_take, console_problems, foreign_requests
from .support.checks import failures_assert, state_problems
from .support.keyboard import (
    FocusWatcher,
    active_element,
    focus_wait,
    key_press,
    key_press_and_wait,
)
from .support.layout import layout_problems, window_width_set
from .support.navigation import navigation_wait, page_open
from .support.screenshots import screenshot_save

pytestmark = pytest.mark.browser

JOURNEY_LIMIT = 60  # pages; far more than the screener has, so a loop fails instead of hanging
CRISIS_ANSWER = {"self-harm": "several_days"}


def screener_page(browser) -> str:
    """Name the screener page the browser shows: a step's key, or the page's URL name."""
    path = urlsplit(browser.current_url).path
    for name in ("start", "support", "check-answers", "summary", "for-adults"):
        if path == reverse(f"screener:{name}"):
            return name
    key = path.removeprefix(reverse("screener:start")).strip("/")
    assert key in STEPS_BY_KEY, f"unexpected page in the screener: {browser.current_url}"
    return key


def step_choices(step: Step, overrides: dict[str, str]) -> dict[str, str]:
    """Map each input name on the step's page to the value to select: the first by default."""
    value = overrides.get(step.key, step.choices[0].value)
    if step.kind is Kind.CHECKLIST:
        return {item.key: value for item in step.items}
    return {ANSWER_FIELD: value}


def continue_press(browser) -> None:
    """Press Enter on the page's main button (Start now, Continue)."""
    button = browser.find_element("css selector", "main form button[type=submit]")
    key_press_and_wait(browser, button, Keys.ENTER)


def link_follow(browser, text: str) -> None:
    key_press_and_wait(browser, browser.find_element("link text", text), Keys.ENTER)


def error_state_check(browser, step: Step) -> None:
    """The page after Continue with nothing selected: GOV.UK error pattern, focus on the list."""
    assert browser.title.startswith("Error: "), browser.title
    summary = browser.find_element("css selector", ".error-summary")
    assert summary.is_displayed()
    focus_wait(browser, summary, what=f"{step.key}: the error summary")
    messages = [link.text for link in summary.find_elements("css selector", "a")]
    expected = [str(item.error) for item in step.items] or [str(step.error_required)]
    assert messages == expected, f"{step.key}: {messages}"
    assert browser.find_elements("css selector", ".field--error .field-error-message")


def screener_walk(
    browser,
    *,
    answers: dict[str, str],
    state_check: Callable[[str], None],
    with_errors: bool = True,
) -> list[str]:
    """Go from the start page to the summary; at each page and each error, call state_check.

    With errors, every step is first sent empty to see its error state; then it is answered
    (the first choice unless `answers` says otherwise). Returns the pages visited, in order.
    """
    page_open(browser, reverse("screener:start"))
    state_check("start")
    continue_press(browser)
    visited = []
    for _ in range(JOURNEY_LIMIT):
        page = screener_page(browser)
        visited.append(page)
        if page == "summary":
            state_check("summary")
            return visited
        if page == "support":
            state_check("support (crisis page)")
            link_follow(browser, "Continue with the questions")
            continue
        if page == "check-answers":
            state_check("check your answers")
            link_follow(browser, "See your summary")
            continue
        step = STEPS_BY_KEY[page]
        state_check(f"step {step.key}")
        if with_errors:
            continue_press(browser)
            assert screener_page(browser) == step.key, f"{step.key}: an empty answer passed"
            error_state_check(browser, step)
            state_check(f"step {step.key} with an error")
        for name, value in step_choices(step, answers).items():
            browser.find_element(
                "css selector", f"main input[name='{name}'][value='{value}']"
            ).send_keys(Keys.SPACE)
        continue_press(browser)
    raise AssertionError(f"the journey did not reach the summary: {visited}")


def test_every_screener_page_and_error_passes_axe_and_fits_a_320px_phone(browser):
    """At 320px, the narrowest phone; the walk without JavaScript below checks 375px."""
    window_width_set(browser, 320)
    failures: list[str | None] = []
    first_error = f"step {next(iter(STEPS_BY_KEY))} with an error"

    def state_check(label: str) -> None:
        log = browser_log_take(browser)
        failures.append(state_problems(browser, label=label, log=log, widths=()))
        if label in (first_error, "summary"):
            name = "screener-error" if label == first_error else "screener-summary"
            for width in (375, 1280):
                window_width_set(browser, width)
                screenshot_save(browser, name)
            window_width_set(browser, 320)

    visited = screener_walk(browser, answers=CRISIS_ANSWER, state_check=state_check)
    assert "support" in visited and "check-answers" in visited
    asked = [page for page in visited if page in STEPS_BY_KEY]
    assert asked == [key for key in STEPS_BY_KEY if key in asked]
    failures_assert([f for f in failures if f], what="screener accessibility or layout problems")


def test_the_screener_works_without_javascript_and_fits_a_375px_phone(
    browser_without_javascript,
):
    browser = browser_without_javascript
    window_width_set(browser, 375)
    seen: list[str] = []
    failures: list[str] = []

    def state_check(label: str) -> None:
        seen.append(label)
        log = browser_log_take(browser)
        heading = browser.find_element("css selector", "main h1")
        problems = [] if heading.is_displayed() else ["the page heading is not shown"]
        problems += [
            f"request to another site: {url}"
            for url in foreign_requests(log, base_url=browser.base_url)
        ]
        problems += console_problems(log) + layout_problems(browser)
        if problems:
            failures.append(f"{label}:\n  " + "\n  ".join(problems))

    screener_walk(browser, answers=CRISIS_ANSWER, state_check=state_check, with_errors=False)
    assert "support (crisis page)" in seen and seen[-1] == "summary"
    assert "Call or text" in browser.find_element("css selector", "main").text
    failures_assert(failures, what="screener problems without JavaScript")


def screener_complete_over_http(browser) -> None:
    """Answer every step (first choices) with Django's test client; give the browser its session.

    For tests about the summary itself: the browser walks the journey in the tests above.
    """
    client = Client()
    response = client.post(reverse("screener:start"))
    for _ in range(JOURNEY_LIMIT):
        path = urlsplit(response["Location"]).path
        if path == reverse("screener:check-answers"):
            break
        step = STEPS_BY_KEY[path.removeprefix(reverse("screener:start")).strip("/")]
        response = client.post(path, step_choices(step, {}))
        assert response.status_code == 302, f"{step.key}: answer not accepted"
    page_open(browser, "/")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    browser.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": session})
    page_open(browser, reverse("screener:summary"))
    assert screener_page(browser) == "summary"


def test_the_summary_prints_without_navigation_with_the_date_and_clinic_contacts(browser):
    screener_complete_over_http(browser)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        for selector in (".site-nav", ".skip-link", ".back-link", ".no-print", "button"):
            shown = [e for e in browser.find_elements("css selector", selector) if e.is_displayed()]
            assert not shown, f"{selector} is printed"
        printed = browser.find_element("tag name", "body").text
        today = dateformat.format(timezone.localdate(), "j F Y")
        assert f"Prepared on {today}" in printed
        for contact in ("Riverside Ketamine Clinic", "(555) 010-0142", "hello@clinic.example"):
            assert contact in printed, f"{contact} is not printed"
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


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
