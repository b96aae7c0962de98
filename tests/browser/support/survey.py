"""Every public page visited once per way of viewing it, with every per-page check run on that
visit.

A visit costs a page load and, on the desktop, an axe-core run: most of the browser tier's time
when each check loaded every page again. Here the desktop visit runs axe, the console and request
log, the page's shape (one <h1>, its language), the wide layout, the printed layout and the
keyboard walk; the phone visits check the layout at each phone width; the visit without
JavaScript checks the content is shown. The results are kept for the rest of the run and shared
by the pytest-xdist workers, and each test reads the problems of its own check, so a failure still
names the page and the check, and a test run alone still visits what it needs and no more.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from selenium.webdriver.common.by import By

from .axe import axe_report, axe_violations
from .browser_log import MISSING_PAGE_PATH, console_problems, foreign_requests
from .crawl import public_paths_all
from .keyboard import tab_through_page
from .layout import PHONE_WIDTHS, layout_problems, printed, window_width_set
from .navigation import page_open

MISSING_SPANISH_PAGE_PATH = "/es/esta-pagina-no-existe/"
MISSING_PATHS = (MISSING_PAGE_PATH, MISSING_SPANISH_PAGE_PATH)
DESKTOP_WIDTH = 1280
# What a printed page keeps, and what it leaves out.
NOT_PRINTED = (".site-nav", ".skip-link", ".site-header__crisis")
CLINIC_CONTACTS = ("(555) 010-0142", "hello@clinic.example")

# The checks, by view. Tests name these to read their problems.
AXE = "axe"
REQUESTS_AND_CONSOLE = "requests and console"
SHAPE = "one h1 and the page's language"
WIDE_LAYOUT = "wide layout"
PRINT = "print"
FOCUS = "focus"
PHONE_LAYOUT = "phone layout"
WITHOUT_JAVASCRIPT = "content without JavaScript"

# Each focusable element in <main> as the kind of control it is: tag, classes, type, and the
# nearest styled container (a link in a callout can look different from one in the text).
CONTROL_KINDS_JS = """
const selector = "a[href], button, input, select, textarea, summary,"
  + " [tabindex]:not([tabindex='-1'])";
return [...document.querySelector("main").querySelectorAll(selector)].map((el) => {
  const container = el.parentElement.closest("[class]");
  return `${el.tagName}.${[...el.classList].sort().join(".")}[${el.type || ""}]`
    + ` in ${container ? container.classList[0] : ""}`;
});
"""

# Whether each selector matches an element the page shows, and the footer's text, in one round
# trip (a page is checked in print media this way). checkVisibility() counts fewer elements hidden
# than WebDriver's is_displayed() does (a box moved off-screen is still shown), never more.
SHOWN_JS = """
const shown = (selector) => [...document.querySelectorAll(selector)].some(
  (el) => el.checkVisibility({opacityProperty: true, visibilityProperty: true}));
return {
  shown: arguments[0].filter(shown),
  footer: (document.querySelector("footer") || {innerText: ""}).innerText,
  headings: [...document.querySelectorAll("main h1")].filter(
    (h) => h.checkVisibility({opacityProperty: true, visibilityProperty: true})).length,
  main: (document.querySelector("main") || {innerText: ""}).innerText.trim(),
};
"""

# The page's shape in one round trip: how many h1 elements, and the language it says it is in.
SHAPE_JS = """
return {
  headings: [...document.querySelectorAll("h1")].map((h) => h.textContent.trim().slice(0, 60)),
  lang: document.documentElement.lang,
};
"""


@dataclass
class Survey:
    """One view's visits: the pages visited, and each check's problems (one report a page)."""

    view: str
    paths: list[str]
    reports: dict[str, list[list[str]]] = field(default_factory=dict)  # [path, report] each
    page_loads: int = 0
    seconds: float = 0.0
    walked: list[str] = field(default_factory=list)  # pages the keyboard walk went through

    def add(self, check: str, path: str, problems: list[str], *, where: str = "") -> None:
        """Record one page's problems with one check (none: the page passed it)."""
        reports = self.reports.setdefault(check, [])
        if problems:
            reports.append([path, f"{path}{where}:\n  " + "\n  ".join(problems)])

    def failures(self, check: str, *, paths: Callable[[str], bool] | None = None) -> list[str]:
        """The reports of one check, for the pages `paths` accepts (all by default)."""
        assert check in self.reports, f"the {self.view} visits do not run the check {check!r}"
        return [report for path, report in self.reports[check] if paths is None or paths(path)]


def expected_language(path: str) -> str:
    return "es" if path.startswith("/es/") else "en"


def survey_paths() -> list[str]:
    """Every public page the crawl finds, and the page-not-found page in each language."""
    return [*public_paths_all(), *MISSING_PATHS]


def _desktop_visit(browser, survey: Survey, path: str, seen_kinds: set[str]) -> None:
    expected_status = 404 if path in MISSING_PATHS else 200
    log = page_open(browser, path)
    survey.page_loads += 1
    foreign = foreign_requests(log, base_url=browser.base_url)
    problems = [f"request to another site: {url}" for url in foreign]
    problems += console_problems(log, expected_status=expected_status, missing_path=path)
    survey.add(REQUESTS_AND_CONSOLE, path, problems)

    shape = browser.execute_script(SHAPE_JS)
    problems = []
    if len(shape["headings"]) != 1:
        problems.append(f"{len(shape['headings'])} <h1> elements: {shape['headings']}")
    if shape["lang"] != expected_language(path):
        problems.append(f'<html lang="{shape["lang"]}">, not "{expected_language(path)}"')
    survey.add(SHAPE, path, problems)

    violations = axe_violations(browser)
    survey.add(AXE, path, [axe_report(violations)] if violations else [])

    problems = layout_problems(browser)
    main_width = browser.find_element(By.CSS_SELECTOR, "main").size["width"]
    if main_width <= 600:
        problems.append(f"the main column is only {main_width}px wide in a 1280px window")
    survey.add(WIDE_LAYOUT, path, problems, where=f" at {DESKTOP_WIDTH}px")

    with printed(browser):
        page = browser.execute_script(SHOWN_JS, list(NOT_PRINTED))
    missing = [text for text in CLINIC_CONTACTS if text not in page["footer"]]
    problems = [f"printed with {page['shown']}"] if page["shown"] else []
    problems += [f"contact details missing when printed: {missing}"] if missing else []
    survey.add(PRINT, path, problems)

    # The whole home page; then the main content of each page that has a kind of control not
    # seen on an earlier page (pages built from one template are walked once).
    kinds = set(browser.execute_script(CONTROL_KINDS_JS))
    survey.add(FOCUS, path, [])
    if path != "/" and kinds <= seen_kinds:
        return
    seen_kinds |= kinds
    survey.walked.append(path)
    stops, problems = tab_through_page(browser, main_only=path != "/")
    if path == "/" and len(stops) < 5:
        problems.append(f"only {len(stops)} elements took focus: {stops}")
    survey.add(FOCUS, path, problems)


def _desktop(browser, paths: list[str]) -> Survey:
    survey = Survey(view="desktop", paths=paths)
    window_width_set(browser, DESKTOP_WIDTH)
    seen_kinds: set[str] = set()
    # The home page first: its walk covers the header and footer every page shares.
    for path in sorted(paths, key=lambda path: path != "/"):
        _desktop_visit(browser, survey, path, seen_kinds)
    return survey


def _phones(browser, paths: list[str]) -> Survey:
    """At each phone width, each page loaded at that width (not resized after loading)."""
    survey = Survey(view="phones", paths=paths)
    survey.reports[PHONE_LAYOUT] = []
    try:
        for width in PHONE_WIDTHS:
            window_width_set(browser, width)
            for path in paths:
                page_open(browser, path)
                survey.page_loads += 1
                survey.add(PHONE_LAYOUT, path, layout_problems(browser), where=f" at {width}px")
    finally:
        window_width_set(browser, DESKTOP_WIDTH)
    return survey


def _without_javascript(browser, paths: list[str]) -> Survey:
    survey = Survey(view="without JavaScript", paths=paths)
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    browser.javascript_disabled = True
    try:
        for path in paths:
            page_open(browser, path)
            survey.page_loads += 1
            page = browser.execute_script(SHOWN_JS, [])
            problems = []
            if page["headings"] != 1 or len(page["main"]) < 40:
                problems.append(f"no visible heading and content ({page['main'][:80]!r})")
            survey.add(WITHOUT_JAVASCRIPT, path, problems)
    finally:
        browser.javascript_disabled = False
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    return survey


# Longest to visit first: the run starts the longest first (tests/conftest.py).
VIEWS = {"desktop": _desktop, "phones": _phones, "without JavaScript": _without_javascript}
# How long a worker waits for another to finish visiting a view before it gives up.
WAIT_SECONDS = 900


class SurveyStore:
    """This run's surveys, shared by the pytest-xdist workers through files in `folder`.

    A view is visited by the first worker that needs it, which claims it with a file made only if
    absent; a worker that needs a view another is visiting meanwhile visits a view that the run
    still needs and nobody has claimed, or else waits for the result.
    """

    def __init__(self, folder: Path, *, needed: set[str]):
        self.folder = folder
        self.needed = needed  # the views the tests of this run read
        self.surveys: dict[str, Survey] = {}
        self.paths: list[str] | None = None

    def _file(self, view: str, kind: str) -> Path:
        return self.folder / f"survey-{view.replace(' ', '-')}.{kind}"

    def _read(self, view: str) -> Survey | None:
        if view not in self.surveys and self._file(view, "json").exists():
            self.surveys[view] = Survey(**json.loads(self._file(view, "json").read_text()))
        return self.surveys.get(view)

    def _claim(self, view: str) -> bool:
        try:
            os.close(os.open(self._file(view, "claim"), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return False
        return True

    def _visit(self, browser, view: str) -> Survey:
        try:
            if self.paths is None:
                self.paths = survey_paths()
            started = time.monotonic()
            survey = VIEWS[view](browser, self.paths)
            survey.seconds = round(time.monotonic() - started, 1)
        except BaseException:
            self._file(view, "claim").unlink()  # another worker may try again
            raise
        partial = self._file(view, f"{os.getpid()}.partial")
        partial.write_text(json.dumps(asdict(survey)))
        partial.rename(self._file(view, "json"))
        self.surveys[view] = survey
        return survey

    def take(self, browser, view: str) -> Survey:
        """The view's survey: visited now if no test of this run has visited it yet."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if survey := self._read(view):
                return survey
            if self._claim(view):
                return self._visit(browser, view)
            others = [other for other in VIEWS if other in self.needed and not self._read(other)]
            claimed = next((other for other in others if self._claim(other)), None)
            if claimed:
                self._visit(browser, claimed)
            else:
                time.sleep(0.5)
        raise AssertionError(f"no worker finished visiting the {view} view in {WAIT_SECONDS} s")
