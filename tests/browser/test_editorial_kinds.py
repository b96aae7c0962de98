"""The clinic's crisis numbers and the summary guidance in a real browser, through the same
screens as a page change (issue 25): the practice manager and a reviewer draft and submit, and a
second clinical reviewer finds both in "Awaiting your review", compares and publishes them by
keyboard; every screen passes axe."""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from clinic_site.models import SiteSettings
from screener.guidance import guidance_all, guidance_load
from screener.models import FactorGuidance

from .support.axe import axe_check
from .support.keyboard import key_press_and_wait
from .support.navigation import page_open
from .support.screenshots import screenshot_save
from .support.staff import browser_sign_in, staff_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MANAGER_GROUP = importlib.import_module("accounts.migrations.0002_practice_manager_group")
SETTINGS_REVIEW = importlib.import_module(
    "clinic_site.migrations.0006_site_settings_through_review"
)
GUIDANCE_GROUPS = importlib.import_module("screener.migrations.0002_guidance_permissions")
SETTINGS = "/admin/clinic_site/sitesettings/1/"
NEW_NUMBER = "(555) 010-0988"


def permissions_grant(group_name: str, *, app_label: str, codenames) -> None:
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )


def groups_ensure() -> None:
    """What the migrations give each group (a live-server test before this one emptied every
    table, the groups included; staff_member remakes the content groups)."""
    manager = [codename for _app, _model, codename in MANAGER_GROUP.PERMISSIONS]
    permissions_grant(
        MANAGER_GROUP.PRACTICE_MANAGER_GROUP, app_label="clinic_site", codenames=manager
    )
    permissions_grant(
        SETTINGS_REVIEW.REVIEWER_GROUP,
        app_label="clinic_site",
        codenames=SETTINGS_REVIEW.REVIEWER_PERMISSIONS,
    )
    for name, codenames in GUIDANCE_GROUPS.GROUP_PERMISSIONS.items():
        permissions_grant(name, app_label="screener", codenames=codenames)


def form_save(browser) -> None:
    save = browser.find_element(By.CSS_SELECTOR, "input[name=_save]")
    key_press_and_wait(browser, save, Keys.ENTER)


def submit_for_review(browser, path: str, note: str) -> None:
    page_open(browser, f"{path}submit/")
    field = browser.find_element(By.ID, "id_note")
    field.send_keys(note)
    field.send_keys(Keys.TAB)
    send = browser.switch_to.active_element
    assert send.get_attribute("value") == "Send for review"
    key_press_and_wait(browser, send, Keys.ENTER)
    assert "is sent for clinical review" in browser.page_source


def review_and_publish(browser, path: str, failures: list, label: str) -> None:
    """From the admin home's list, by keyboard: open the review, check it, publish."""
    page_open(browser, "/admin/")
    link = browser.find_element(By.CSS_SELECTOR, f"a[href='{path}review/']")
    key_press_and_wait(browser, link, Keys.ENTER)
    assert "What publishing changes" in browser.page_source
    # The change is marked in the text as visitors read it (issue 27).
    assert browser.find_elements(By.CSS_SELECTOR, ".editorial-change ins.diff-ins")
    failures.append(axe_check(browser, label=f"{label} review"))
    publish = browser.find_element(By.XPATH, "//button[normalize-space()='Publish now']")
    key_press_and_wait(browser, publish, Keys.ENTER)
    assert "is published" in browser.page_source, browser.page_source[:3000]


def test_a_reviewer_publishes_a_crisis_number_and_a_guidance_change_like_a_page_change(
    browser, django_user_model
):
    guidance_load()
    # The row itself: load() may answer from a cache filled before an earlier test's flush.
    SiteSettings.objects.get_or_create(pk=1)
    groups_ensure()
    manager = staff_member(django_user_model, username="maria", group="Practice manager")
    writer = staff_member(django_user_model, username="sam", group="Clinical reviewer")
    reviewer = staff_member(django_user_model, username="rita", group="Clinical reviewer")
    groups_ensure()  # staff_member remade the content groups; give them their permissions too
    mood = FactorGuidance.objects.get(factor="mood")
    guidance_path = f"/admin/screener/factorguidance/{mood.pk}/"
    failures = []

    # The practice manager changes the crisis line's number: a draft, sent for review.
    browser_sign_in(browser, manager)
    page_open(browser, f"{SETTINGS}change/")
    failures.append(axe_check(browser, label="settings form"))
    numbers = browser.find_elements(By.ID, "id_crisis_line_number")
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert numbers, f"the settings form did not open: {browser.current_url} shows {heading!r}"
    number = numbers[0]
    number.clear()
    number.send_keys(NEW_NUMBER)
    form_save(browser)
    assert "saved as a draft" in browser.page_source
    submit_for_review(browser, SETTINGS, "The crisis line's new number.")
    page_open(browser, "/need-help-now/")
    assert NEW_NUMBER not in browser.page_source

    # Another reviewer rewrites a guidance text and sends it for review.
    browser_sign_in(browser, writer)
    page_open(browser, f"{guidance_path}change/")
    failures.append(axe_check(browser, label="guidance form"))
    title = browser.find_element(By.ID, "id_title")
    title.clear()
    title.send_keys("How you have felt lately")
    form_save(browser)
    assert "saved as a draft" in browser.page_source
    submit_for_review(browser, guidance_path, "A plainer heading.")
    assert guidance_all(language="en")["mood"].title != "How you have felt lately"

    # The reviewer finds both waiting and publishes each, by keyboard.
    browser_sign_in(browser, reviewer)
    page_open(browser, "/admin/")
    assert "Awaiting your review" in browser.page_source
    failures.append(axe_check(browser, label="admin home with settings and guidance waiting"))
    review_and_publish(browser, SETTINGS, failures, "settings")
    browser.delete_all_cookies()
    page_open(browser, "/need-help-now/")
    assert NEW_NUMBER in browser.page_source, "visible at once"

    browser_sign_in(browser, reviewer)
    review_and_publish(browser, guidance_path, failures, "guidance")
    assert guidance_all(language="en")["mood"].title == "How you have felt lately"

    # The history shows the old and new number.
    live = SiteSettings.objects.get(pk=1).live_revision_id
    page_open(browser, f"{SETTINGS}history/{live}/changes/")
    # As visitors read it (the Markdown changes are folded away), each mark with the words a
    # screen reader says before and after it.
    removed = [element.text for element in browser.find_elements(By.CSS_SELECTOR, "del.diff-del")]
    added = [element.text for element in browser.find_elements(By.CSS_SELECTOR, "ins.diff-ins")]
    assert "removed:\n988\n(end of removed text)" in removed
    assert any(NEW_NUMBER.split()[-1] in text for text in added), added
    failures.append(axe_check(browser, label="settings changes in the history"))
    screenshot_save(browser, "admin-history-changes")

    problems = [failure for failure in failures if failure]
    assert not problems, "\n\n".join(problems)
