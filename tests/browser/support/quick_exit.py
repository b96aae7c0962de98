"""Exit this page, in either language: leaving by it, and what is left afterwards (nothing).

QUICK_EXIT_URL is NEUTRAL_PAGE, a page of the live server, by the fixture neutral_page
(tests/browser/conftest.py): no test may load another site.
"""

from django.contrib.sessions.models import Session
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.support.languages import reverse_in

from .browser_log import browser_log_take, foreign_requests
from .keyboard import shift_tap, tab_to
from .navigation import navigation_wait, page_open, page_wait_ready, path_of
from .screener import WORDS

NEUTRAL_PAGE = "/privacy/"
EXIT_BUTTON = "[data-exit-this-page-button]"


def exit_button_tab_to(browser, *, language: str = "en"):
    """Tab to Exit this page, checking its words; return the button."""
    words = WORDS[language].exit_page
    button = browser.find_element(By.CSS_SELECTOR, EXIT_BUTTON)
    assert button.text.endswith(words), button.text
    tab_to(browser, button, what=words)
    return button


def shift_three_times_exit(browser, session_key: str, *, language: str = "en") -> None:
    """Press Shift on its own three times: the first two are announced, the third exits."""
    status = browser.find_element(By.CSS_SELECTOR, "[data-exit-this-page-status]")
    for announcement in WORDS[language].shift_announcements:
        shift_tap(browser)
        assert status.get_attribute("textContent") == announcement
    old_root = browser.find_element(By.TAG_NAME, "html")
    shift_tap(browser)
    assert_exited(browser, old_root, session_key)


def assert_exited(browser, old_root, session_key: str) -> None:
    """The page left for the neutral page, the answers are gone, and nothing loaded elsewhere."""
    navigation_wait(browser, old_root)
    assert path_of(browser) == NEUTRAL_PAGE
    assert not Session.objects.filter(session_key=session_key).exists(), "answers still stored"
    assert browser.get_cookie("sessionid") is None
    problems = foreign_requests(browser_log_take(browser), base_url=browser.base_url)
    assert not problems, problems


def assert_no_answer_shown(
    browser, *, step_key: str, answers_said: tuple[str, ...], language: str = "en"
) -> None:
    """After an exit: Back, then the address of the answered step `step_key`, show no answer
    (the server is asked again); none of `answers_said` is on the page."""
    start = reverse_in(language, "screener:start")
    browser.back()
    page_wait_ready(browser)
    WebDriverWait(browser, 10, poll_frequency=0.1).until(lambda d: path_of(d) == start)
    navigation = browser.execute_script("return performance.getEntriesByType('navigation')[0].type")
    assert navigation in ("back_forward", "navigate"), navigation
    assert WORDS[language].resume not in browser.page_source
    assert not browser.find_elements(By.CSS_SELECTOR, "input:checked")
    page_open(browser, reverse_in(language, "screener:step", step_key))
    assert path_of(browser) == start, "a step's address goes to the start"
    assert not browser.find_elements(By.CSS_SELECTOR, "input:checked")
    for said in answers_said:
        assert said not in browser.find_element(By.TAG_NAME, "main").text
