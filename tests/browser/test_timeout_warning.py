"""The warning before the answers expire, in Chromium, by keyboard: it opens before the time
limit, holds focus, is announced without talking every second, passes axe, keeps the answers on
the server or deletes them on request, and the end of the countdown deletes them.

The time limit is shortened for these tests (settings), as the whole site follows one setting.
"""

import datetime
import time

import pytest
from django.contrib.sessions.models import Session
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from .support.axe import axe_check
from .support.browser_log import browser_log_take, console_problems
from .support.keyboard import key_press, key_press_and_wait
from .support.layout import layout_problems, window_width_set
from .support.navigation import navigation_wait, page_open
from .support.screenshots import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIALOG = "[data-timeout-dialog]"
IN_DIALOG_JS = "return !!document.activeElement.closest('dialog[open]')"


@pytest.fixture
def short_time_limit(settings):
    """A 40-second limit, warned of 30 seconds before: time to look at the dialog closely."""
    settings.SESSION_COOKIE_AGE = 40
    settings.SCREENER_TIMEOUT_WARNING_SECONDS = 30
    return settings


@pytest.fixture
def shortest_time_limit(settings):
    """A 20-second limit, warned of 10 seconds before."""
    settings.SESSION_COOKIE_AGE = 20
    settings.SCREENER_TIMEOUT_WARNING_SECONDS = 10
    return settings


def press(browser, element) -> None:
    key_press_and_wait(browser, element, Keys.ENTER)


def journey_begin(browser) -> None:
    """Start the questions and answer the first, by keyboard; end on the second question."""
    page_open(browser, "/screener/")
    press(browser, browser.find_element(By.XPATH, '//button[normalize-space()="Start now"]'))
    browser.find_element(By.CSS_SELECTOR, 'input[name="answer"][value="yes"]').send_keys(" ")
    press(browser, browser.find_element(By.XPATH, '//button[normalize-space()="Continue"]'))
    assert browser.current_url.endswith("/screener/pain-duration/")


def session_expiry(browser) -> datetime.datetime | None:
    cookie = browser.get_cookie("sessionid")
    if cookie is None:
        return None
    found = Session.objects.filter(session_key=cookie["value"]).first()
    return found.expire_date if found else None


def dialog_wait_open(browser, *, seconds: float) -> None:
    WebDriverWait(browser, seconds, poll_frequency=0.1).until(
        lambda d: d.execute_script(f"return document.querySelector('{DIALOG}').open")
    )


def dialog_is_open(browser) -> bool:
    return browser.execute_script(f"return document.querySelector('{DIALOG}').open")


def dialog_screenshot(browser, width: int) -> None:
    """The window as the visitor sees it (the dialog sits in the middle of the screen)."""
    window_width_set(browser, width, height=800 if width > 400 else 740)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / f"screener-timeout-dialog-{width}.png"))


def test_the_warning_opens_holds_focus_passes_axe_and_keep_my_answers_extends_them(
    browser, short_time_limit
):
    journey_begin(browser)
    opened_at = time.monotonic()
    browser.find_element(By.CSS_SELECTOR, 'input[name="answer"][value="no"]').send_keys(" ")
    assert not dialog_is_open(browser), "no warning before its time"
    dialog_wait_open(browser, seconds=20)
    assert time.monotonic() - opened_at >= 8, "the warning came too early"

    # Focus moves into the dialog, on "Keep my answers"; the dialog is named and described.
    focused = browser.switch_to.active_element
    assert focused.text == "Keep my answers"
    dialog = browser.find_element(By.CSS_SELECTOR, DIALOG)
    title = browser.find_element(By.ID, dialog.get_attribute("aria-labelledby"))
    assert title.text == "Your answers will soon be deleted"
    assert "to protect your privacy" in dialog.text.lower()
    assert "after 40 seconds without activity" in dialog.text

    # Tab and Shift+Tab stay inside it, round and round.
    stops = []
    for shift in (False,) * 5 + (True,) * 5:
        key_press(browser, Keys.TAB, shift=shift)
        assert browser.execute_script(IN_DIALOG_JS), "focus left the dialog"
        stops.append(browser.switch_to.active_element.text)
    assert set(stops) == {"Keep my answers", "Delete my answers now"}

    # The visible countdown moves every second; the live region does not repeat it each time.
    countdown = dialog.find_element(By.CSS_SELECTOR, "[data-timeout-countdown]")
    live = dialog.find_element(By.CSS_SELECTOR, "[data-timeout-live]")
    assert live.get_attribute("aria-live") == "polite"
    seen_countdown, seen_live = {countdown.text}, {live.get_attribute("textContent")}
    for _ in range(3):
        time.sleep(1.05)
        seen_countdown.add(countdown.text)
        seen_live.add(live.get_attribute("textContent"))
    assert len(seen_countdown) >= 3, seen_countdown
    assert len(seen_live) == 1, seen_live
    assert next(iter(seen_live)).startswith("We will delete your answers in ")

    problems = axe_check(browser, label="the timeout warning")
    problems = [problems] if problems else []
    problems += console_problems(browser_log_take(browser))
    for width in (375, 1280):
        dialog_screenshot(browser, width)
        problems += [f"at {width}px: {p}" for p in layout_problems(browser)]
    assert not problems, "\n".join(problems)

    # "Keep my answers" by keyboard: the dialog closes and the session lasts longer on the server.
    assert dialog_is_open(browser), "the checks above took longer than the warning"
    before = session_expiry(browser)
    focused = browser.switch_to.active_element
    if focused.text != "Keep my answers":
        key_press(browser, Keys.TAB)
    key_press(browser, Keys.ENTER)
    WebDriverWait(browser, 5, poll_frequency=0.1).until(lambda d: not dialog_is_open(d))
    after = session_expiry(browser)
    assert after is not None and before is not None
    assert after > before, "the expiry did not move on"
    assert after > datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=35)
    assert browser.execute_script("return document.activeElement.value") == "no", "focus returns"
    assert browser.current_url.endswith("/screener/pain-duration/"), "the page stays"
    assert browser.find_element(By.CSS_SELECTOR, 'input[value="no"]').is_selected()


def test_escape_keeps_the_answers_too(browser, shortest_time_limit):
    journey_begin(browser)
    dialog_wait_open(browser, seconds=20)
    before = session_expiry(browser)
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    WebDriverWait(browser, 5, poll_frequency=0.1).until(lambda d: session_expiry(d) != before)
    assert not dialog_is_open(browser)
    assert session_expiry(browser) > before


def test_delete_my_answers_now_deletes_them_on_the_server(browser, shortest_time_limit):
    journey_begin(browser)
    session_key = browser.get_cookie("sessionid")["value"]
    dialog_wait_open(browser, seconds=20)
    key_press(browser, Keys.TAB)
    delete_button = browser.switch_to.active_element
    assert delete_button.text == "Delete my answers now"
    old_root = browser.find_element(By.TAG_NAME, "html")
    key_press(browser, Keys.ENTER)
    navigation_wait(browser, old_root)
    assert browser.current_url.endswith("/screener/deleted/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Your answers have been deleted"
    assert not Session.objects.filter(session_key=session_key).exists()
    if report := axe_check(browser, label="your answers have been deleted"):
        raise AssertionError(report)
    page_open(browser, "/screener/age/")
    assert browser.current_url.endswith("/screener/"), "no answers: back to the start"


def test_the_end_of_the_countdown_deletes_the_answers_and_says_what_happened(
    browser, shortest_time_limit
):
    journey_begin(browser)
    session_key = browser.get_cookie("sessionid")["value"]
    old_root = browser.find_element(By.TAG_NAME, "html")
    dialog_wait_open(browser, seconds=20)
    WebDriverWait(browser, 20, poll_frequency=0.2).until(
        lambda d: d.current_url.endswith("/screener/expired/")
    )
    navigation_wait(browser, old_root)
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Your answers have expired, start again" in main
    assert "we delete your answers after 20 seconds without activity" in main
    assert not Session.objects.filter(session_key=session_key).exists()
    browser.back()
    WebDriverWait(browser, 10, poll_frequency=0.1).until(
        lambda d: (
            d.current_url.rstrip("/").endswith("/screener")
            or "expired" in d.find_element(By.TAG_NAME, "h1").text
        )
    )
    assert not browser.find_elements(By.CSS_SELECTOR, "input:checked")
