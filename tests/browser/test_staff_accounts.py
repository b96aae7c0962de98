"""Staff accounts in a real browser, with axe on every screen: a practice manager invites a
colleague, who chooses a password and sets up the app from the emailed link; "forgot your
password" by email; the buttons on a person's page, each through its confirmation page."""

import importlib
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from clinic_site.models import StaffActivity
from tests.support.staff import Authenticator, staff_device

from .support.axe import axe_check
from .support.layout import admin_list_hidden_width
from .support.navigation import navigation_wait, page_open
from .support.screenshots import screenshot_save
from .support.staff import browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MANAGER_GROUP = importlib.import_module("accounts.migrations.0002_practice_manager_group")
FRONT_DESK_GROUP = importlib.import_module("consultations.migrations.0002_front_desk_group")
PASSWORD = "correct horse battery staple 42"
CHOSEN = "my own long passphrase 77"


def groups_ensure() -> None:
    """Make the two groups these tests use as their migrations do: a live-server test before
    this one emptied every table, the groups included (permissions are remade)."""
    manager, _ = Group.objects.get_or_create(name=MANAGER_GROUP.PRACTICE_MANAGER_GROUP)
    for app_label, model, codename in MANAGER_GROUP.PERMISSIONS:
        manager.permissions.add(
            Permission.objects.get(
                content_type__app_label=app_label, content_type__model=model, codename=codename
            )
        )
    front_desk, _ = Group.objects.get_or_create(name=FRONT_DESK_GROUP.FRONT_DESK_GROUP)
    front_desk.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="consultations", codename__in=FRONT_DESK_GROUP.CODENAMES
        )
    )


def staff_member(username: str, *, group: str):
    groups_ensure()
    user = get_user_model().objects.create_user(
        username, f"{username}@clinic.example", PASSWORD, is_staff=True, first_name=username.title()
    )
    user.groups.add(Group.objects.get(name=group))
    staff_device(user)
    return user


def submit(browser, fields: dict[str, str], *, button: str = "input[type=submit]") -> None:
    """Type into the fields and press Enter in the last, as a keyboard user would, or click."""
    for name, value in fields.items():
        field = browser.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)
    old_root = browser.find_element(By.TAG_NAME, "html")
    if fields:
        field.send_keys(Keys.ENTER)
    else:
        browser.find_element(By.CSS_SELECTOR, button).click()
    navigation_wait(browser, old_root)


def follow(browser, link_text: str) -> None:
    """Follow a link by its words (the admin shows some in capitals, by CSS)."""
    old_root = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.XPATH, f"//a[normalize-space()='{link_text}']").click()
    navigation_wait(browser, old_root)


def heading(browser) -> str:
    headings = browser.find_elements(By.TAG_NAME, "h1")
    assert len(headings) == 1, [h.text for h in headings]
    return headings[0].text


def emailed_path(pattern: str) -> str:
    """The path of the link in the latest email that has one like it."""
    for message in reversed(mail.outbox):
        match = re.search(r"http://127\.0\.0\.1:8000(" + pattern + r")", message.body)
        if match:
            return match.group(1)
    raise AssertionError("no such link in the emails sent")


def test_a_manager_invites_a_colleague_who_sets_up_from_the_link(browser):
    manager = staff_member("maria", group="Practice manager")
    failures = []
    browser_sign_in(browser, manager)
    page_open(browser, reverse("admin:auth_user_changelist"))
    hidden = admin_list_hidden_width(browser)
    assert hidden <= 1, f"at 1280 px the staff list scrolls sideways by {hidden}px"
    row = browser.find_element(By.XPATH, "//tr[.//a[normalize-space()='maria']]").text
    assert "Maria" in row and "Practice manager" in row, "each person's name and role"
    follow(browser, "Invite a colleague")
    assert heading(browser) == "Invite a colleague"
    failures.append(axe_check(browser, label="invite form"))
    screenshot_save(browser, "staff-invite")
    browser.find_element(By.CSS_SELECTOR, 'input[value="Front desk"]').click()
    submit(browser, {"email": "dana@clinic.example", "first_name": "Dana", "last_name": "Reyes"})
    assert "We emailed an invitation to dana@clinic.example" in browser.page_source
    assert "Invited: they have not chosen a password yet." in browser.page_source
    failures.append(axe_check(browser, label="person page after inviting"))
    screenshot_save(browser, "staff-person-invited")

    # Dana, in her own browser, opens the emailed link.
    browser.delete_all_cookies()
    page_open(browser, emailed_path(r"/admin/auth/user/welcome/\S+/"))
    assert heading(browser) == "Welcome: choose your password"
    assert "dana@clinic.example" in browser.page_source
    failures.append(axe_check(browser, label="welcome page"))
    screenshot_save(browser, "staff-welcome")
    submit(browser, {"new_password1": CHOSEN, "new_password2": CHOSEN})
    assert heading(browser) == "Set up your second factor"
    failures.append(axe_check(browser, label="set-up page"))
    phone = Authenticator()
    phone.set_up_from(browser.page_source)
    submit(browser, {"code": phone.code()})
    assert heading(browser) == "Your backup codes"
    phone.keep_backup_codes_from(browser.page_source)
    failures.append(axe_check(browser, label="backup codes"))
    follow(browser, "Continue")
    assert "Site administration" in browser.page_source
    assert StaffActivity.objects.filter(action=StaffActivity.Action.SECOND_FACTOR_SET_UP).exists()

    # The link is used: opening it again says so, kindly.
    page_open(browser, emailed_path(r"/admin/auth/user/welcome/\S+/"))
    assert heading(browser) == "This link no longer works"
    failures.append(axe_check(browser, label="used link"))
    assert not [failure for failure in failures if failure], "\n".join(filter(None, failures))


def test_forgot_password_by_email_then_sign_in_with_the_code(browser):
    colleague = staff_member("cole", group="Front desk")
    device = staff_device(colleague)
    failures = []
    page_open(browser, reverse("admin:login"))
    follow(browser, "Forgotten your login credentials?")
    failures.append(axe_check(browser, label="password reset form"))
    submit(browser, {"email": "cole@clinic.example"})
    assert "emailed you instructions" in browser.page_source
    failures.append(axe_check(browser, label="password reset sent"))

    page_open(browser, emailed_path(r"/admin/password-reset/\S+/"))
    failures.append(axe_check(browser, label="choose a new password"))
    submit(browser, {"new_password1": CHOSEN, "new_password2": CHOSEN})
    assert "Your password has been set" in browser.page_source
    failures.append(axe_check(browser, label="password reset complete"))
    assert mail.outbox[-1].subject.endswith("Your password was changed")

    follow(browser, "Log in")
    submit(browser, {"username": "cole", "password": CHOSEN})
    assert heading(browser) == "Enter your code", "the second factor is still asked"
    from tests.support.staff import device_code

    submit(browser, {"code": device_code(device)})
    assert "Site administration" in browser.page_source
    assert not [failure for failure in failures if failure], "\n".join(filter(None, failures))


def test_the_buttons_on_a_persons_page_confirm_then_act(browser):
    manager = staff_member("maria", group="Practice manager")
    colleague = staff_member("cole", group="Front desk")
    StaffActivity.objects.bulk_create(
        StaffActivity(username="cole", action=StaffActivity.Action.WRONG_PASSWORD)
        for _ in range(settings.STAFF_SIGN_IN_FAILURE_LIMIT)
    )
    failures = []
    browser_sign_in(browser, manager)
    page_open(browser, reverse("admin:auth_user_change", args=[colleague.pk]))
    assert "Sign-in paused" in browser.page_source
    failures.append(axe_check(browser, label="person page"))
    screenshot_save(browser, "staff-person-paused")

    follow(browser, "Unlock sign-in")
    assert heading(browser) == "Unlock sign-in: Cole"
    failures.append(axe_check(browser, label="unlock confirmation"))
    screenshot_save(browser, "staff-unlock-confirmation")
    submit(browser, {})
    assert "Cole can sign in again." in browser.page_source
    assert "Sign-in paused" not in browser.page_source

    follow(browser, "Reset second factor")
    assert heading(browser) == "Reset second factor: Cole"
    failures.append(axe_check(browser, label="reset confirmation"))
    submit(browser, {})
    assert "Reset the second factor of Cole." in browser.page_source
    assert "We emailed them a one-time link at cole@clinic.example." in browser.page_source
    assert "Second factor: not set up." in browser.page_source
    failures.append(axe_check(browser, label="person page after the reset"))
    actions = set(StaffActivity.objects.filter(username="maria").values_list("action", flat=True))
    assert {
        StaffActivity.Action.SIGN_IN_UNLOCKED,
        StaffActivity.Action.SECOND_FACTOR_RESET,
    } <= actions
    assert not [failure for failure in failures if failure], "\n".join(filter(None, failures))
