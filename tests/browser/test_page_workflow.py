"""A clinic's change to a live page in a real browser: an editor drafts and submits it, a
reviewer compares and publishes it, by keyboard, and the screens pass axe."""

import importlib

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.test import Client
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from content.loader import content_load
from content.models import Page
from tests.support.staff import staff_sign_in

from .support.axe import axe_check
from .support.keyboard import key_press_and_wait
from .support.layout import window_width_set
from .support.navigation import page_open
from .support.screenshots import screenshot_save

STAFF_GROUPS = importlib.import_module("content.migrations.0002_staff_groups")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PREFIX = "/admin/content/page/"


def staff_groups_ensure() -> None:
    """Make the staff groups as their migration does: a live-server test before this one
    emptied every table, the groups a migration made included (permissions are remade)."""
    for name, codes in STAFF_GROUPS.GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, model, codename in codes:
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label,
                    content_type__model=model,
                    codename=codename,
                )
            )


def staff_member(django_user_model, *, username: str, group: str):
    staff_groups_ensure()
    user = django_user_model.objects.create_user(
        username, password="unused-here", is_staff=True, first_name=username.title()
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def browser_sign_in(browser, user) -> None:
    """Give the browser a signed-in staff session (signing in itself is tested elsewhere)."""
    client = Client()
    staff_sign_in(client, user)
    page_open(browser, "/privacy/")
    browser.delete_all_cookies()
    browser.add_cookie(
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        }
    )


def test_an_editor_drafts_and_submits_and_a_reviewer_publishes_by_keyboard(
    browser, django_user_model
):
    content_load()
    editor = staff_member(django_user_model, username="eddie", group="Content editor")
    reviewer = staff_member(django_user_model, username="rita", group="Clinical reviewer")
    page = Page.objects.get(slug="side-effects-and-safety")
    failures = []

    # The editor changes the live page: a draft, with the live page untouched.
    browser_sign_in(browser, editor)
    page_open(browser, f"{PREFIX}{page.pk}/change/")
    body = browser.find_element(By.ID, "id_body")
    body.send_keys(Keys.CONTROL, Keys.END)
    body.send_keys("\n\nA sentence about a wombat.")
    save = browser.find_element(By.CSS_SELECTOR, "input[name=_continue]")
    key_press_and_wait(browser, save, Keys.ENTER)
    assert "saved as a draft" in browser.page_source
    draft = Page.objects.get(pk=page.pk)  # one row a page: the draft is its latest revision
    assert draft.has_unpublished_changes and "wombat" not in draft.body
    page_open(browser, "/side-effects-and-safety/")
    assert "wombat" not in browser.page_source

    for width in (1280, 375):
        window_width_set(browser, width)
        page_open(browser, f"{PREFIX}{draft.pk}/change/")
        screenshot_save(browser, "admin-draft-editor")
        page_open(browser, f"{PREFIX}{draft.pk}/submit/")
        failures.append(axe_check(browser, label=f"submit page at {width}"))
        screenshot_save(browser, "admin-submit")
    window_width_set(browser, 1280)
    note = browser.find_element(By.ID, "id_note")
    note.send_keys("Added a line about wombats.")
    note.send_keys(Keys.TAB)
    send = browser.switch_to.active_element
    assert send.get_attribute("value") == "Send for review"
    key_press_and_wait(browser, send, Keys.ENTER)
    assert "is sent for clinical review" in browser.page_source

    # The reviewer sees it waiting, compares the versions and publishes, by keyboard.
    browser_sign_in(browser, reviewer)
    page_open(browser, "/admin/")
    failures.append(axe_check(browser, label="admin home with the review list"))
    screenshot_save(browser, "admin-home-reviewer")
    link = browser.find_element(By.LINK_TEXT, draft.title)
    key_press_and_wait(browser, link, Keys.ENTER)
    assert "What publishing changes" in browser.page_source
    assert browser.find_elements(By.CSS_SELECTOR, "ins")
    for width in (1280, 375):
        window_width_set(browser, width)
        page_open(browser, f"{PREFIX}{draft.pk}/review/")
        failures.append(axe_check(browser, label=f"review page at {width}"))
        screenshot_save(browser, "admin-review")
    window_width_set(browser, 1280)
    preview_url = f"{PREFIX}{draft.pk}/preview/"
    page_open(browser, preview_url)
    assert "Draft: not visible to patients" in browser.page_source
    assert "wombat" in browser.page_source
    window_width_set(browser, 375)
    page_open(browser, preview_url)
    screenshot_save(browser, "draft-preview")
    window_width_set(browser, 1280)

    page_open(browser, f"{PREFIX}{draft.pk}/review/")
    publish = browser.find_element(By.XPATH, "//button[normalize-space()='Publish now']")
    key_press_and_wait(browser, publish, Keys.ENTER)
    assert "is published" in browser.page_source
    browser.delete_all_cookies()
    page_open(browser, "/side-effects-and-safety/")
    assert "wombat" in browser.page_source

    # Discarding a draft asks first; the question page passes axe too.
    browser_sign_in(browser, editor)
    page_open(browser, f"{PREFIX}{page.pk}/change/")
    body = browser.find_element(By.ID, "id_body")
    body.send_keys(Keys.CONTROL, Keys.END)
    body.send_keys("\n\nA second thought.")
    key_press_and_wait(
        browser, browser.find_element(By.CSS_SELECTOR, "input[name=_continue]"), Keys.ENTER
    )
    assert Page.objects.get(pk=page.pk).has_unpublished_changes
    page_open(browser, f"{PREFIX}{page.pk}/discard/")
    failures.append(axe_check(browser, label="discard page"))
    confirm = browser.find_element(By.CSS_SELECTOR, "input[value='Yes, discard the draft']")
    key_press_and_wait(browser, confirm, Keys.ENTER)
    discarded = Page.objects.get(pk=page.pk)
    assert not discarded.has_unpublished_changes
    assert discarded.latest_revision == discarded.live_revision

    problems = [failure for failure in failures if failure]
    assert not problems, "\n\n".join(problems)
