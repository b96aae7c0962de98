"""The admin in a real browser, under the Content Security Policy."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from selenium.webdriver.common.by import By

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
    get_user_model().objects.create_superuser("frontdesk", "f@clinic.example", STAFF_PASSWORD)
    browser.get_log("browser")

    def sign_in_with(password: str) -> None:
        browser.get(browser.base_url + reverse("admin:login"))
        browser.find_element(By.NAME, "username").send_keys("frontdesk")
        browser.find_element(By.NAME, "password").send_keys(password)
        old_root = browser.find_element(By.TAG_NAME, "html")
        browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
        # Selenium's staleness_of fails on chromedriver's "inspector error" mid-navigation.
        navigation_wait(browser, old_root)

    sign_in_with(STAFF_PASSWORD)
    assert "Site administration" in browser.page_source
    reports = browser_csp_reports(browser)
    for name in (
        "admin:index",
        "admin:auth_user_add",
        "admin:auth_user_changelist",
        "admin:clinic_site_sitesettings_changelist",
        "admin:axes_accessattempt_changelist",
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
