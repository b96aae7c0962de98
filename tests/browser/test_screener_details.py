"""Screener details in a real Chromium: the pages and behaviours the full walks leave out."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from screener.questions import STEPS_BY_KEY, Kind
from tests.browser.support.axe import axe_check
from tests.browser.support.browser_log import browser_log_take, console_problems
from tests.browser.support.checks import failures_assert
from tests.browser.support.keyboard import key_press_and_wait
from tests.browser.support.layout import layout_problems, window_width_set
from tests.browser.support.navigation import page_open, page_wait_ready, path_of
from tests.browser.support.screener import journey_answered, summary_open_for
from tests.browser.support.screenshots import SCREENSHOTS, screenshot_save
from tests.screener.answers import CHRONIC_PAIN_VISITOR, CRISIS_VISITOR
from tests.screener.support import step_key_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# Where the answers-at-a-glance cell holding a word sits: under its question (not beside it), and
# on how many lines the word is drawn (two when it breaks in the middle).
ANSWER_PLACEMENT_JS = """
const word = arguments[0];
const cell = [...document.querySelectorAll(".screener-summary__table td")]
  .find((td) => td.textContent.includes(word));
const question = cell.closest("tr").querySelector("th").getBoundingClientRect();
const text = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
while (!text.nextNode().textContent.includes(word)) {}
const range = document.createRange();
const start = text.currentNode.textContent.indexOf(word);
range.setStart(text.currentNode, start);
range.setEnd(text.currentNode, start + word.length);
return {
  under: cell.getBoundingClientRect().top >= question.bottom - 1,
  lines: new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size,
};
"""


def press(browser, element) -> None:
    key_press_and_wait(browser, element, Keys.ENTER)


def continue_button(browser):
    return browser.find_element(By.XPATH, '//button[normalize-space()="Continue"]')


def tick(browser, name: str, value: str) -> None:
    """Select a radio or tick a checkbox with the space bar, as a keyboard user does."""
    browser.find_element(By.CSS_SELECTOR, f'input[name="{name}"][value="{value}"]').send_keys(" ")


def answer_page(browser, key: str, value) -> None:
    step = STEPS_BY_KEY[key]
    if step.kind is Kind.CHECKLIST:
        for item, item_value in value.items():
            tick(browser, item, item_value)
    else:
        for one in value if isinstance(value, list) else [value]:
            tick(browser, "answer", one)
    press(browser, continue_button(browser))


def start_journey(browser) -> None:
    page_open(browser, "/screener/")
    press(browser, browser.find_element(By.XPATH, '//button[normalize-space()="Start now"]'))


def test_adults_only_and_expired_pages_pass_axe_and_fit_a_320px_phone(browser):
    """The two screener pages the full walks in test_screener.py do not reach."""
    window_width_set(browser, 320)
    failures = []

    def check(label: str) -> None:
        page_wait_ready(browser)
        problems = layout_problems(browser)
        problems += console_problems(browser_log_take(browser))
        if problems:
            failures.append(f"{label}:\n  " + "\n  ".join(problems))
        if report := axe_check(browser, label=label):
            failures.append(report)

    page_open(browser, "/screener/for-adults/")
    check("for adults")
    start_journey(browser)
    browser.delete_cookie("sessionid")
    page_open(browser, "/screener/ride-home/")
    assert "Your answers have expired, start again" in browser.page_source
    check("expired")
    failures_assert(failures, what="accessibility, layout or console problems")


def test_error_summary_takes_focus_and_links_to_the_first_choice(browser):
    start_journey(browser)
    press(browser, continue_button(browser))
    focused = browser.switch_to.active_element
    assert "There is a problem" in focused.text
    press_link = browser.find_element(By.LINK_TEXT, "Select yes if you are 18 or older")
    press_link.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "id_answer_0"


def test_print_button_opens_the_browsers_print_dialog(browser):
    summary_open_for(browser, CRISIS_VISITOR)
    button = browser.find_element(By.CSS_SELECTOR, "[data-print]")
    assert button.is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, "[data-print-fallback]").is_displayed()
    browser.execute_script("window.print = () => { window.printCalled = true; };")
    button.click()
    assert browser.execute_script("return window.printCalled === true")


def test_the_medicines_question_and_its_summary_item_fit_phones_and_wide_screens(browser):
    """The medicines step and the summary's item for it, checked and photographed."""
    failures = []

    def check(label: str) -> None:
        for width in (375, 1280):
            window_width_set(browser, width)
            problems = layout_problems(browser)
            if problems:
                failures.append(f"{label} at {width}px:\n  " + "\n  ".join(problems))
        if report := axe_check(browser, label=label):
            failures.append(report)

    page_open(browser, journey_answered(browser, CHRONIC_PAIN_VISITOR, until="medicines"))
    while (key := step_key_of(path_of(browser))) is not None:
        if key == "medicines":
            assert browser.find_element(By.TAG_NAME, "h1").text == "Are you taking any of these?"
            check("the medicines question")
            for width in (375, 1280):
                window_width_set(browser, width)
                screenshot_save(browser, "screener-medicines")
        answer_page(browser, key, CHRONIC_PAIN_VISITOR[key])
    press(browser, browser.find_element(By.LINK_TEXT, "See your summary"))
    check_first = browser.find_element(By.CSS_SELECTOR, '[aria-labelledby="summary-check-first"]')
    assert "Medicines that need care with ketamine" in check_first.text
    assert "Stimulants, for example for ADHD" in check_first.text
    check("the summary")
    window_width_set(browser, 375)
    placement = browser.execute_script(ANSWER_PLACEMENT_JS, "Benzodiazepines")
    assert placement["under"], "on a phone the medicines answer goes under its question"
    assert placement["lines"] == 1, "a long word in an answer is never broken in the middle"
    window_width_set(browser, 1280)
    assert not browser.execute_script(ANSWER_PLACEMENT_JS, "Benzodiazepines")["under"]
    for width in (375, 1280):
        # The window as the visitor sees it, scrolled to the item (the page's scroll padding
        # keeps it below the sticky Exit this page button).
        window_width_set(browser, width, height=1000)
        item = check_first.find_elements(By.CSS_SELECTOR, ".screener-summary__item")[-1]
        browser.execute_script(
            "arguments[0].scrollIntoView({block: 'start', behavior: 'instant'})", item
        )
        browser.save_screenshot(str(SCREENSHOTS / f"screener-summary-medicines-{width}.png"))
    failures_assert(failures, what="medicines question or summary problems")


def test_ticking_none_of_these_unticks_the_other_medicines_and_back_again(browser):
    """GOV.UK's exclusive checkboxes: a choice that stands alone unticks the rest."""
    page_open(browser, journey_answered(browser, CHRONIC_PAIN_VISITOR, until="medicines"))

    def ticked() -> list[str]:
        boxes = browser.find_elements(By.CSS_SELECTOR, 'input[name="answer"]:checked')
        return [box.get_attribute("value") for box in boxes]

    first, second = (choice.value for choice in STEPS_BY_KEY["medicines"].choices[:2])
    tick(browser, "answer", first)
    tick(browser, "answer", second)
    assert ticked() == [first, second]
    tick(browser, "answer", "none")
    assert ticked() == ["none"]
    tick(browser, "answer", first)
    assert ticked() == [first]


def test_start_again_asks_first_without_javascript_and_passes_axe(browser_without_javascript):
    """The confirmation is a page with a button, so it works without JavaScript; "No" keeps
    every answer, "Yes" deletes them and returns to the start."""
    browser = browser_without_javascript
    window_width_set(browser, 320)
    page_open(browser, journey_answered(browser, CHRONIC_PAIN_VISITOR))
    press(browser, browser.find_element(By.LINK_TEXT, "Start again"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Are you sure you want to start again?"
    problems = layout_problems(browser)
    report = axe_check(browser, label="start again")
    failures_assert([*problems, *([report] if report else [])], what="start again page problems")
    press(browser, browser.find_element(By.LINK_TEXT, "No, keep my answers"))
    assert path_of(browser) == "/screener/check-your-answers/"
    press(browser, browser.find_element(By.LINK_TEXT, "Start again"))
    yes = '//button[normalize-space()="Yes, delete my answers and start again"]'
    press(browser, browser.find_element(By.XPATH, yes))
    assert path_of(browser) == "/screener/"
    assert "Continue where you left off" not in browser.page_source
