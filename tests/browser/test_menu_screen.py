"""The menu screen in Chromium: an editor moves a page up each language's menu by keyboard,
without JavaScript's help (plain forms), at a desktop and a phone width, and axe passes."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from content.loader import content_load
from content.menu import menu_pages

from .support.axe import axe_check
from .support.keyboard import active_element, key_press, key_press_and_wait
from .support.layout import layout_problems, window_width_set
from .support.navigation import page_open
from .support.screenshots import screenshot_save
from .test_page_workflow import browser_sign_in, staff_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MENU = "/admin/content/page/menu/"


def site_menu(browser, path: str) -> list[str]:
    page_open(browser, path)
    links = browser.find_elements(By.CSS_SELECTOR, "#site-nav a")
    return [link.get_attribute("textContent").strip() for link in links]


def test_an_editor_orders_both_menus_by_keyboard_at_desktop_and_phone_widths(
    browser, django_user_model
):
    content_load()
    editor = staff_member(django_user_model, username="eddie", group="Content editor")
    browser_sign_in(browser, editor)
    failures = []

    for width, language, path in ((1280, "en", "/"), (390, "es", "/es/")):
        window_width_set(browser, width)
        pages = menu_pages(language=language)
        second = pages[1]
        page_open(browser, MENU)
        failures.append(axe_check(browser, label=f"menu screen at {width}"))
        assert not layout_problems(browser), layout_problems(browser)
        screenshot_save(browser, f"menu-screen-{width}")

        # Tab to the second page's "Move up" button, then Enter: the form posts and comes back.
        label = f"Move up: {second.short_title}"
        for _ in range(200):
            key_press(browser, Keys.TAB)
            if active_element(browser).get_attribute("aria-label") == label:
                break
        else:
            raise AssertionError(f"Tab never reached {label!r}")
        key_press_and_wait(browser, browser.switch_to.active_element, Keys.ENTER)
        assert f"“{second.short_title}” moved up" in browser.page_source
        failures.append(axe_check(browser, label=f"menu screen after a move at {width}"))

        shown = site_menu(browser, path)
        assert shown.index(second.short_title) < shown.index(pages[0].short_title)

    failures = [failure for failure in failures if failure]
    assert not failures, "\n\n".join(failures)


def test_the_pages_side_by_side_show_state_and_review_due_at_1280(browser, django_user_model):
    content_load()
    editor = staff_member(django_user_model, username="eddie", group="Content editor")
    browser_sign_in(browser, editor)
    window_width_set(browser, 1280)
    page_open(browser, "/admin/content/page/side-by-side/")
    screenshot_save(browser, "pages-side-by-side-1280")
    assert not layout_problems(browser), layout_problems(browser)
    right = browser.execute_script(
        "return document.querySelector('.pages-side-by-side thead th:last-child')"
        ".getBoundingClientRect().right"
    )
    assert right <= 1280, "the Spanish version's review date is on screen"
    failure = axe_check(browser, label="pages side by side at 1280")
    assert failure is None, failure
    window_width_set(browser, 390)
    page_open(browser, "/admin/content/page/side-by-side/")
    failure = axe_check(browser, label="pages side by side at 390")
    assert failure is None, failure
