"""The screener in the browser, in either language: which page it shows, the words of its buttons
and links, answering a step by keyboard, the walk from the start page to the summary, and the
summary on paper.

Each helper takes `language` ("en" or "es"): the addresses are the ones the pages in that language
link to (reverse() inside translation.override), and the words are the ones they say.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from screener.forms import ANSWER_FIELD
from screener.questions import STEPS_BY_KEY, Kind, Step
from tests.screener.support import walk as screener_client_walk
from tests.support.languages import reverse_in, text_in

from .browser_log import browser_log_take, console_problems, foreign_requests
from .keyboard import enter_press, focus_wait
from .layout import layout_problems, printed
from .navigation import page_open, path_of

JOURNEY_LIMIT = 60  # pages; far more than the screener has, so a loop fails instead of hanging
CRISIS_ANSWER = {"self-harm": "several_days"}
# The screener's pages that are not steps, by URL name.
PAGE_NAMES = ("start", "support", "check-answers", "summary", "for-adults")
CLINIC_CONTACTS = ("Riverside Ketamine Clinic", "(555) 010-0142", "hello@clinic.example")
NOT_PRINTED = (".site-nav", ".skip-link", ".back-link", ".no-print", "button")


@dataclass(frozen=True)
class ScreenerWords:
    """What the screener's buttons, links and messages say in one language."""

    start: str
    continue_button: str
    crisis_way_on: str  # the crisis page's link back to the questions
    see_summary: str
    error_title: str  # the error summary's heading
    resume: str  # the start page's link for a visitor part way through
    exit_page: str
    shift_announcements: tuple[str, str]  # after the first and the second press of Shift
    keep_answers: str
    delete_answers: str
    dialog_title: str  # the timeout warning's
    dialog_why: str  # in the dialog's text, lower-cased
    dialog_after: str  # in the dialog's text, with the time limit in seconds
    home_screener_link: str  # the home page's link to the screener
    summary_heading: str  # how the summary's h1 begins
    crisis_call: str  # on the crisis page and the summary of a visitor who reached it
    print_button: str  # in the summary's print button, or its no-JavaScript fallback


# Each thing the screener says, in English and in Spanish.
_SAID = {
    "start": ("Start now", "Empezar ahora"),
    "continue_button": ("Continue", "Continuar"),
    "crisis_way_on": ("Continue with the questions", "Seguir con las preguntas"),
    "see_summary": ("See your summary", "Ver su resumen"),
    "error_title": ("There is a problem", "Hay un problema"),
    "resume": ("Continue where you left off", "Seguir donde se quedó"),
    "exit_page": ("Exit this page", "Salir de esta página"),
    "shift_announcements": (
        ("Shift, press 2 more times to exit.", "Shift, press 1 more time to exit."),
        ("Shift: presione 2 veces más para salir.", "Shift: presione 1 vez más para salir."),
    ),
    "keep_answers": ("Keep my answers", "Guardar mis respuestas"),
    "delete_answers": ("Delete my answers now", "Borrar mis respuestas ahora"),
    "dialog_title": ("Your answers will soon be deleted", "Pronto borraremos sus respuestas"),
    "dialog_why": ("to protect your privacy", "para proteger su privacidad"),
    "dialog_after": (
        "after {seconds} seconds without activity",
        "después de {seconds} segundos sin actividad",
    ),
    "home_screener_link": ("Prepare for your appointment", "Prepárese para su cita"),
    "summary_heading": ("Your summary", "Su resumen"),
    "crisis_call": ("Call or text", "Llame o envíe un mensaje de texto"),
    "print_button": ("Print", "Imprimir"),
}
WORDS = {
    language: ScreenerWords(**{what: said[index] for what, said in _SAID.items()})
    for index, language in enumerate(("en", "es"))
}


def main_button(browser, text: str):
    """The button in the page's main content that says `text`."""
    return browser.find_element(By.XPATH, f'//main//button[normalize-space()="{text}"]')


def button_press(browser, text: str) -> None:
    """Press Enter on the main content's button that says `text`, and wait for the next page."""
    enter_press(browser, main_button(browser, text))


def start_press(browser, *, language: str = "en") -> None:
    """Press Enter on the start page's Start now."""
    button_press(browser, WORDS[language].start)


def continue_press(browser, *, language: str = "en") -> None:
    """Press Enter on a step's Continue."""
    button_press(browser, WORDS[language].continue_button)


def link_follow(browser, text: str) -> None:
    """Follow a link in the page's main content by its words, as a keyboard user would."""
    main = browser.find_element(By.TAG_NAME, "main")
    enter_press(browser, main.find_element(By.LINK_TEXT, text))


def screener_page(browser, *, language: str = "en") -> str:
    """Name the screener page the browser shows: a step's key, or the page's URL name."""
    path = urlsplit(browser.current_url).path
    for name in PAGE_NAMES:
        if path == reverse_in(language, f"screener:{name}"):
            return name
    key = path.removeprefix(reverse_in(language, "screener:start")).strip("/")
    assert key in STEPS_BY_KEY, f"unexpected page in the screener ({language}): {path}"
    return key


def step_choices(step: Step, overrides: dict[str, str]) -> dict[str, str]:
    """Map each input name on the step's page to the value to select: the first by default."""
    value = overrides.get(step.key, step.choices[0].value)
    if step.kind is Kind.CHECKLIST:
        return {item.key: value for item in step.items}
    return {ANSWER_FIELD: value}


def step_inputs(step: Step, value) -> list[tuple[str, str]]:
    """The inputs to select for an answer as the session stores it: one value, a list of values
    (checkboxes), or a checklist's item -> value."""
    if step.kind is Kind.CHECKLIST:
        return list(value.items())
    return [(ANSWER_FIELD, one) for one in (value if isinstance(value, list) else [value])]


def step_answer(browser, inputs: Iterable[tuple[str, str]], *, language: str = "en") -> None:
    """Select each (name, value) input with Space, as a keyboard user does, and press Continue."""
    for name, value in inputs:
        browser.find_element(
            By.CSS_SELECTOR, f"main input[name='{name}'][value='{value}']"
        ).send_keys(Keys.SPACE)
    continue_press(browser, language=language)


def journey_begin(browser, answers: dict, *, language: str = "en") -> str:
    """Open the start page, press Start now and answer the steps of `answers` in order, by
    keyboard (values as the session stores them). Return the session key holding the answers."""
    page_open(browser, reverse_in(language, "screener:start"))
    start_press(browser, language=language)
    for key, value in answers.items():
        assert path_of(browser) == reverse_in(language, "screener:step", key), path_of(browser)
        step_answer(browser, step_inputs(STEPS_BY_KEY[key], value), language=language)
    return browser.get_cookie("sessionid")["value"]


def error_state_check(browser, step: Step, *, language: str = "en") -> None:
    """The page after Continue with nothing selected: the GOV.UK error pattern, in `language`,
    with focus on the error summary."""
    assert browser.title.startswith("Error: "), browser.title
    summary = browser.find_element(By.CSS_SELECTOR, ".error-summary")
    assert summary.is_displayed()
    assert WORDS[language].error_title in summary.text
    focus_wait(browser, summary, what=f"{step.key}: the error summary")
    messages = [link.text for link in summary.find_elements(By.CSS_SELECTOR, "a")]
    expected = [text_in(language, item.error) for item in step.items] or [
        text_in(language, step.error_required)
    ]
    assert messages == expected, f"{step.key}: {messages}"
    assert browser.find_elements(By.CSS_SELECTOR, ".field--error .field-error-message")


def screener_walk(
    browser,
    *,
    answers: dict[str, str],
    state_check: Callable[[str], None],
    with_errors: bool = True,
    language: str = "en",
    begin: Callable[[object], None] | None = None,
) -> list[str]:
    """Go from the start page to the summary; at each page and each error, call state_check.

    `begin` brings the browser to the start page (by default, it opens it). With errors, every
    step is first sent empty to see its error state; then it is answered (the first choice
    unless `answers` says otherwise). Returns the pages visited, in order.
    """
    words = WORDS[language]
    if begin is None:
        page_open(browser, reverse_in(language, "screener:start"))
    else:
        begin(browser)
    state_check("start")
    start_press(browser, language=language)
    visited = []
    for _ in range(JOURNEY_LIMIT):
        page = screener_page(browser, language=language)
        visited.append(page)
        if page == "summary":
            state_check("summary")
            return visited
        if page == "support":
            state_check("support (crisis page)")
            link_follow(browser, words.crisis_way_on)
            continue
        if page == "check-answers":
            state_check("check your answers")
            link_follow(browser, words.see_summary)
            continue
        step = STEPS_BY_KEY[page]
        state_check(f"step {step.key}")
        if with_errors:
            continue_press(browser, language=language)
            assert screener_page(browser, language=language) == step.key, (
                f"{step.key}: an empty answer passed"
            )
            error_state_check(browser, step, language=language)
            state_check(f"step {step.key} with an error")
        step_answer(browser, step_choices(step, answers).items(), language=language)
    raise AssertionError(f"the journey did not reach the summary: {visited}")


def language_link_follow(browser) -> None:
    """Press the header's link to the same page in the other language, by keyboard."""
    enter_press(browser, browser.find_element(By.CSS_SELECTOR, ".site-header__language"))


def screener_begin_from_home(browser, *, language: str) -> None:
    """As a new visitor: the English home page, the header's link to `language` if it is not
    English, then the home page's link to the screener."""
    page_open(browser, "/")
    if language != "en":
        language_link_follow(browser)
        assert path_of(browser) == reverse_in(language, "content:home")
    link_follow(browser, WORDS[language].home_screener_link)
    assert path_of(browser) == reverse_in(language, "screener:start")


def html_language_problems(browser, *, language: str) -> list[str]:
    """The page says it is in `language` (<html lang>)."""
    lang = browser.execute_script("return document.documentElement.lang")
    return [] if lang == language else [f'<html lang="{lang}">, not "{language}"']


def walk_order_assert(visited: list[str]) -> None:
    """The walk met the crisis page and check answers, and asked the steps in the order of
    questions.py."""
    assert "support" in visited and "check-answers" in visited
    asked = [page for page in visited if page in STEPS_BY_KEY]
    assert asked == [key for key in STEPS_BY_KEY if key in asked]


def journey_answered(browser, answers: dict, *, until: str | None = None) -> str:
    """Answer the steps the site asks with Django's test client, up to the step `until` (else
    all of them); give the browser that session. Return the address the journey reached.

    For tests about one page of the journey: test_screener.py's walks answer every step in the
    browser, in each language.
    """
    client = Client()
    _, reached = screener_client_walk(client, answers, until=until, pages_fetched=False)
    page_open(browser, "/")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    browser.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": session})
    return reached


def summary_open_for(browser, answers: dict, *, language: str = "en") -> None:
    """Answer every step with Django's test client; show the browser that session's summary,
    in the language asked."""
    reached = journey_answered(browser, answers)
    assert reached == reverse_in("en", "screener:check-answers")
    page_open(browser, reverse_in(language, "screener:summary"))
    assert screener_page(browser, language=language) == "summary"


class WithoutJavascriptCheck:
    """A walk's state_check for a browser without JavaScript: the heading is shown, nothing is
    requested from another site, the console is clean and nothing overflows the window.

    Records the labels checked (`seen`) and one failure a page (`failures`).
    """

    def __init__(self, browser):
        self.browser = browser
        self.seen: list[str] = []
        self.failures: list[str] = []

    def __call__(self, label: str) -> None:
        browser = self.browser
        self.seen.append(label)
        log = browser_log_take(browser)
        heading = browser.find_element(By.CSS_SELECTOR, "main h1")
        problems = [] if heading.is_displayed() else ["the page heading is not shown"]
        problems += [
            f"request to another site: {url}"
            for url in foreign_requests(log, base_url=browser.base_url)
        ]
        problems += console_problems(log) + layout_problems(browser)
        if problems:
            self.failures.append(f"{label}:\n  " + "\n  ".join(problems))


def summary_printed_text(browser) -> str:
    """The summary as printed: nothing to navigate or press is printed; return the printed text,
    after checking it gives the clinic's contacts."""
    with printed(browser):
        for selector in NOT_PRINTED:
            shown = [
                e for e in browser.find_elements(By.CSS_SELECTOR, selector) if e.is_displayed()
            ]
            assert not shown, f"{selector} is printed"
        text = browser.find_element(By.TAG_NAME, "body").text
    for contact in CLINIC_CONTACTS:
        assert contact in text, f"{contact} is not printed"
    return text
