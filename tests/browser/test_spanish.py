"""The Spanish site in a real Chromium (issue 18): every Spanish page and screener step passes axe
with one <h1>; a visitor walks the Spanish screener from the home page to the printable summary
(the crisis page on the way), switches language on a step without losing the answer, meets the
timeout warning in Spanish, leaves by Exit this page, and prints a summary that fits the paper.

The journey is read from screener/questions.py, as the English walk in test_screener.py is.
"""

import time

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from content.models import Page
from content.workflow import page_unpublish
from screener.questions import STEPS_BY_KEY
from tests.support.languages import MONTHS_ES, es

from .support.axe import axe_check
from .support.browser_log import browser_log_take, console_problems
from .support.checks import failures_assert, state_problems
from .support.crawl import public_paths_collect
from .support.keyboard import enter_press, key_press
from .support.layout import layout_problems, printed, window_width_set
from .support.navigation import page_open, path_of
from .support.quick_exit import (
    EXIT_BUTTON,
    assert_exited,
    assert_no_answer_shown,
    exit_button_tab_to,
    shift_three_times_exit,
)
from .support.screener import (
    CRISIS_ANSWER,
    WithoutJavascriptCheck,
    continue_press,
    journey_begin,
    link_follow,
    screener_page,
    screener_walk,
    summary_printed_text,
    summary_reach,
    walk_order_assert,
)
from .support.screenshots import screenshot_save, screenshots_at_widths
from .support.timeout_warning import (
    countdown_end_wait,
    delete_answers_press,
    dialog_focus_held_check,
    dialog_opened_check,
    dialog_problems,
    dialog_wait_open,
    keep_answers_press,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPANISH_STARTS = ["/es/", "/es/preguntas-frecuentes/", "/es/buscar/", "/es/contacto/"]
SPANISH_STARTS += ["/es/ayuda-urgente/", "/es/privacidad/", "/es/buscar/?q=dolor"]
MISSING_SPANISH_PAGE = "/es/esta-pagina-no-existe/"
# The printable width of the paper in CSS pixels (96 an inch), inside print.css's 1.5cm margins:
# US Letter is 8.5in (816px), A4 21cm (794px); the margins take 113px.
PAPER_WIDTHS = {"US Letter": 703, "A4": 680}
# Long enough to reach checkboxes, whose answers Back could bring back.
EXIT_ROUTE = {"age": "yes", "pain-duration": "3_months_or_more", "pain-type": "neuropathic"}


def language_link_follow(browser) -> None:
    enter_press(browser, browser.find_element(By.CSS_SELECTOR, ".site-header__language"))


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


def spanish_screener_begin(browser) -> None:
    """As a new visitor: the English home, the header's "Español", the home's screener link."""
    page_open(browser, "/")
    language_link_follow(browser)
    assert path_of(browser) == "/es/"
    link_follow(browser, "Prepárese para su cita")
    assert path_of(browser) == es("screener:start")


# Every Spanish page


@pytest.fixture
def spanish_paths(site_content) -> list[str]:
    """Every Spanish page reachable from the Spanish home, footer and content (a crawl)."""
    paths = [
        path for path in public_paths_collect(start_paths=SPANISH_STARTS) if path.startswith("/es/")
    ]
    assert set(SPANISH_STARTS) <= set(paths), paths
    assert "/es/efectos-secundarios-y-seguridad/" in paths
    return [*paths, MISSING_SPANISH_PAGE]


def test_every_spanish_page_passes_axe_and_has_one_h1(browser, spanish_paths):
    failures = []
    for path in spanish_paths:
        log = page_open(browser, path)
        problems = page_shape_problems(browser)
        problems += [
            problem
            for problem in console_problems(log)
            # The missing page's own status is expected.
            if not (path == MISSING_SPANISH_PAGE and "status of 404" in problem)
        ]
        if problems:
            failures.append(f"{path}:\n  " + "\n  ".join(problems))
        if report := axe_check(browser, label=path):
            failures.append(report)
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


# The Spanish screener


def test_the_spanish_screener_from_the_home_page_to_the_summary_passes_axe_with_one_h1(
    browser, site_content
):
    """Every step, every error, the crisis page, check answers and the summary, at 320px."""
    window_width_set(browser, 320)
    failures: list[str | None] = []
    first_error = f"step {next(iter(STEPS_BY_KEY))} with an error"

    def state_check(label: str) -> None:
        log = browser_log_take(browser)
        problems = page_shape_problems(browser)
        if problems:
            failures.append(f"{label} ({browser.current_url}):\n  " + "\n  ".join(problems))
        failures.append(state_problems(browser, label=label, log=log, widths=()))
        shots = {first_error: "screener-es-error", "summary": "screener-es-summary"}
        shots["support (crisis page)"] = "screener-es-crisis"
        if label in shots:
            screenshots_at_widths(browser, shots[label])

    visited = screener_walk(
        browser,
        answers=CRISIS_ANSWER,
        state_check=state_check,
        language="es",
        begin=spanish_screener_begin,
    )
    walk_order_assert(visited)
    summary = browser.find_element(By.TAG_NAME, "main").text
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Su resumen")
    assert "Su seguridad es lo primero" in summary and "marque 2" in summary
    failures_assert([f for f in failures if f], what="Spanish screener accessibility problems")


def test_the_spanish_screener_works_without_javascript(browser_without_javascript, site_content):
    browser = browser_without_javascript
    window_width_set(browser, 375)
    state_check = WithoutJavascriptCheck(browser)
    screener_walk(
        browser,
        answers=CRISIS_ANSWER,
        state_check=state_check,
        with_errors=False,
        language="es",
        begin=spanish_screener_begin,
    )
    assert "support (crisis page)" in state_check.seen and state_check.seen[-1] == "summary"
    assert "Llame o envíe un mensaje de texto" in browser.find_element(By.TAG_NAME, "main").text
    fallback = browser.find_element(By.CSS_SELECTOR, "[data-print-fallback]")
    assert fallback.is_displayed() and "Imprimir" in fallback.text
    failures_assert(state_check.failures, what="Spanish screener problems without JavaScript")


def test_the_language_link_on_a_spanish_step_keeps_the_step_and_the_answer(browser):
    answers = {"age": "yes", "pain-duration": "no", "phq-interest": "more_than_half"}
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


def test_the_spanish_summary_prints_without_navigation_with_the_date_and_clinic_contacts(
    browser,
):
    summary_reach(browser, language="es")
    text = summary_printed_text(browser)
    today = timezone.localdate()
    assert f"Preparado el {today.day} de {MONTHS_ES[today.month - 1]} de {today.year}" in text
    assert "Su resumen: temas para hablar con su profesional de salud" in text


def printed_width_problems(browser, *, label: str) -> list[str]:
    """Lay the page out at each paper's printable width, in print media; what overflows it."""
    problems = []
    for paper, width in PAPER_WIDTHS.items():
        window_width_set(browser, width)
        problems += [f"{label} on {paper} ({width}px): {p}" for p in layout_problems(browser)]
    return problems


def test_the_spanish_summary_fits_the_printed_page_as_the_english_one_does(browser):
    summary_reach(browser, language="es")
    with printed(browser):
        problems = printed_width_problems(browser, label="Spanish summary")
        window_width_set(browser, PAPER_WIDTHS["US Letter"])
        screenshot_save(browser, "screener-es-summary-print")

    browser.delete_all_cookies()
    summary_reach(browser)
    with printed(browser):
        english_problems = printed_width_problems(browser, label="English summary")
    assert not english_problems, "the English check itself fails:\n" + "\n".join(english_problems)
    assert not problems, "\n".join(problems)


# The timeout warning and Exit this page, in Spanish


def test_the_timeout_warning_speaks_spanish_passes_axe_and_keeps_the_answers(
    browser, short_time_limit
):
    journey_begin(browser, {"age": "yes"}, language="es")
    assert screener_page(browser, language="es") == "pain-duration"
    opened_at = time.monotonic()
    dialog_wait_open(browser, seconds=20)
    assert time.monotonic() - opened_at >= 8, "the warning came too early"

    dialog = dialog_opened_check(browser, seconds=40, language="es")
    dialog_focus_held_check(browser, presses=3, language="es")
    countdown = dialog.find_element(By.CSS_SELECTOR, "[data-timeout-countdown]")
    assert "segundo" in countdown.text, countdown.text
    live = dialog.find_element(By.CSS_SELECTOR, "[data-timeout-live]")
    assert live.get_attribute("textContent").startswith("Borraremos sus respuestas en ")

    problems = dialog_problems(
        browser, label="the Spanish timeout warning", name="screener-es-timeout-dialog"
    )
    assert not problems, "\n".join(problems)

    keep_answers_press(browser, language="es")
    assert path_of(browser) == es("screener:step", "pain-duration"), "the page stays"


def test_delete_my_answers_now_in_spanish_says_so_in_spanish(browser, shortest_time_limit):
    session_key = journey_begin(browser, {"age": "yes"}, language="es")
    dialog_wait_open(browser, seconds=20)
    delete_answers_press(browser, language="es")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Borramos sus respuestas"
    assert not Session.objects.filter(session_key=session_key).exists()
    problems = page_shape_problems(browser)
    if report := axe_check(browser, label="Spanish: your answers have been deleted"):
        problems.append(report)
    assert not problems, "\n".join(problems)


def test_the_end_of_the_countdown_says_in_spanish_what_happened(browser, shortest_time_limit):
    journey_begin(browser, {"age": "yes"}, language="es")
    main = countdown_end_wait(browser, language="es")
    assert "Se acabó el tiempo para sus respuestas, empiece de nuevo" in main
    assert "20 segundos" in main


def no_answer_shown_assert(browser) -> None:
    """After an exit: Back, then a step's address, show no answer."""
    assert_no_answer_shown(
        browser, step_key="pain-type", answers_said=("Dolor de los nervios",), language="es"
    )


def test_exit_this_page_by_keyboard_from_a_spanish_step(browser, neutral_page):
    session_key = journey_begin(browser, EXIT_ROUTE, language="es")
    exit_button_tab_to(browser, language="es")
    screenshot_save(browser, "screener-es-exit-this-page")
    old_root = browser.find_element(By.TAG_NAME, "html")
    key_press(browser, Keys.ENTER)
    assert_exited(browser, old_root, session_key)
    no_answer_shown_assert(browser)


def test_shift_three_times_exits_from_a_spanish_step_with_spanish_announcements(
    browser, neutral_page
):
    session_key = journey_begin(browser, EXIT_ROUTE, language="es")
    shift_three_times_exit(browser, session_key, language="es")


def test_exit_this_page_from_the_spanish_crisis_page(browser, neutral_page):
    session_key = journey_begin(browser, {"age": "yes"}, language="es")
    page_open(browser, "/es/ayuda-urgente/")
    exit_button = browser.find_element(By.CSS_SELECTOR, EXIT_BUTTON)
    assert exit_button.text.endswith("Salir de esta página")
    old_root = browser.find_element(By.TAG_NAME, "html")
    exit_button.send_keys(Keys.ENTER)
    assert_exited(browser, old_root, session_key)
