"""Exit this page in Chromium: by the button (keyboard), by Shift pressed 3 times, and without
JavaScript. Each leaves for the neutral site at once, with the answers deleted on the server, and
neither Back nor a step's address shows an answer afterwards.

QUICK_EXIT_URL is a page of the live server here (the test settings' "/", or /privacy/ below):
no test may load another site.
"""

import pytest
from django.contrib.sessions.models import Session
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from screener.questions import STEPS_BY_KEY, Kind
from tests.screener.answers import CHRONIC_PAIN_VISITOR

from .support.axe import axe_check
from .support.browser_log import browser_log_take, foreign_requests
from .support.keyboard import key_press, key_press_and_wait
from .support.layout import layout_problems, window_width_set
from .support.navigation import navigation_wait, page_open, page_wait_ready
from .support.screenshots import screenshot_save

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEUTRAL_PAGE = "/privacy/"
EXIT_BUTTON = "[data-exit-this-page-button]"
# Long enough to reach a checklist and checkboxes, whose answers Back could bring back.
ROUTE = ["age", "pain-duration", "pain-type", "pain-score", "pain-interference"]


@pytest.fixture
def neutral_page(settings):
    settings.QUICK_EXIT_URL = NEUTRAL_PAGE
    return NEUTRAL_PAGE


def path_of(browser) -> str:
    return browser.current_url.removeprefix(browser.base_url)


def press(browser, element) -> None:
    key_press_and_wait(browser, element, Keys.ENTER)


def answer_by_keyboard(browser, key: str) -> None:
    step = STEPS_BY_KEY[key]
    value = CHRONIC_PAIN_VISITOR[key]
    if step.kind is Kind.CHECKLIST:
        pairs = list(value.items())
    else:
        pairs = [("answer", one) for one in (value if isinstance(value, list) else [value])]
    for name, one in pairs:
        browser.find_element(By.CSS_SELECTOR, f'input[name="{name}"][value="{one}"]').send_keys(" ")
    press(browser, browser.find_element(By.XPATH, '//button[normalize-space()="Continue"]'))


def journey_part_way(browser) -> str:
    """Answer the first few questions; return the session key holding the answers."""
    page_open(browser, "/screener/")
    press(browser, browser.find_element(By.XPATH, '//button[normalize-space()="Start now"]'))
    for key in ROUTE:
        assert path_of(browser) == f"/screener/{key}/"
        answer_by_keyboard(browser, key)
    return browser.get_cookie("sessionid")["value"]


def assert_no_answer_shown(browser) -> None:
    """After an exit: Back, then a step's address, show no answer (the server is asked again)."""
    browser.back()
    page_wait_ready(browser)
    WebDriverWait(browser, 10, poll_frequency=0.1).until(lambda d: path_of(d) == "/screener/")
    navigation = browser.execute_script("return performance.getEntriesByType('navigation')[0].type")
    assert navigation in ("back_forward", "navigate"), navigation
    assert "Continue where you left off" not in browser.page_source
    assert not browser.find_elements(By.CSS_SELECTOR, "input:checked")
    page_open(browser, f"/screener/{ROUTE[2]}/")
    assert path_of(browser) == "/screener/", "a step's address goes to the start"
    assert not browser.find_elements(By.CSS_SELECTOR, "input:checked")
    for label in ("Nerve pain", "7 out of 10"):
        assert label not in browser.find_element(By.TAG_NAME, "main").text


def button_top_when_scrolled(browser, width: int) -> float:
    """Where the button is once the visitor has scrolled down the question."""
    window_width_set(browser, width, height=500)
    # Bootstrap scrolls smoothly; jump, to read the position at once.
    browser.execute_script("window.scrollTo({top: 0, behavior: 'instant'})")
    button = browser.find_element(By.CSS_SELECTOR, EXIT_BUTTON)
    start = browser.execute_script("return arguments[0].getBoundingClientRect().top", button)
    browser.execute_script("window.scrollTo({top: 300, behavior: 'instant'})")
    assert browser.execute_script("return window.scrollY") == 300, "the page did not scroll"
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top", button)
    assert start > 20, f"the button is not below the header to start with ({start})"
    return top


def assert_exited(browser, old_root, session_key: str) -> None:
    navigation_wait(browser, old_root)
    assert path_of(browser) == NEUTRAL_PAGE
    assert not Session.objects.filter(session_key=session_key).exists(), "answers still stored"
    assert browser.get_cookie("sessionid") is None
    problems = foreign_requests(browser_log_take(browser), base_url=browser.base_url)
    assert not problems, problems


def test_the_exit_button_by_keyboard_leaves_at_once_and_back_shows_no_answer(browser, neutral_page):
    session_key = journey_part_way(browser)
    # The button stays at the top as the page scrolls, and Tab reaches it.
    assert 0 <= button_top_when_scrolled(browser, 1280) < 20
    window_width_set(browser, 1280)
    button = browser.find_element(By.CSS_SELECTOR, EXIT_BUTTON)
    for _ in range(40):
        key_press(browser, Keys.TAB)
        if browser.switch_to.active_element == button:
            break
    else:
        raise AssertionError("Tab never reached Exit this page")
    assert button.text.endswith("Exit this page")
    history_length = browser.execute_script("return history.length")
    old_root = browser.find_element(By.TAG_NAME, "html")
    key_press(browser, Keys.ENTER)
    assert_exited(browser, old_root, session_key)
    # The neutral site took the place of the page left, so Back goes to the one before it.
    assert browser.execute_script("return history.length") == history_length
    assert_no_answer_shown(browser)


def test_shift_pressed_three_times_exits_but_shift_tab_does_not(browser, neutral_page):
    session_key = journey_part_way(browser)
    status = browser.find_element(By.CSS_SELECTOR, "[data-exit-this-page-status]")
    page = path_of(browser)
    for _ in range(3):
        key_press(browser, Keys.TAB, shift=True)
    assert path_of(browser) == page, "Shift+Tab is not an exit"
    assert status.get_attribute("textContent") == ""
    assert Session.objects.filter(session_key=session_key).exists()
    ActionChains(browser).key_down(Keys.SHIFT).key_up(Keys.SHIFT).perform()
    assert status.get_attribute("textContent") == "Shift, press 2 more times to exit."
    ActionChains(browser).key_down(Keys.SHIFT).key_up(Keys.SHIFT).perform()
    assert status.get_attribute("textContent") == "Shift, press 1 more time to exit."
    old_root = browser.find_element(By.TAG_NAME, "html")
    ActionChains(browser).key_down(Keys.SHIFT).key_up(Keys.SHIFT).perform()
    assert_exited(browser, old_root, session_key)
    assert_no_answer_shown(browser)


def test_exit_works_without_javascript(browser_without_javascript, neutral_page):
    browser = browser_without_javascript
    session_key = journey_part_way(browser)
    press(browser, browser.find_element(By.CSS_SELECTOR, EXIT_BUTTON))
    assert path_of(browser) == NEUTRAL_PAGE
    assert not Session.objects.filter(session_key=session_key).exists()
    assert_no_answer_shown(browser)


def test_the_crisis_page_and_the_summary_exit_too(browser, neutral_page):
    session_key = journey_part_way(browser)
    page_open(browser, "/need-help-now/")
    old_root = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, EXIT_BUTTON).send_keys(Keys.ENTER)
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
