"""The clinic's pages (issue 28): our team, visiting us, treatments and costs, in English and
Spanish, with the clinic's details entered and before any are: one h1, axe, nothing loaded from
another site, at 390 and 1280 px, and the heading and first line in a phone's first screen."""

import pytest
from selenium.webdriver.common.by import By

from tests.clinic.records import clinic_records_publish
from tests.images.conftest import library_image

from .support.checks import failures_assert, page_problems
from .support.navigation import page_open
from .support.screenshots import screenshot_save
from .test_phone_layout import DESKTOP, PHONE, first_screen_problems, window_size_set

pytestmark = pytest.mark.browser

CLINIC_PAGES = [
    "/our-team/",
    "/visiting-us/",
    "/treatments-and-costs/",
    "/es/nuestro-equipo/",
    "/es/como-llegar/",
    "/es/tratamientos-y-costos/",
]


def pages_check(browser) -> list[str]:
    failures = []
    try:
        for size in (PHONE, DESKTOP):
            window_size_set(browser, size)
            for path in CLINIC_PAGES:
                log = page_open(browser, path)
                label = f"{path} at {size[0]}px"
                # The JSON-LD is data, never run: the CSP (script-src 'self') reports nothing.
                failures += page_problems(browser, label=label, log=log)
                if size == PHONE:
                    failures += first_screen_problems(browser, label)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return failures


@pytest.fixture
def clinic_entered(site_content, django_user_model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.contrib.auth.models import Permission

    reviewer = django_user_model.objects.create_user("rita", is_staff=True)
    reviewer.user_permissions.add(Permission.objects.get(codename="publish_page"))
    photo = library_image(title="Ana", alt_text="Ana Ruiz smiling, in a blue shirt.")
    street_map = library_image(
        title="Map", alt_text="Map: the clinic is on Riverside Avenue, beside the pharmacy."
    )
    return clinic_records_publish(reviewer=reviewer, photo=photo, map_image=street_map)


def test_the_clinic_pages_pass_axe_with_one_h1_and_the_heading_first_on_a_phone(
    browser, clinic_entered
):
    failures = pages_check(browser)
    page_open(browser, "/our-team/")
    assert "Ana Ruiz, MD" in browser.find_element(By.TAG_NAME, "main").text
    try:
        for path in CLINIC_PAGES[:3]:
            window_size_set(browser, PHONE)
            page_open(browser, path)
            screenshot_save(browser, f"clinic-{path.strip('/')}-390")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    failures_assert(failures, what="problems on the clinic's pages")


def test_the_clinic_pages_pass_axe_before_the_clinic_has_entered_anything(browser, site_content):
    failures_assert(pages_check(browser), what="problems on the clinic's empty pages")
