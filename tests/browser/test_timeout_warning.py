"""The warning before the answers expire, in Chromium, by keyboard, in English and in Spanish: it
opens before the time limit, holds focus, is announced without talking every second, passes axe,
keeps the answers on the server or deletes them on request, and the end of the countdown deletes
them and says so.

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

from tests.support.languages import reverse_in

from .support.axe import axe_check
from .support.navigation import page_open, path_of
from .support.screener import journey_begin
from .support.timeout_warning import (
    countdown_end_wait,
    delete_answers_press,
    dialog_focus_held_check,
    dialog_is_open,
    dialog_opened_check,
    dialog_problems,
    dialog_wait_open,
    keep_answers_press,
    session_expiry,
)

pytestmark = [pytest.mark.browser, pytest.mark.timer, pytest.mark.django_db(transaction=True)]
LANGUAGES = pytest.mark.parametrize("language", ["en", "es"])
# What the pages say, in each language.
LIVE_ANNOUNCEMENT = {"en": "We will delete your answers in ", "es": "Borraremos sus respuestas en "}
DELETED = {"en": "Your answers have been deleted", "es": "Borramos sus respuestas"}
EXPIRED = {
    "en": "Your answers have expired, start again",
    "es": "Se acabó el tiempo para sus respuestas, empiece de nuevo",
}
TIME_LIMIT_SAID = {
    "en": "we delete your answers after 12 seconds without activity",
    "es": "12 segundos",
}


def second_question_reach(browser, *, language: str = "en") -> str:
    """Start the questions and answer the first, by keyboard; end on the second question.

    Returns the session key holding the answer.
    """
    session_key = journey_begin(browser, {"age": "yes"}, language=language)
    assert path_of(browser) == reverse_in(language, "screener:step", "pain-duration")
    return session_key


@LANGUAGES
def test_the_warning_opens_holds_focus_passes_axe_and_keep_my_answers_extends_them(
    browser, short_time_limit, language
):
    second_question_reach(browser, language=language)
    opened_at = time.monotonic()
    browser.find_element(By.CSS_SELECTOR, 'input[name="answer"][value="no"]').send_keys(" ")
    assert not dialog_is_open(browser), "no warning before its time"
    dialog_wait_open(browser, seconds=20)
    assert time.monotonic() - opened_at >= 3, "the warning came too early"

    # Focus moves into the dialog, on "Keep my answers"; the dialog is named and described.
    dialog = dialog_opened_check(
        browser, seconds=short_time_limit.SESSION_COOKIE_AGE, language=language
    )

    # Tab and Shift+Tab stay inside it, round and round.
    dialog_focus_held_check(browser, presses=5, language=language)

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
    # At most one new announcement in those seconds (a 15-second mark may fall among them on a
    # slow machine), never one a second.
    assert len(seen_live) <= 2, seen_live
    assert all(said.startswith(LIVE_ANNOUNCEMENT[language]) for said in seen_live), seen_live

    problems = dialog_problems(
        browser, label=f"the timeout warning ({language})", name=f"screener-{language}-timeout"
    )
    assert not problems, "\n".join(problems)

    # "Keep my answers" by keyboard: the dialog closes and the session lasts longer on the server.
    after = keep_answers_press(browser, language=language)
    # A whole time limit from now (give or take the round trip), where 12 seconds were left.
    limit = datetime.timedelta(seconds=short_time_limit.SESSION_COOKIE_AGE - 4)
    assert after > datetime.datetime.now(datetime.UTC) + limit
    assert browser.execute_script("return document.activeElement.value") == "no", "focus returns"
    assert path_of(browser) == reverse_in(language, "screener:step", "pain-duration"), "it stays"
    assert browser.find_element(By.CSS_SELECTOR, 'input[value="no"]').is_selected()


def test_escape_keeps_the_answers_too(browser, shortest_time_limit):
    second_question_reach(browser)
    dialog_wait_open(browser, seconds=20)
    before = session_expiry(browser)
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    WebDriverWait(browser, 5, poll_frequency=0.1).until(lambda d: session_expiry(d) != before)
    assert not dialog_is_open(browser)
    assert session_expiry(browser) > before


@LANGUAGES
def test_delete_my_answers_now_deletes_them_on_the_server(browser, shortest_time_limit, language):
    session_key = second_question_reach(browser, language=language)
    dialog_wait_open(browser, seconds=20)
    delete_answers_press(browser, language=language)
    assert browser.find_element(By.TAG_NAME, "h1").text == DELETED[language]
    assert browser.execute_script("return document.documentElement.lang") == language
    assert not Session.objects.filter(session_key=session_key).exists()
    if report := axe_check(browser, label=f"your answers have been deleted ({language})"):
        raise AssertionError(report)
    page_open(browser, reverse_in(language, "screener:step", "age"))
    assert path_of(browser) == reverse_in(language, "screener:start"), "no answers: the start"


@LANGUAGES
def test_the_end_of_the_countdown_deletes_the_answers_and_says_what_happened(
    browser, shortest_time_limit, language
):
    session_key = second_question_reach(browser, language=language)
    main = countdown_end_wait(browser, language=language)
    assert EXPIRED[language] in main
    assert TIME_LIMIT_SAID[language] in main
    assert not Session.objects.filter(session_key=session_key).exists()
    browser.back()
    WebDriverWait(browser, 10, poll_frequency=0.1).until(
        lambda d: (
            path_of(d) == reverse_in(language, "screener:start")
            or d.find_element(By.TAG_NAME, "h1").text == EXPIRED[language]
        )
    )
    assert not browser.find_elements(By.CSS_SELECTOR, "input:checked")
