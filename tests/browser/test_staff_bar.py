""" "Edit this page" on the live site in Chromium: a signed-in editor sees it on a cached page,
and a visitor's browser never does."""

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from content.models import Page

from .support.axe import axe_check
from .support.navigation import page_open
from .support.staff import browser_sign_in, staff_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What templates/base.html's <script> tag for static/js/staff-bar.js does, until it has one.
LOAD_SCRIPT = """
const script = document.createElement("script");
script.src = "/static/js/staff-bar.js";
script.dataset.staffBarUrl = "/admin/content/page/staff-bar/";
document.head.append(script);
"""
BAR_LINK = "return document.querySelector('.staff-bar a')?.getAttribute('href') || ''"


def test_an_editor_sees_edit_this_page_and_a_visitor_never_does(
    browser, site_content, django_user_model
):
    page = Page.objects.get(slug="what-to-expect", language="en")
    page_open(browser, page.get_absolute_url())  # a visitor first: the page may be cached
    browser.execute_script(LOAD_SCRIPT)
    browser.execute_script(
        "document.cookie = 'clinic_staff_hint=1; path=/'"
    )  # a hint alone, as on a shared computer after staff signed out
    page_open(browser, page.get_absolute_url())
    browser.execute_script(LOAD_SCRIPT)
    WebDriverWait(browser, 5).until(
        lambda d: "clinic_staff_hint=1" not in d.execute_script("return document.cookie")
    )  # the empty answer took the hint away
    assert browser.execute_script(BAR_LINK) == ""

    editor = staff_member(django_user_model, username="eddie", group="Content editor")
    browser_sign_in(browser, editor)
    page_open(browser, "/admin/content/page/")  # the page list leaves the hint
    page_open(browser, page.get_absolute_url())
    browser.execute_script(LOAD_SCRIPT)
    WebDriverWait(browser, 5).until(lambda d: d.execute_script(BAR_LINK))
    assert browser.execute_script(BAR_LINK) == f"/admin/content/page/{page.pk}/change/"
    failure = axe_check(browser, label="a live page with the staff link")
    assert failure is None, failure
