"""One state of a journey checked whole, and one failure that lists every page's problems."""

from selenium.webdriver.common.by import By

from .axe import axe_check, axe_report, axe_violations
from .browser_log import BrowserLog, console_problems, foreign_requests
from .layout import PHONE_WIDTHS, layout_problems, window_width_set


def failures_assert(failures: list[str], *, what: str) -> None:
    """Fail once with every page's problems, so one run shows them all."""
    if failures:
        raise AssertionError(f"{what} on {len(failures)} page(s):\n\n" + "\n\n".join(failures))


def page_problems(driver, *, label: str, log: BrowserLog | None = None) -> list[str]:
    """The page the browser shows now, at the window's width: one h1, axe, layout, and given the
    page's log (navigation.page_open's), its console and any request to another site."""
    failures = []
    headings = driver.find_elements(By.TAG_NAME, "h1")
    if len(headings) != 1:
        failures.append(f"{label}: {len(headings)} h1 elements")
    report = axe_check(driver, label=label)
    if report:
        failures.append(report)
    failures += [f"{label}: {problem}" for problem in layout_problems(driver)]
    if log is not None:
        failures += [f"{label}: {problem}" for problem in console_problems(log)]
        failures += [
            f"{label}: request to another site: {url}"
            for url in foreign_requests(log, base_url=driver.base_url)
        ]
    return failures


def state_problems(
    driver,
    *,
    label: str,
    log: BrowserLog,
    widths: tuple[int, ...] = PHONE_WIDTHS,
    expected_status: int = 200,
) -> str | None:
    """Check the page the browser shows now: axe, requests, console, and layout.

    For pages reached by sending a form, which the crawl of public pages cannot see. Layout is
    checked at each of `widths` (the window is resized and put back), or at the current width
    when `widths` is empty.
    """
    problems = [
        f"request to another site: {url}" for url in foreign_requests(log, base_url=driver.base_url)
    ]
    problems += console_problems(log, expected_status=expected_status)
    violations = axe_violations(driver)
    if violations:
        problems.append("axe-core found WCAG A/AA violations:\n" + axe_report(violations))
    if widths:
        width = driver.execute_script("return window.innerWidth")
        for layout_width in widths:
            window_width_set(driver, layout_width)
            problems += [f"at {layout_width}px: {problem}" for problem in layout_problems(driver)]
        window_width_set(driver, width)
    else:
        problems += layout_problems(driver)
    if not problems:
        return None
    return f"{label} ({driver.current_url}):\n  " + "\n  ".join(problems)
