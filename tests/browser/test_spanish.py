"""The Spanish site in a real Chromium (issue 18): every Spanish page passes axe with one <h1>, the
page not yet in Spanish leads to the English one, a visitor switches language on a step without
losing the answer, and a Spanish summary fits the paper as the English one does.

What the screener does the same way in both languages (the walk with axe at every step and
error, without JavaScript, the printed summary, the timeout warning, Exit this page) is tested
once for both, parametrised by language, in test_screener.py, test_timeout_warning.py and
test_quick_exit.py.
"""

import pytest
from selenium.webdriver.common.by import By

from content.models import Page
from content.workflow import page_unpublish
from tests.screener.answers import CHRONIC_PAIN_VISITOR
from tests.support.languages import es

from .support.axe import axe_check
from .support.browser_log import console_problems
from .support.checks import failures_assert
from .support.crawl import SPANISH_STARTS
from .support.keyboard import enter_press
from .support.layout import layout_problems, printed, window_width_set
from .support.navigation import page_open, path_of
from .support.screener import (
    continue_press,
    journey_begin,
    language_link_follow,
    link_follow,
    screener_page,
    summary_open_for,
)
from .support.screenshots import screenshot_save
from .support.survey import AXE, MISSING_SPANISH_PAGE_PATH, REQUESTS_AND_CONSOLE, SHAPE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The printable width of the paper in CSS pixels (96 an inch), inside print.css's 1.5cm margins:
# US Letter is 8.5in (816px), A4 21cm (794px); the margins take 113px.
PAPER_WIDTHS = {"US Letter": 703, "A4": 680}


def page_shape_problems(browser) -> list[str]:
    """One <h1>, and the page says it is in Spanish."""
    problems = []
    headings = browser.find_elements(By.TAG_NAME, "h1")
    if len(headings) != 1:
        problems.append(f"{len(headings)} <h1> elements: {[h.text for h in headings]}")
    lang = browser.execute_script("return document.documentElement.lang")
    if lang != "es":
        problems.append(f'<html lang="{lang}">, not "es"')
    return problems


# Every Spanish page


@pytest.mark.survey("desktop")
def test_every_spanish_page_is_visited_by_the_checks_of_every_page(public_site_survey):
    """The crawl of every public page (test_public_pages.py, test_layout.py, test_keyboard.py)
    reaches the Spanish home, footer and content pages and the Spanish page-not-found page, so
    each passes axe with one <h1> and says lang="es" there; here, what they found on them."""
    survey = public_site_survey
    spanish = [path for path in survey.paths if path.startswith("/es/")]
    assert set(SPANISH_STARTS) <= set(spanish), spanish
    assert {"/es/efectos-secundarios-y-seguridad/", MISSING_SPANISH_PAGE_PATH} <= set(spanish)
    failures = []
    for check in (SHAPE, AXE, REQUESTS_AND_CONSOLE):
        failures += survey.failures(check, paths=lambda path: path.startswith("/es/"))
    failures_assert(failures, what="axe-core violations or heading problems on Spanish pages")


def test_the_page_not_in_spanish_yet_passes_axe_and_leads_to_the_english_page(
    browser, site_content
):
    page_unpublish(
        page=Page.objects.get(language="es", slug="efectos-secundarios-y-seguridad"), user=None
    )
    log = page_open(browser, "/es/side-effects-and-safety/")
    problems = page_shape_problems(browser)
    problems += [p for p in console_problems(log) if "status of 404" not in p]
    if report := axe_check(browser, label="not in Spanish yet"):
        problems.append(report)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Esta página todavía no está en español"
    screenshot_save(browser, "spanish-not-translated")
    assert not problems, "\n".join(problems)
    english = Page.objects.get(language="en", slug="side-effects-and-safety")
    link_follow(browser, english.title)
    assert path_of(browser) == "/side-effects-and-safety/"
    assert browser.execute_script("return document.documentElement.lang") == "en"


def test_screenshots_of_the_spanish_home_and_a_spanish_content_page(browser, site_content):
    for width in (375, 1280):
        window_width_set(browser, width)
        for name, path in (
            ("spanish-home", "/es/"),
            ("spanish-content-page", "/es/efectos-secundarios-y-seguridad/"),
            ("spanish-crisis", "/es/ayuda-urgente/"),
        ):
            page_open(browser, path)
            shot = screenshot_save(browser, name)
            assert shot.stat().st_size > 10_000, f"{shot} looks empty"


def test_the_language_link_on_a_spanish_step_keeps_the_step_and_the_answer(browser):
    answers = {
        "age": "yes",
        "pain-duration": "no",
        "ketamine-before": "no",
        "phq-interest": "more_than_half",
    }
    journey_begin(browser, answers, language="es")
    assert screener_page(browser, language="es") == "phq-mood"
    back = browser.find_element(By.CSS_SELECTOR, ".back-link")
    assert back.text == "Volver"
    enter_press(browser, back)  # back to the answered question, as a visitor would
    assert path_of(browser) == es("screener:step", "phq-interest")
    assert browser.find_element(By.CSS_SELECTOR, 'input[value="more_than_half"]').is_selected()

    link = browser.find_element(By.CSS_SELECTOR, ".site-header__language")
    assert link.text == "English"
    assert link.get_attribute("lang") == "en" and link.get_attribute("hreflang") == "en"
    language_link_follow(browser)
    assert path_of(browser) == "/screener/phq-interest/"
    assert browser.execute_script("return document.documentElement.lang") == "en"
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert "little interest or pleasure in doing things" in heading
    assert browser.find_element(By.CSS_SELECTOR, 'input[value="more_than_half"]').is_selected()
    assert not browser.find_element(By.CSS_SELECTOR, 'input[value="not_at_all"]').is_selected()

    # And back: Español, the same question, still answered.
    link = browser.find_element(By.CSS_SELECTOR, ".site-header__language")
    assert link.text == "Español"
    language_link_follow(browser)
    assert path_of(browser) == es("screener:step", "phq-interest")
    assert browser.find_element(By.CSS_SELECTOR, 'input[value="more_than_half"]').is_selected()
    continue_press(browser, language="es")
    assert screener_page(browser, language="es") == "phq-mood"


def printed_width_problems(browser, *, label: str) -> list[str]:
    """Lay the page out at each paper's printable width, in print media; what overflows it."""
    problems = []
    for paper, width in PAPER_WIDTHS.items():
        window_width_set(browser, width)
        problems += [f"{label} on {paper} ({width}px): {p}" for p in layout_problems(browser)]
    return problems


def test_the_spanish_summary_fits_the_printed_page_as_the_english_one_does(browser):
    summary_open_for(browser, CHRONIC_PAIN_VISITOR, language="es")
    with printed(browser):
        problems = printed_width_problems(browser, label="Spanish summary")
        window_width_set(browser, PAPER_WIDTHS["US Letter"])
        screenshot_save(browser, "screener-es-summary-print")

    browser.delete_all_cookies()
    summary_open_for(browser, CHRONIC_PAIN_VISITOR)
    with printed(browser):
        english_problems = printed_width_problems(browser, label="English summary")
    assert not english_problems, "the English check itself fails:\n" + "\n".join(english_problems)
    assert not problems, "\n".join(problems)
