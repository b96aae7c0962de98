"""The clinic's own look in a real browser (issue 28): the home page with its photo, lead
clinician, logo and accent colour at 390 and 1280 px (axe, one h1, the heading in a phone's
first screen, the photo fetched first and shown), and the settings form refusing a colour too
light to read text on, with the reason."""

import pytest
from selenium.webdriver.common.by import By

from clinic.models import TeamMember
from clinic_site.models import SiteSettings
from content.models import HomePage
from tests.clinic.records import changes_publish, team_member_publish
from tests.images.conftest import library_image
from tests.support.images import logo_image

from .support.axe import axe_check
from .support.checks import failures_assert, page_problems
from .support.navigation import navigation_wait, page_open
from .support.screenshots import screenshot_save
from .support.staff import browser_sign_in
from .test_phone_layout import DESKTOP, PHONE, first_screen_problems, window_size_set

pytestmark = pytest.mark.browser
ACCENT = "#8a2c63"  # a plum: white on it is 8:1


@pytest.fixture
def branded_home(site_content, django_user_model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    reviewer = django_user_model.objects.create_superuser("rita", "r@clinic.example", "unused")
    portrait = library_image(title="Ana", alt_text="Ana Ruiz smiling, in a blue shirt.")
    member = team_member_publish(reviewer=reviewer, photo=portrait)
    photo = library_image(
        width=1600,
        height=1000,
        title="Treatment room",
        alt_text="A reclining chair by a window in the treatment room.",
    )
    changes_publish(
        HomePage.current(),
        user=reviewer,
        photo_id=photo.pk,
        photo_alt_es="Un sillón reclinable junto a una ventana en la sala de tratamiento.",
        lead_clinician_id=member.pk,
    )
    changes_publish(
        SiteSettings.objects.get_or_create(pk=1)[0],
        user=reviewer,
        logo_id=logo_image().pk,
        accent_colour=ACCENT,
    )
    return reviewer


def test_the_home_page_with_its_photo_and_the_clinics_look_passes_axe_at_390_and_1280(
    browser, branded_home
):
    failures = []
    try:
        for size in (PHONE, DESKTOP):
            window_size_set(browser, size)
            for path in ("/", "/es/"):
                label = f"{path} at {size[0]}px"
                log = page_open(browser, path)
                failures += page_problems(browser, label=label, log=log)
                photo = browser.find_element(By.CSS_SELECTOR, ".home-intro__photo img")
                shown = browser.execute_script(
                    "const img = arguments[0]; return [img.complete && img.naturalWidth,"
                    " img.getBoundingClientRect().width, img.loading, img.fetchPriority,"
                    " img.currentSrc];",
                    photo,
                )
                if not shown[0]:
                    failures.append(f"{label}: the photo did not load ({shown[4]})")
                if shown[2] == "lazy" or shown[3] != "high":
                    failures.append(f"{label}: the photo is not fetched first: {shown}")
                logo = browser.find_element(By.CSS_SELECTOR, ".site-header__logo")
                if not browser.execute_script("return arguments[0].naturalWidth", logo):
                    failures.append(f"{label}: the logo did not load")
                if size == PHONE:
                    failures += first_screen_problems(browser, label)
                    # The photo is the width of the card, and never wider than a rendition needs.
                    if not 300 <= shown[1] <= 360:
                        failures.append(f"{label}: the photo is {shown[1]}px wide")
                else:
                    accent = browser.execute_script(
                        "return getComputedStyle(document.querySelector('.site-nav'))"
                        ".backgroundColor"
                    )
                    if accent != "rgb(138, 44, 99)":
                        failures.append(f"{label}: the menu bar is {accent}, not the accent")
                    if not 300 <= shown[1] <= 400:
                        failures.append(f"{label}: the photo is {shown[1]}px wide beside the text")
            page_open(browser, "/")
            screenshot_save(browser, "branding-home")
        # The phone's menu, open: its white words on the accent colour, checked by axe too.
        window_size_set(browser, PHONE)
        page_open(browser, "/")
        browser.find_element(By.CSS_SELECTOR, ".site-header__menu-toggle").click()
        report = axe_check(browser, label="/ at 390px, menu open")
        if report:
            failures.append(report)
        screenshot_save(browser, "branding-home-menu-open")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Ana Ruiz, MD" in main and "Who will look after you" in main
    link = browser.find_element(By.LINK_TEXT, "Ana Ruiz, MD").get_attribute("href")
    assert f"/our-team/#team-member-{TeamMember.objects.get().pk}" in link
    failures_assert(failures, what="problems on the branded home page")


def test_the_settings_form_refuses_a_colour_too_light_with_the_reason(browser, branded_home):
    browser_sign_in(browser, branded_home)
    window_size_set(browser, DESKTOP)
    try:
        page_open(browser, "/admin/clinic_site/sitesettings/1/change/")
        colour = browser.find_element(By.ID, "id_accent_colour")
        assert colour.get_attribute("type") == "color"
        # A colour picker has no text to type into: set its value as choosing a colour does.
        browser.execute_script(
            "arguments[0].value = '#66cccc';"
            " arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
            " arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
            colour,
        )
        old_root = browser.find_element(By.TAG_NAME, "html")
        browser.find_element(By.CSS_SELECTOR, "input[name=_save]").click()
        navigation_wait(browser, old_root)
        page = browser.find_element(By.ID, "content").text
        assert "Please correct the error below." in page
        assert "This colour is too light for text" in page and "only 1.8:1" in page
        assert "at least 4.5:1" in page and "Choose a darker colour." in page
        error = browser.find_element(By.CSS_SELECTOR, ".field-accent_colour .errorlist")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", error)
        screenshot_save(browser, "branding-settings-colour-refused")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert SiteSettings.objects.get(pk=1).accent_colour == ACCENT
    assert not SiteSettings.objects.get(pk=1).has_unpublished_changes
