"""The menu screen in Chromium: an editor moves a page up each language's menu by keyboard,
without JavaScript's help (plain forms), at a desktop and a phone width, and axe passes; the
menu's other links (the screener, contact, the clinic's pages) are moved, renamed and taken out
the same way."""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from content.menu import menu_pages
from navigation.models import MenuLink

from .support.axe import axe_check
from .support.keyboard import active_element, key_press, key_press_and_wait, keys_type, tab_until
from .support.layout import layout_problems, window_width_set
from .support.navigation import page_open
from .support.screenshots import screenshot_save
from .support.staff import browser_sign_in, staff_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MENU = "/admin/content/page/menu/"
MENU_LINKS = importlib.import_module("navigation.migrations.0002_menu_links_seeded")


def menu_link_permissions_ensure() -> None:
    """Give the staff groups the menu links' permissions as their migration does: a live-server
    test before this one emptied every table."""
    permissions = Permission.objects.filter(
        content_type__app_label="navigation", codename__in=MENU_LINKS.CODENAMES
    )
    for name in MENU_LINKS.GROUPS:
        Group.objects.get_or_create(name=name)[0].permissions.add(*permissions)


def tab_until_labelled(browser, label: str, *, attribute: str = "aria-label"):
    """Tab forward until the focused control's `attribute` is `label`; return it."""
    tab_until(browser, what=repr(label), limit=300, attribute=attribute, value=label)
    return active_element(browser)


def site_menu(browser, path: str) -> list[str]:
    page_open(browser, path)
    links = browser.find_elements(By.CSS_SELECTOR, "#site-nav a")
    return [link.get_attribute("textContent").strip() for link in links]


def test_an_editor_orders_both_menus_by_keyboard_at_desktop_and_phone_widths(
    browser, site_content, django_user_model
):
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
        tab_until_labelled(browser, f"Move up: {second.short_title}")
        key_press_and_wait(browser, browser.switch_to.active_element, Keys.ENTER)
        assert f"“{second.short_title}” moved up" in browser.page_source
        failures.append(axe_check(browser, label=f"menu screen after a move at {width}"))

        shown = site_menu(browser, path)
        assert shown.index(second.short_title) < shown.index(pages[0].short_title)

    failures = [failure for failure in failures if failure]
    assert not failures, "\n\n".join(failures)


def test_the_pages_side_by_side_show_state_and_review_due_at_1280(
    browser, site_content, django_user_model
):
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


def test_an_editor_moves_renames_and_takes_out_the_menu_links_by_keyboard(
    browser, site_content, django_user_model
):
    editor = staff_member(django_user_model, username="eddie", group="Content editor")
    menu_link_permissions_ensure()
    browser_sign_in(browser, editor)
    failures = []
    words = {
        "en": ("Contact us", "Prepare for your appointment", "Our team", "/"),
        "es": ("Contáctenos", "Prepárese para su cita", "Nuestro equipo", "/es/"),
    }
    team_addresses = {"en": "/our-team/", "es": "/es/nuestro-equipo/"}

    for width, language in ((1280, "en"), (390, "es")):
        contact, screener, team, home = words[language]
        window_width_set(browser, width)
        page_open(browser, MENU)
        failures.append(axe_check(browser, label=f"menu screen with its links at {width}"))

        # "Contact us" up above "Prepare for your appointment": live at once.
        tab_until_labelled(browser, f"Move up: {contact}")
        key_press_and_wait(browser, browser.switch_to.active_element, Keys.ENTER)
        assert f"“{contact}” moved up" in browser.page_source
        shown = site_menu(browser, home)
        assert shown.index(contact) == shown.index(screener) - 1, shown

        # "Our team" out of the menu: the footer still links to it.
        page_open(browser, MENU)
        tab_until_labelled(browser, f"Take out of the menu: {team}")
        key_press_and_wait(browser, browser.switch_to.active_element, Keys.ENTER)
        assert "out of the" in browser.page_source
        assert not layout_problems(browser), layout_problems(browser)
        failures.append(axe_check(browser, label=f"menu screen with a link taken out at {width}"))
        screenshot_save(browser, f"menu-screen-links-{width}")
        assert team not in site_menu(browser, home)
        footer = browser.find_elements(By.CSS_SELECTOR, ".site-footer a")
        assert team_addresses[language] in [link.get_attribute("pathname") for link in footer]

        # A new name for "Contact us": a draft, so visitors keep the old one.
        page_open(browser, MENU)
        link = MenuLink.objects.get(destination="contact", language=language)
        field = tab_until_labelled(browser, f"menu-link-name-{link.pk}", attribute="id")
        keys_type(browser, Keys.END + Keys.BACKSPACE * 40 + "Write to us")
        key_press_and_wait(browser, field, Keys.ENTER)
        assert "“Write to us” is saved as a draft" in browser.page_source
        failures.append(axe_check(browser, label=f"menu screen with a draft name at {width}"))
        screenshot_save(browser, f"menu-screen-draft-name-{width}")
        assert contact in site_menu(browser, home)

    failures = [failure for failure in failures if failure]
    assert not failures, "\n\n".join(failures)


def test_the_longer_menu_fits_a_390_phone_and_the_heading_stays_in_the_first_screen(
    browser, site_content
):
    """Three more items (the clinic's pages) behind the Menu button: each fits the width when
    the menu is open, and the page's heading is still in the first screen when it is closed."""
    from .test_phone_layout import PHONE, window_size_set

    try:
        for path in ("/what-to-expect/", "/es/que-esperar/"):
            window_size_set(browser, PHONE)  # again: a full-page screenshot resets the size
            page_open(browser, path)
            heading = browser.execute_script(
                "return document.querySelector('main h1').getBoundingClientRect().bottom"
            )
            assert heading <= PHONE[1], f"{path}: the h1 ends at {heading}px"
            assert not browser.find_element(By.ID, "site-nav").is_displayed(), path

            button = browser.find_element(By.CSS_SELECTOR, ".site-header__menu-toggle")
            tab_until_labelled(browser, "site-nav", attribute="aria-controls")
            key_press(browser, Keys.ENTER)
            assert button.get_attribute("aria-expanded") == "true"
            links = browser.find_elements(By.CSS_SELECTOR, "#site-nav a")
            names = [link.text for link in links]
            assert len(names) >= 13, names
            for link in links:
                box = link.rect
                assert link.is_displayed() and box["x"] >= 0, link.text
                assert box["x"] + box["width"] <= PHONE[0], f"{link.text} is wider than the phone"
            assert not layout_problems(browser), layout_problems(browser)
            failure = axe_check(browser, label=f"{path} with the menu open at 390")
            assert failure is None, failure
            screenshot_save(browser, f"phone-menu-open-{path.strip('/').replace('/', '-')}")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
