"""The link chooser under the Markdown editor, in Chromium: an editor links to a page found by
its Spanish or English title, and to an email address, with the keyboard alone."""

import pytest
from django.contrib.auth.models import Permission
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from content.models import Page
from tests.browser.support.staff import browser_sign_in
from tests.browser.test_markdown_editor import preview_wait, textarea_value
from tests.content.test_markdown_editor import EDITOR_PATH

from .support.axe import axe_report, axe_violations
from .support.browser_log import browser_log_take, console_problems, foreign_requests
from .support.keyboard import active_element, key_press, keys_type
from .support.layout import layout_problems, window_width_set
from .support.navigation import page_open
from .support.screenshots import screenshot_save

EDITOR_URLS = "tests.content.editor_urls"
DIALOG = "[data-link-chooser-dialog]"


def page_editor(django_user_model):
    user = django_user_model.objects.create_user("eddie", password="unused-here", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="change_page", content_type__app_label="content")
    )
    return user


def dialog_open(browser) -> bool:
    return browser.execute_script(f"return document.querySelector('{DIALOG}').open")


def results_wait(browser, count: int) -> None:
    script = f"return document.querySelectorAll('{DIALOG} li button').length === {count}"
    WebDriverWait(browser, 5, poll_frequency=0.1).until(lambda d: d.execute_script(script))


def tab_to(browser, text: str, *, most: int = 6) -> None:
    for _ in range(most):
        key_press(browser, Keys.TAB)
        if active_element(browser).text == text:
            return
    raise AssertionError(f"Tab never reached {text!r}")


@pytest.mark.browser
@pytest.mark.urls(EDITOR_URLS)
def test_an_editor_links_to_a_page_and_an_email_address_with_the_keyboard_alone(
    browser, live_server, transactional_db, django_user_model
):
    english = Page.objects.create(
        title="What to expect", slug="what-to-expect", summary="A visit.", body="Text.",
        status=Page.Status.PUBLISHED,
    )  # fmt: skip
    spanish = Page.objects.create(
        title="Qué esperar", slug="que-esperar", language="es", translation_of=english,
        summary="Una visita.", body="Texto.", status=Page.Status.PUBLISHED,
    )  # fmt: skip
    browser_sign_in(browser, page_editor(django_user_model))
    logs = [page_open(browser, EDITOR_PATH)]

    # Title, toolbar, text; then "Add an image" and "Add a link" under it.
    key_press(browser, Keys.TAB)
    key_press(browser, Keys.TAB)
    key_press(browser, Keys.TAB)
    assert active_element(browser).get_attribute("id") == "id_body"
    keys_type(browser, "Before you come, read ")
    tab_to(browser, "Add a link")

    # Enter opens the dialog on the words box, with every page listed.
    key_press(browser, Keys.ENTER)
    assert dialog_open(browser)
    assert active_element(browser).get_attribute("id") == "id_body_link_words"
    results_wait(browser, 2)
    screenshot_save(browser, "link-chooser")
    logs.append(browser_log_take(browser))
    failures = axe_violations(browser)  # the open dialog is part of what is checked
    assert not failures, axe_report(failures)
    browser_log_take(browser)

    # Escape closes it, and focus goes back to the button.
    key_press(browser, Keys.ESCAPE)
    assert not dialog_open(browser)
    assert active_element(browser).text == "Add a link"

    # Words, Enter to the search, a Spanish title, arrow down, Enter: the link goes in.
    key_press(browser, Keys.ENTER)
    keys_type(browser, "what happens")
    key_press(browser, Keys.ENTER)
    assert active_element(browser).get_attribute("type") == "search"
    keys_type(browser, "esperar")
    results_wait(browser, 1)
    status = browser.find_element("css selector", "[data-link-chooser-status]").text
    assert status.startswith("1 page.")
    key_press(browser, Keys.ARROW_DOWN)
    assert "Qué esperar" in active_element(browser).text
    key_press(browser, Keys.ENTER)
    assert not dialog_open(browser)
    assert active_element(browser).get_attribute("id") == "id_body"
    assert textarea_value(browser) == f"Before you come, read [what happens](page:{spanish.pk})"

    # The preview links to the page's address.
    preview_wait(
        browser,
        "preview.querySelector('a')?.getAttribute('href') === '/es/que-esperar/'",
        what="the page link",
    )

    # An email address from the same dialog: an address that is none is named, not inserted.
    keys_type(browser, " or email ")
    tab_to(browser, "Add a link")
    key_press(browser, Keys.ENTER)
    results_wait(browser, 2)  # every page listed again, as the dialog opens with an empty search
    for _ in range(3):  # words, search, the list of pages (one Tab stop), the address box
        key_press(browser, Keys.TAB)
    assert active_element(browser).get_attribute("id") == "id_body_link_address"
    keys_type(browser, "front desk")
    key_press(browser, Keys.ENTER)
    error = browser.find_element("css selector", "[data-link-chooser-error]").text
    assert "not a web address" in error
    assert dialog_open(browser)
    for _ in range(len("front desk")):
        key_press(browser, Keys.BACKSPACE)
    keys_type(browser, "desk@example.org")
    key_press(browser, Keys.ENTER)
    assert not dialog_open(browser)
    assert textarea_value(browser).endswith(" or email [desk@example.org](mailto:desk@example.org)")

    logs.append(browser_log_take(browser))
    for log in logs:
        problems = foreign_requests(log, base_url=browser.base_url) + console_problems(log)
        assert not problems, problems
    failures = axe_violations(browser)
    assert not failures, axe_report(failures)

    # On a phone (390 px) the dialog opens by keyboard the same way, fits the screen and
    # passes axe.
    try:
        window_width_set(browser, 390, 844)
        page_open(browser, EDITOR_PATH)
        for _ in range(3):
            key_press(browser, Keys.TAB)
        assert active_element(browser).get_attribute("id") == "id_body"
        tab_to(browser, "Add a link")
        key_press(browser, Keys.ENTER)
        assert dialog_open(browser)
        results_wait(browser, 2)
        screenshot_save(browser, "link-chooser")
        problems = layout_problems(browser)
        assert not problems, problems
        failures = axe_violations(browser)
        assert not failures, axe_report(failures)
    finally:
        window_width_set(browser, 1280)
