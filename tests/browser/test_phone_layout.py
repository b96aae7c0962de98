"""On a phone the page comes first: the heading and first lines in the first screen, the menu
behind a "Menu" button that works by keyboard with and without JavaScript; the desktop keeps the
menu in view; the notice pages pass axe at both sizes; the disclaimer is seen once."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from screener.questions import STEPS
from tests.support.menu import menu_titles

from .support.checks import failures_assert, page_problems
from .support.keyboard import active_element, key_press, tab_to
from .support.navigation import navigation_wait, page_open
from .support.screener import start_press
from .support.screenshots import screenshot_save
from .support.survey import AXE, SHAPE, WIDE_LAYOUT

pytestmark = pytest.mark.browser

PHONE = (390, 844)
DESKTOP = (1280, 900)
CONTENT_PAGE = "/what-to-expect/"
NOTICE_PAGES = [
    "/your-rights/",
    "/notice-of-privacy-practices/",
    "/accessibility-statement/",
    "/language-assistance/",
    "/es/sus-derechos/",
    "/es/aviso-de-practicas-de-privacidad/",
    "/es/declaracion-de-accesibilidad/",
    "/es/asistencia-con-el-idioma/",
]

# Where the page's heading and the first paragraph after it sit, in the first screen's terms.
FIRST_SCREEN_JS = """
const h1 = document.querySelector("main h1");
const heading = h1.getBoundingClientRect();
let first = null;
for (const el of document.querySelectorAll("main p, main li, main legend, main label")) {
  if (h1.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING
      && el.textContent.trim() && el.getBoundingClientRect().height > 0) {
    first = el; break;
  }
}
const line = first && first.getBoundingClientRect();
return {
  screen: window.innerHeight,
  headingBottom: heading.bottom,
  firstTop: line ? line.top : null,
  firstLineBottom: line ? line.top + parseFloat(getComputedStyle(first).lineHeight) : null,
  firstText: first ? first.textContent.trim().slice(0, 60) : null,
};
"""


def window_size_set(browser, size: tuple[int, int]) -> None:
    """Make the page's viewport exactly `size`, as a phone's screen is (not the window's)."""
    width, height = size
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    WebDriverWait(browser, 5, poll_frequency=0.05).until(
        lambda d: d.execute_script("return [innerWidth, innerHeight]") == [width, height]
    )


@pytest.fixture
def phone(browser):
    window_size_set(browser, PHONE)
    yield browser
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.fixture
def phone_without_javascript(browser_without_javascript):
    window_size_set(browser_without_javascript, PHONE)
    yield browser_without_javascript
    browser_without_javascript.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


# On a phone, the language link, "Need help now?" and "Menu" share the row under the clinic's name.
HEADER_ROW = ".site-header__language, .site-header__crisis, .site-header__menu-toggle"


def first_step_open(browser) -> None:
    page_open(browser, "/screener/")
    start_press(browser)
    assert browser.current_url.endswith(f"/screener/{STEPS[0].key}/"), browser.current_url


def nav_shown(browser) -> bool:
    return browser.find_element(By.ID, "site-nav").is_displayed()


def menu_control(browser):
    return browser.find_element(By.CSS_SELECTOR, ".site-header__menu-toggle")


def first_screen_problems(browser, label: str) -> list[str]:
    where = browser.execute_script(FIRST_SCREEN_JS)
    problems = []
    if where["headingBottom"] > where["screen"]:
        problems.append(f"{label}: the h1 ends at {where['headingBottom']:.0f}px, below the screen")
    if where["firstLineBottom"] is None or where["firstLineBottom"] > where["screen"]:
        problems.append(f"{label}: the first line after the h1 is not in the first screen {where}")
    if nav_shown(browser):
        problems.append(f"{label}: the menu is open before anyone asked for it")
    header_links = browser.find_elements(By.CSS_SELECTOR, HEADER_ROW)
    rects = [link.rect for link in header_links]
    # On one row: some height that all three span.
    if max(r["y"] for r in rects) >= min(r["y"] + r["height"] for r in rects):
        texts = [link.text for link in header_links]
        problems.append(f"{label}: {texts} are not on one row under the clinic's name")
    return problems


def test_on_a_390_by_844_phone_the_heading_and_first_lines_are_in_the_first_screen(
    phone, site_content
):
    browser = phone
    problems = []
    for label, path in (("home page", "/"), ("content page", CONTENT_PAGE), ("Spanish", "/es/")):
        page_open(browser, path)
        problems += first_screen_problems(browser, label)
    first_step_open(browser)
    problems += first_screen_problems(browser, "first screener step")
    assert not problems, "\n".join(problems)


def test_without_javascript_the_phone_still_shows_the_page_first(
    phone_without_javascript, site_content
):
    browser = phone_without_javascript
    problems = []
    for label, path in (("home page", "/"), ("content page", CONTENT_PAGE)):
        page_open(browser, path)
        problems += first_screen_problems(browser, label)
    assert not problems, "\n".join(problems)


def test_the_menu_button_opens_and_closes_the_menu_by_keyboard(phone, site_content):
    browser = phone
    page_open(browser, CONTENT_PAGE)
    button = menu_control(browser)
    assert button.tag_name == "button" and button.text == "Menu"
    assert button.get_attribute("aria-expanded") == "false"
    assert button.get_attribute("aria-controls") == "site-nav"
    assert not nav_shown(browser)

    tab_to(browser, button, what="the Menu button")
    key_press(browser, Keys.ENTER)
    assert button.get_attribute("aria-expanded") == "true"
    assert nav_shown(browser)
    # The menu's links are next in the tab order, and the page did not move to another address.
    key_press(browser, Keys.TAB)
    assert active_element(browser).text == "Home"
    assert browser.current_url.endswith(CONTENT_PAGE)

    key_press(browser, Keys.ESCAPE)
    assert button.get_attribute("aria-expanded") == "false"
    assert not nav_shown(browser)
    assert active_element(browser) == button, "Escape gives focus back to the Menu button"

    key_press(browser, Keys.SPACE)
    assert button.get_attribute("aria-expanded") == "true" and nav_shown(browser)
    # With JavaScript the button closes the menu: the fallback "Close menu" link is gone.
    assert browser.find_elements(By.CSS_SELECTOR, "[data-menu-close]") == []
    key_press(browser, Keys.ENTER)
    assert button.get_attribute("aria-expanded") == "false" and not nav_shown(browser)


def test_without_javascript_the_menu_link_opens_the_menu_and_close_menu_closes_it(
    phone_without_javascript, site_content
):
    browser = phone_without_javascript
    page_open(browser, CONTENT_PAGE)
    link = menu_control(browser)
    assert link.tag_name == "a" and link.get_attribute("href").endswith("#site-nav")
    assert not nav_shown(browser)

    tab_to(browser, link, what="the Menu link")
    key_press(browser, Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: nav_shown(d))
    home = browser.find_element(By.CSS_SELECTOR, "#site-nav a")
    tab_to(browser, home, what="the menu's first link", limit=3)

    close = browser.find_element(By.CSS_SELECTOR, "[data-menu-close]")
    assert close.is_displayed() and close.text == "Close menu"
    tab_to(browser, close, what="Close menu")
    key_press(browser, Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: not nav_shown(d))
    assert browser.find_element(By.TAG_NAME, "h1").is_displayed()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_on_a_desktop_the_menu_is_always_in_view_and_there_is_no_menu_button(
    request, browser, site_content, javascript
):
    if not javascript:
        browser = request.getfixturevalue("browser_without_javascript")
    window_size_set(browser, DESKTOP)
    try:
        page_open(browser, CONTENT_PAGE)
        assert nav_shown(browser)
        assert not menu_control(browser).is_displayed()
        closers = browser.find_elements(By.CSS_SELECTOR, "[data-menu-close]")
        assert not any(link.is_displayed() for link in closers)
        # Read whether shown in the row or under "More" (the next test).
        links = [
            a.get_attribute("textContent").strip()
            for a in browser.find_elements(By.CSS_SELECTOR, "#site-nav a")
        ]
        assert "Home" in links and "Contact us" in links
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


# The menu's items as a visitor sees them: how many rows the shown items take, the links in the
# row, and the links under "More".
MENU_ROWS_JS = """
const all = (selector) => [...document.querySelectorAll(selector)];
const shown = all(".site-nav__list > li").filter((li) => li.offsetParent);
const text = (selector) => all(selector).map((a) => a.textContent.trim());
return {
  rows: new Set(shown.map((li) => Math.round(li.getBoundingClientRect().top))).size,
  row: text(".site-nav__list > li > a"),
  more: text("#site-nav-more a"),
};
"""


def test_on_a_desktop_the_menu_is_one_row_and_the_links_that_do_not_fit_are_under_more(
    browser, site_content, client
):
    """14 links do not fit one row at 1280px: the last ones go under a "More" button that
    opens and closes by keyboard, passes axe open, and leaves on a phone."""
    window_size_set(browser, DESKTOP)
    try:
        page_open(browser, CONTENT_PAGE)
        menu = browser.execute_script(MENU_ROWS_JS)
        assert menu["rows"] == 1, menu
        assert menu["row"][0] == "Home" and menu["more"], menu
        expected = [words for words in menu_titles(client, CONTENT_PAGE) if words != "Close menu"]
        assert menu["row"] + menu["more"] == expected, "every link once, in staff's order"

        button = browser.find_element(By.CSS_SELECTOR, ".site-nav__more-button")
        more = browser.find_element(By.ID, "site-nav-more")
        assert button.text == "More" and button.get_attribute("aria-controls") == "site-nav-more"
        assert button.get_attribute("aria-expanded") == "false" and not more.is_displayed()

        tab_to(browser, button, what="the More button")
        key_press(browser, Keys.ENTER)
        assert button.get_attribute("aria-expanded") == "true" and more.is_displayed()
        failures = page_problems(browser, label="the menu's More list open at 1280px")
        screenshot_save(browser, "menu-more-open-1280")
        key_press(browser, Keys.TAB)
        assert active_element(browser).text == menu["more"][0], "More's links come next"
        key_press(browser, Keys.ESCAPE)
        assert button.get_attribute("aria-expanded") == "false" and not more.is_displayed()
        assert active_element(browser) == button, "Escape gives focus back to More"

        # Tabbing on past its last link closes it: the open list never covers the page.
        key_press(browser, Keys.SPACE)
        for _ in menu["more"]:
            key_press(browser, Keys.TAB)
        assert more.is_displayed()
        key_press(browser, Keys.TAB)
        assert not more.is_displayed()

        # Reading a page whose link is under More, the button is in bold as that link would be.
        button.click()
        old_root = browser.find_element(By.TAG_NAME, "html")
        more.find_elements(By.TAG_NAME, "a")[-1].click()
        navigation_wait(browser, old_root)
        current = browser.find_element(By.CSS_SELECTOR, ".site-nav__more-button")
        assert current.value_of_css_property("font-weight") == "700"

        page_open(browser, "/es/")
        assert browser.find_element(By.CSS_SELECTOR, ".site-nav__more-button").text == "Más"

        # Down to a phone's width: More goes, and the phone menu holds every link again.
        window_size_set(browser, PHONE)
        WebDriverWait(browser, 10).until(
            lambda d: not d.find_elements(By.CSS_SELECTOR, ".site-nav__more")
        )
        spanish = [words for words in menu_titles(client, "/es/") if words != "Cerrar el menú"]
        assert browser.execute_script(MENU_ROWS_JS)["row"] == spanish
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    failures_assert(failures, what="accessibility or layout problems")


@pytest.mark.survey("desktop")
def test_notice_pages_pass_axe_with_one_h1_at_390_and_1280_px(browser, public_site_survey):
    """At 1280px the notice pages are checked with every public page (support/survey.py); here
    they are found there, and checked again at 390px."""
    desktop = public_site_survey
    assert set(NOTICE_PAGES) <= set(desktop.paths), desktop.paths
    failures = []
    for check in (AXE, SHAPE, WIDE_LAYOUT):
        failures += desktop.failures(check, paths=lambda path: path in NOTICE_PAGES)
    try:
        window_size_set(browser, PHONE)
        for path in NOTICE_PAGES:
            page_open(browser, path)
            failures += page_problems(browser, label=f"{path} at {PHONE[0]}px")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    failures_assert(failures, what="accessibility problems on the notice pages")


def test_the_disclaimer_is_seen_once_on_every_kind_of_page(browser, site_content):
    pages = ["/", CONTENT_PAGE, "/es/", "/search/?q=ketamine", "/screener/", "/privacy/"]
    pages += ["/need-help-now/", "/contact/", NOTICE_PAGES[1]]
    failures = []
    for path in pages:
        page_open(browser, path)
        shown = [
            element
            for element in browser.find_elements(By.CSS_SELECTOR, ".disclaimer-text")
            if element.is_displayed()
        ]
        if len(shown) != 1:
            failures.append(f"{path}: the disclaimer is shown {len(shown)} times")
    failures_assert(failures, what="the disclaimer not shown exactly once")


def test_screenshots_of_home_content_page_and_screener_step_at_390_and_1280(browser, site_content):
    try:
        for size in (PHONE, DESKTOP):
            for name, path in (("home", "/"), ("content-page", CONTENT_PAGE), ("step", None)):
                window_size_set(browser, size)
                if path:
                    page_open(browser, path)
                else:
                    first_step_open(browser)
                shot = screenshot_save(browser, f"phone-layout-{name}")
                assert shot.stat().st_size > 10_000, f"{shot} looks empty"
                # The first screen alone, as a phone shows it before any scrolling.
                if size == PHONE:
                    window_size_set(browser, size)
                    path = shot.with_name(f"phone-layout-{name}-first-screen-390.png")
                    browser.save_screenshot(str(path))
        # The menu open on a phone, and the Spanish home page's first screen.
        window_size_set(browser, PHONE)
        page_open(browser, CONTENT_PAGE)
        menu_control(browser).click()
        browser.save_screenshot(str(shot.with_name("phone-layout-menu-open-first-screen-390.png")))
        page_open(browser, "/es/")
        browser.save_screenshot(str(shot.with_name("phone-layout-es-home-first-screen-390.png")))
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
