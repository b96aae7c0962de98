"""The image chooser under the Markdown editor, in Chromium: an editor finds a photo in the
library and puts it in the page with the keyboard alone, and the preview shows it."""

import pytest
from django.contrib.auth.models import Permission
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.support.staff import browser_sign_in
from tests.browser.test_markdown_editor import preview_wait, textarea_value
from tests.content.test_markdown_editor import EDITOR_PATH
from tests.images.conftest import library_image

from .support.axe import axe_report, axe_violations
from .support.browser_log import browser_log_take, console_problems, foreign_requests
from .support.keyboard import active_element, key_press, keys_type
from .support.navigation import page_open
from .support.screenshots import screenshot_save

EDITOR_URLS = "tests.images.editor_urls"
DIALOG = "[data-image-chooser-dialog]"


def page_editor(django_user_model):
    """Staff who edit pages: they may preview and use the image library."""
    user = django_user_model.objects.create_user("eddie", password="unused-here", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="change_page", content_type__app_label="content"),
        Permission.objects.get(codename="view_image", content_type__app_label="images"),
    )
    return user


def dialog_open(browser) -> bool:
    return browser.execute_script(f"return document.querySelector('{DIALOG}').open")


def results_wait(browser, count: int) -> None:
    script = f"return document.querySelectorAll('{DIALOG} li button').length === {count}"
    WebDriverWait(browser, 5, poll_frequency=0.1).until(lambda d: d.execute_script(script))


@pytest.mark.browser
@pytest.mark.urls(EDITOR_URLS)
def test_an_editor_adds_a_library_image_with_the_keyboard_alone(
    browser, live_server, transactional_db, django_user_model, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    room = library_image(title="Treatment room", alt_text="A reclining chair by a window.")
    library_image(title="Entrance", alt_text="The front door, with a ramp.")
    browser_sign_in(browser, page_editor(django_user_model))
    logs = [page_open(browser, EDITOR_PATH)]

    # Title, toolbar, text, then "Add an image" under it.
    key_press(browser, Keys.TAB)
    key_press(browser, Keys.TAB)
    key_press(browser, Keys.TAB)
    assert active_element(browser).get_attribute("id") == "id_body"
    keys_type(browser, "Our treatment room.")
    key_press(browser, Keys.TAB)
    assert active_element(browser).text == "Add an image"

    # Enter opens the dialog with the search box focused and the whole library listed.
    key_press(browser, Keys.ENTER)
    assert dialog_open(browser)
    assert active_element(browser).get_attribute("type") == "search"
    results_wait(browser, 2)
    screenshot_save(browser, "image-chooser")
    logs.append(browser_log_take(browser))
    failures = axe_violations(browser)  # the open dialog is part of what is checked
    assert not failures, axe_report(failures)
    browser_log_take(browser)  # axe-core's own console noise is not ours

    # Escape closes it, and focus goes back to the button.
    key_press(browser, Keys.ESCAPE)
    assert not dialog_open(browser)
    assert active_element(browser).text == "Add an image"

    # Search, arrow down to the one result, Enter: the reference goes in as a paragraph.
    key_press(browser, Keys.ENTER)
    keys_type(browser, "chair")
    results_wait(browser, 1)
    status = browser.find_element("css selector", "[data-image-chooser-status]").text
    assert status.startswith("1 image.")
    key_press(browser, Keys.ARROW_DOWN)
    assert "Treatment room" in active_element(browser).text
    key_press(browser, Keys.ENTER)

    assert not dialog_open(browser)
    assert active_element(browser).get_attribute("id") == "id_body"
    reference = f"![A reclining chair by a window.](image:{room.pk})"
    assert textarea_value(browser) == f"Our treatment room.\n\n{reference}"

    # The preview shows the image from its renditions, sized so nothing shifts.
    preview_wait(
        browser,
        "preview.querySelector('img[srcset][width][height]')?.alt"
        " === 'A reclining chair by a window.'",
        what="the image",
    )
    WebDriverWait(browser, 5, poll_frequency=0.1).until(
        lambda d: d.execute_script(
            "const img = document.querySelector('[data-markdown-preview] img');"
            " return img.complete && img.naturalWidth > 0;"
        )
    )
    screenshot_save(browser, "image-chooser-inserted")

    logs.append(browser_log_take(browser))
    for log in logs:
        problems = foreign_requests(log, base_url=browser.base_url) + console_problems(log)
        assert not problems, problems
    failures = axe_violations(browser)
    assert not failures, axe_report(failures)
