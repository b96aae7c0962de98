"""The admin in a real browser, under the Content Security Policy, signed in with both steps."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from selenium.webdriver.common.by import By

from accounts.models import SetUpLink
from accounts.services import set_up_link_create
from tests.support.staff import Authenticator

from .support.navigation import navigation_wait

pytestmark = pytest.mark.browser
STAFF_PASSWORD = "correct horse battery staple 42"


def browser_csp_reports(driver) -> list[str]:
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if "Content Security Policy" in entry["message"] or "Refused to" in entry["message"]
    ]


@pytest.mark.django_db(transaction=True)
@override_settings(AXES_ENABLED=True)
def test_admin_pages_and_the_lockout_page_break_no_content_security_rule(browser):
    user = get_user_model().objects.create_superuser(
        "frontdesk", "f@clinic.example", STAFF_PASSWORD
    )
    browser.get_log("browser")

    def submit(fields: dict[str, str]) -> None:
        for name, value in fields.items():
            browser.find_element(By.NAME, name).send_keys(value)
        old_root = browser.find_element(By.TAG_NAME, "html")
        browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
        # Selenium's staleness_of fails on chromedriver's "inspector error" mid-navigation.
        navigation_wait(browser, old_root)

    def sign_in_with(password: str) -> None:
        browser.get(browser.base_url + reverse("admin:login"))
        submit({"username": "frontdesk", "password": password})

    # The password alone sets up nothing (security review F1)...
    sign_in_with(STAFF_PASSWORD)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Use the link in your email to set up"
    # ...the one-time link does (`manage.py staff_set_up_link` prints one for a first superuser):
    # the password, then the app is set up from the QR code's key.
    token = set_up_link_create(user=user, purpose=SetUpLink.Purpose.SECOND_FACTOR)
    browser.get(browser.base_url + reverse("admin:auth_user_set_up_link", args=[token]))
    submit({"password": STAFF_PASSWORD})
    assert browser.find_element(By.TAG_NAME, "h1").text == "Set up your second factor"
    qr_code = browser.find_element(By.CSS_SELECTOR, "#content-main img")
    assert qr_code.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert browser.execute_script("return arguments[0].naturalWidth", qr_code) > 0, "it shows"
    assert browser.get_cookie("sessionid") is not None
    browser.get(browser.base_url + reverse("admin:index"))
    assert "Site administration" not in browser.page_source, "no admin page on a password alone"
    browser.get(browser.base_url + reverse("admin:second_factor"))
    phone = Authenticator()
    phone.set_up_from(browser.page_source)
    submit({"code": phone.code()})
    assert browser.find_element(By.TAG_NAME, "h1").text == "Your backup codes"
    phone.keep_backup_codes_from(browser.page_source)
    reports = browser_csp_reports(browser)
    old_root = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.LINK_TEXT, "Continue").click()
    navigation_wait(browser, old_root)
    assert "Site administration" in browser.page_source

    # Signing in again: the password, then a backup code (the app's code is used for now).
    browser.delete_all_cookies()
    sign_in_with(STAFF_PASSWORD)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Enter your code"
    submit({"code": phone.backup_codes.pop()})
    assert "Site administration" in browser.page_source
    # The staff's panels head the sections' column, with Recent actions beside them from the top.
    first_panel = browser.find_element(By.CSS_SELECTOR, "#content-main .module")
    recent_actions = browser.find_element(By.ID, "recent-actions-module")
    assert "Same-day clinical review" in first_panel.text, "the front desk's panel comes first"
    assert recent_actions.rect["y"] == pytest.approx(first_panel.rect["y"], abs=2)
    reports += browser_csp_reports(browser)
    for name in (
        "admin:index",
        "admin:auth_user_add",
        "admin:auth_user_changelist",
        "admin:clinic_site_sitesettings_changelist",
        "admin:clinic_site_staffactivity_changelist",
        "admin:axes_accessattempt_changelist",
        "admin:backup_codes",
    ):
        browser.get(browser.base_url + reverse(name))
        assert browser.find_element(By.ID, "content"), name
        reports += [f"{name}: {report}" for report in browser_csp_reports(browser)]

    browser.delete_all_cookies()
    for _ in range(5):
        sign_in_with("wrong password")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Signing in is paused"
    reports += [f"lockout: {report}" for report in browser_csp_reports(browser)]
    assert not reports, "\n".join(reports)
