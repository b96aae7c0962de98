"""Exit this page in Chromium, in English and in Spanish: by the button (keyboard), by Shift
pressed 3 times, and without JavaScript. Each leaves for the neutral site at once, with the
answers deleted on the server, and neither Back nor a step's address shows an answer afterwards.

QUICK_EXIT_URL is a page of the live server here (the test settings' "/", or /privacy/ by the
neutral_page fixture): no test may load another site.
"""

import pytest
from django.contrib.sessions.models import Session
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.screener.answers import CHRONIC_PAIN_VISITOR
from tests.support.languages import reverse_in

from .support.axe import axe_check
from .support.keyboard import enter_press, key_press
from .support.layout import layout_problems, window_width_set
from .support.navigation import page_open, path_of
from .support.quick_exit import (
    EXIT_BUTTON,
    NEUTRAL_PAGE,
    assert_exited,
    assert_no_answer_shown,
    exit_button_tab_to,
    shift_three_times_exit,
)
from .support.screener import journey_begin
from .support.screenshots import screenshot_save

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LANGUAGES = pytest.mark.parametrize("language", ["en", "es"])

# Long enough to reach a checklist and checkboxes, whose answers Back could bring back.
ROUTE = ["age", "pain-duration", "pain-type", "pain-score", "pain-interference"]
# The answers as the pages say them, which must not show after an exit.
ANSWERS_SAID = {"en": ("Nerve pain", "7 out of 10"), "es": ("Dolor de los nervios",)}


def journey_part_way(browser, *, language: str = "en") -> str:
    """Answer the first few questions; return the session key holding the answers."""
    answers = {key: CHRONIC_PAIN_VISITOR[key] for key in ROUTE}
    return journey_begin(browser, answers, language=language)


def no_answer_shown_assert(browser, *, language: str = "en") -> None:
    """After an exit: Back, then a step's address, show no answer (the server is asked again)."""
    assert_no_answer_shown(
        browser, step_key=ROUTE[2], answers_said=ANSWERS_SAID[language], language=language
    )


def button_top_when_scrolled(browser, width: int) -> float:
    """Where the button is once the visitor has scrolled down the question."""
    window_width_set(browser, width, height=500)
    # Jump, to read the position at once whatever the page's scroll behaviour.
    browser.execute_script("window.scrollTo({top: 0, behavior: 'instant'})")
    button = browser.find_element(By.CSS_SELECTOR, EXIT_BUTTON)
    start = browser.execute_script("return arguments[0].getBoundingClientRect().top", button)
    browser.execute_script("window.scrollTo({top: 300, behavior: 'instant'})")
    assert browser.execute_script("return window.scrollY") == 300, "the page did not scroll"
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top", button)
    assert start > 20, f"the button is not below the header to start with ({start})"
    return top


@LANGUAGES
def test_the_exit_button_by_keyboard_leaves_at_once_and_back_shows_no_answer(
    browser, neutral_page, language
):
    session_key = journey_part_way(browser, language=language)
    # The button stays at the top as the page scrolls, and Tab reaches it.
    assert 0 <= button_top_when_scrolled(browser, 1280) < 20
    window_width_set(browser, 1280)
    exit_button_tab_to(browser, language=language)
    history_length = browser.execute_script("return history.length")
    old_root = browser.find_element(By.TAG_NAME, "html")
    key_press(browser, Keys.ENTER)
    assert_exited(browser, old_root, session_key)
    # The neutral site took the place of the page left, so Back goes to the one before it.
    assert browser.execute_script("return history.length") == history_length
    no_answer_shown_assert(browser, language=language)


@LANGUAGES
def test_shift_pressed_three_times_exits_but_shift_tab_does_not(browser, neutral_page, language):
    session_key = journey_part_way(browser, language=language)
    status = browser.find_element(By.CSS_SELECTOR, "[data-exit-this-page-status]")
    page = path_of(browser)
    for _ in range(3):
        key_press(browser, Keys.TAB, shift=True)
    assert path_of(browser) == page, "Shift+Tab is not an exit"
    assert status.get_attribute("textContent") == ""
    assert Session.objects.filter(session_key=session_key).exists()
    shift_three_times_exit(browser, session_key, language=language)
    no_answer_shown_assert(browser, language=language)


def test_exit_works_without_javascript(browser_without_javascript, neutral_page):
    browser = browser_without_javascript
    session_key = journey_part_way(browser)
    enter_press(browser, browser.find_element(By.CSS_SELECTOR, EXIT_BUTTON))
    assert path_of(browser) == NEUTRAL_PAGE
    assert not Session.objects.filter(session_key=session_key).exists()
    no_answer_shown_assert(browser)


@LANGUAGES
def test_the_crisis_page_exits_too(browser, neutral_page, language):
    session_key = journey_part_way(browser, language=language)
    page_open(browser, reverse_in(language, "crisis"))
    old_root = browser.find_element(By.TAG_NAME, "html")
    exit_button_tab_to(browser, language=language)
    key_press(browser, Keys.ENTER)
    assert_exited(browser, old_root, session_key)


def test_the_exit_button_fits_phones_stays_in_view_and_passes_axe(browser, neutral_page):
    journey_part_way(browser)
    problems = []
    for width in (375, 1280):
        window_width_set(browser, width)
        screenshot_save(browser, "screener-exit-this-page")
        problems += [f"at {width}px: {p}" for p in layout_problems(browser)]
        top = button_top_when_scrolled(browser, width)
        if not 0 <= top < 20:
            problems.append(f"at {width}px: the button scrolled away (top {top})")
    window_width_set(browser, 375)
    rect = browser.execute_script(
        "return arguments[0].getBoundingClientRect().toJSON()",
        browser.find_element(By.CSS_SELECTOR, EXIT_BUTTON),
    )
    assert rect["width"] >= 340, f"not full width on a phone: {rect}"
    assert rect["height"] >= 44, f"too small to tap: {rect}"
    if report := axe_check(browser, label="a step with Exit this page"):
        problems.append(report)
    assert not problems, "\n".join(problems)
