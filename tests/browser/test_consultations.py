"""The contact form in a real browser: its errors, its confirmation, with and without JavaScript."""

import pytest
from django.core.cache import cache
from selenium.webdriver.common.keys import Keys

from .support.browser_log import browser_log_take
from .support.checks import failures_assert, state_problems
from .support.keyboard import active_element, focus_wait, key_press, key_press_and_wait, keys_type
from .support.navigation import page_open
from .support.screener import summary_open_for

pytestmark = pytest.mark.browser


@pytest.fixture
def empty_cache():
    """The form's rate limit counts in the cache: start each test with nothing counted."""
    # Cleared before, not after: tests that follow may rely on what the cache holds.
    cache.clear()


@pytest.fixture(params=["with JavaScript", "without JavaScript"])
def contact_browser(request, browser, empty_cache):
    if request.param == "without JavaScript":
        return request.getfixturevalue("browser_without_javascript")
    return browser


def form_send(browser) -> None:
    """Press Enter on the form's send button."""
    button = browser.find_element("css selector", "main form button[type=submit]")
    key_press_and_wait(browser, button, Keys.ENTER)


def test_contact_form_errors_and_confirmation_are_accessible_and_work_by_keyboard(
    contact_browser,
):
    browser = contact_browser
    failures = []
    page_open(browser, "/contact/")

    form_send(browser)
    assert browser.title.startswith("Error:"), browser.title
    summary = browser.find_element("css selector", ".error-summary")
    focus_wait(browser, summary, what="the error summary")
    failures.append(
        state_problems(browser, label="contact form with errors", log=browser_log_take(browser))
    )

    # The summary's first link moves focus to the field it names.
    key_press(browser, Keys.TAB)
    link = active_element(browser)
    assert summary.find_elements("css selector", "a")[0] == link
    target_id = link.get_attribute("href").split("#", 1)[1]
    key_press(browser, Keys.ENTER)
    assert active_element(browser).get_attribute("id") == target_id

    keys_type(browser, "Jordan Example")
    browser.find_element("id", "id_phone").send_keys("(555) 010-7788")
    browser.find_element("id", "id_consent").send_keys(Keys.SPACE)
    browser_log_take(browser)
    form_send(browser)

    assert browser.find_element("css selector", "h1").text == "Request sent"
    failures.append(state_problems(browser, label="request sent", log=browser_log_take(browser)))
    failures_assert([failure for failure in failures if failure], what="contact form problems")


@pytest.mark.django_db(transaction=True)
def test_a_shared_summary_with_a_safety_answer_shows_where_to_get_help_before_the_call_back(
    browser, empty_cache
):
    from consultations.models import ConsultationRequest
    from tests.screener.answers import CRISIS_VISITOR

    # The screener answered in a test client, then its session handed to the browser.
    summary_open_for(browser, CRISIS_VISITOR)

    page_open(browser, "/contact/")
    browser.find_element("id", "id_name").send_keys("Jordan Example")
    browser.find_element("id", "id_phone").send_keys("(555) 010-7788")
    browser.find_element("id", "id_share_summary").send_keys(Keys.SPACE)
    browser.find_element("id", "id_consent").send_keys(Keys.SPACE)
    browser_log_take(browser)
    form_send(browser)

    assert browser.find_element("css selector", "h1").text == "Request sent"
    headings = [heading.text for heading in browser.find_elements("css selector", "main h2")]
    assert "Before we call you back" in headings
    assert headings.index("Before we call you back") < headings.index("What happens next")
    assert ConsultationRequest.objects.get().same_day_review
    problems = state_problems(browser, label="same-day request sent", log=browser_log_take(browser))
    failures_assert([problems] if problems else [], what="confirmation problems")
