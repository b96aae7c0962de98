"""The warning before the screener's answers expire: its dialog, the session it extends or
deletes, and what the visitor does with it by keyboard, in either language.

The time limit is shortened by the fixtures short_time_limit and shortest_time_limit
(tests/browser/conftest.py).
"""

import datetime

from django.contrib.sessions.models import Session
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.support.languages import reverse_in

from .axe import axe_check
from .browser_log import browser_log_take, console_problems
from .keyboard import key_press
from .layout import layout_problems, window_width_set
from .navigation import navigation_wait, path_of
from .screener import WORDS
from .screenshots import SCREENSHOTS

DIALOG = "[data-timeout-dialog]"
IN_DIALOG_JS = "return !!document.activeElement.closest('dialog[open]')"


def session_expiry(browser) -> datetime.datetime | None:
    """When the server will delete the browser's session, or None when it has none."""
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


def dialog_opened_check(browser, *, seconds: int, language: str = "en"):
    """The dialog just opened: focus is on Keep my answers, and the dialog is named and
    described in `language`, with the time limit of `seconds`. Returns the dialog."""
    words = WORDS[language]
    assert browser.switch_to.active_element.text == words.keep_answers
    dialog = browser.find_element(By.CSS_SELECTOR, DIALOG)
    title = browser.find_element(By.ID, dialog.get_attribute("aria-labelledby"))
    assert title.text == words.dialog_title
    assert words.dialog_why in dialog.text.lower()
    assert words.dialog_after.format(seconds=seconds) in dialog.text
    return dialog


def dialog_focus_held_check(browser, *, presses: int, language: str = "en") -> None:
    """Press Tab `presses` times, then Shift+Tab as many: focus stays in the dialog, going round
    its two buttons."""
    words = WORDS[language]
    stops = []
    for shift in (False,) * presses + (True,) * presses:
        key_press(browser, Keys.TAB, shift=shift)
        assert browser.execute_script(IN_DIALOG_JS), "focus left the dialog"
        stops.append(browser.switch_to.active_element.text)
    assert set(stops) == {words.keep_answers, words.delete_answers}


def dialog_screenshot(browser, width: int, *, name: str = "screener-timeout-dialog") -> None:
    """The window as the visitor sees it (the dialog sits in the middle of the screen)."""
    window_width_set(browser, width, height=800 if width > 400 else 740)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / f"{name}-{width}.png"))


def dialog_problems(browser, *, label: str, name: str) -> list[str]:
    """axe-core's findings and console errors with the dialog open, and its layout on a phone
    and a desktop (screenshots named `name`)."""
    problems = []
    if report := axe_check(browser, label=label):
        problems.append(report)
    problems += console_problems(browser_log_take(browser))
    for width in (375, 1280):
        dialog_screenshot(browser, width, name=name)
        problems += [f"at {width}px: {p}" for p in layout_problems(browser)]
    return problems


def keep_answers_press(browser, *, language: str = "en") -> datetime.datetime:
    """Press Keep my answers by keyboard; the dialog closes and the session's expiry moves on.

    Returns the new expiry.
    """
    keep = WORDS[language].keep_answers
    assert dialog_is_open(browser), "the checks above took longer than the warning"
    before = session_expiry(browser)
    if browser.switch_to.active_element.text != keep:
        key_press(browser, Keys.TAB)
    key_press(browser, Keys.ENTER)
    WebDriverWait(browser, 5, poll_frequency=0.1).until(lambda d: not dialog_is_open(d))
    after = session_expiry(browser)
    assert after is not None and before is not None
    assert after > before, "the expiry did not move on"
    return after


def delete_answers_press(browser, *, language: str = "en") -> None:
    """With the dialog open, Tab to Delete my answers now and press Enter; wait for the page."""
    key_press(browser, Keys.TAB)
    assert browser.switch_to.active_element.text == WORDS[language].delete_answers
    old_root = browser.find_element(By.TAG_NAME, "html")
    key_press(browser, Keys.ENTER)
    navigation_wait(browser, old_root)
    assert path_of(browser) == reverse_in(language, "screener:deleted")


def countdown_end_wait(browser, *, language: str = "en") -> str:
    """Let the countdown run out: wait for the expired page; return what its main content says."""
    old_root = browser.find_element(By.TAG_NAME, "html")
    dialog_wait_open(browser, seconds=20)
    WebDriverWait(browser, 20, poll_frequency=0.2).until(
        lambda d: path_of(d) == reverse_in(language, "screener:expired")
    )
    navigation_wait(browser, old_root)
    return browser.find_element(By.TAG_NAME, "main").text
