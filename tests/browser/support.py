"""What the browser tests share: finding the public pages, loading them, and checking them."""

import itertools
import json
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

from django.apps import apps
from django.test import Client
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

VENDOR = Path(__file__).parent / "vendor"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MISSING_PAGE_PATH = "/this-page-does-not-exist/"
# A search box is tried with a word that finds pages and one that finds nothing.
SEARCH_WORDS = ("ketamine", "xylophone")
# Paths the crawl never follows: staff-only, files, and machine endpoints.
NOT_PUBLIC_PREFIXES = ("/admin/", "/static/", "/media/", "/healthz")
CRAWL_LIMIT = 300
PHONE_WIDTHS = (320, 375)

_axe_source: str | None = None


# --- Which pages are public -------------------------------------------------------------------


class _PageParser(HTMLParser):
    """Collect link targets and GET forms (a search box) from one HTML page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.get_forms: list[tuple[str, str]] = []  # (action, name of the text box)
        self._form_action: str | None = None
        self._form_query_name: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        elif tag == "form" and (attributes.get("method") or "get").lower() == "get":
            self._form_action = attributes.get("action") or ""
            self._form_query_name = None
        elif (
            tag == "input"
            and self._form_action is not None
            and not self._form_query_name
            and (attributes.get("type") or "text") in ("search", "text")
            and attributes.get("name")
        ):
            self._form_query_name = attributes["name"]

    def handle_endtag(self, tag):
        if tag == "form" and self._form_action is not None:
            if self._form_query_name:
                self.get_forms.append((self._form_action, self._form_query_name))
            self._form_action = None


def published_page_paths() -> list[str]:
    """Return the address of every published object of the content app that has one."""
    if not apps.is_installed("content"):
        return []
    paths = []
    for model in apps.get_app_config("content").get_models():
        manager = model._default_manager
        if not hasattr(manager, "published") or not hasattr(model, "get_absolute_url"):
            continue
        paths.extend(item.get_absolute_url() for item in manager.published())
    return paths


def _local_path(base: str, href: str) -> str | None:
    """Turn a link into a path on this site, or None for other sites, mail and phone links."""
    target = urlsplit(urljoin(f"http://testserver{base}", href))
    if target.scheme not in ("http", "https") or target.netloc != "testserver":
        return None
    if target.path.startswith(NOT_PUBLIC_PREFIXES):
        return None
    return target.path + (f"?{target.query}" if target.query else "")


def public_paths_collect(*, start_paths: list[str]) -> list[str]:
    """Crawl the site from start_paths and return every page that answers 200 with HTML.

    Follows links and redirects, and submits each GET form (the search box) with each of
    SEARCH_WORDS, so a page added later is checked once something links to it.
    """
    client = Client()
    queue = list(dict.fromkeys(start_paths))
    seen: set[str] = set()
    pages: list[str] = []
    while queue and len(seen) < CRAWL_LIMIT:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code in (301, 302, 303, 307, 308):
            target = _local_path(path, response["Location"])
            if target:
                queue.append(target)
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages.append(path)
        parser = _PageParser()
        parser.feed(response.content.decode())
        for href in parser.links:
            target = _local_path(path, href)
            if target and target not in seen:
                queue.append(target)
        for (action, name), word in itertools.product(parser.get_forms, SEARCH_WORDS):
            target = _local_path(path, f"{action or path}?{urlencode({name: word})}")
            if target and target not in seen:
                queue.append(target)
    return pages


def public_paths_all() -> list[str]:
    """Every public page reachable from the home page, the footer or the published content."""
    from django.urls import reverse

    starts = [reverse("content:home"), reverse("privacy"), reverse("crisis")]
    return public_paths_collect(start_paths=starts + published_page_paths())


# --- Loading a page and reading what the browser saw ------------------------------------------


@dataclass
class BrowserLog:
    """Requests the browser sent and what it wrote to its console since the last reading."""

    requested_urls: list[str]
    console: list[dict]


def browser_log_take(driver) -> BrowserLog:
    """Read (and so empty) the browser's network and console logs."""
    requested = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requested.append(message["params"]["request"]["url"])
    return BrowserLog(requested_urls=requested, console=driver.get_log("browser"))


def page_wait_ready(driver) -> None:
    # A script sent while the next document is still arriving can fail (chromedriver's
    # "inspector error"); polling again is right, and a real fault still ends in a timeout.
    WebDriverWait(driver, 15, poll_frequency=0.05, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


def navigation_wait(driver, old_root) -> None:
    """Wait until the page that held old_root has been replaced and the new one has loaded."""

    def replaced(_driver) -> bool:
        try:
            old_root.tag_name  # noqa: B018 (asks the browser whether the element still exists)
        except WebDriverException:  # stale, or "does not belong to the document" mid-navigation
            return True
        return False

    WebDriverWait(driver, 15, poll_frequency=0.05).until(replaced)
    page_wait_ready(driver)


def key_press_and_wait(driver, element, key: str) -> None:
    """Press a key on an element that loads another page (a link or a submit button)."""
    old_root = driver.find_element("tag name", "html")
    element.send_keys(key)
    navigation_wait(driver, old_root)


def page_open(driver, path: str) -> BrowserLog:
    """Load a page of the live server; return what the browser requested and logged meanwhile."""
    browser_log_take(driver)
    driver.get(driver.base_url + path)
    page_wait_ready(driver)
    return browser_log_take(driver)


def foreign_requests(log: BrowserLog, *, base_url: str) -> list[str]:
    """Requests that went anywhere but the live server (data: and blob: stay in the browser)."""
    own = urlsplit(base_url).netloc
    return [
        url
        for url in log.requested_urls
        if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != own
    ]


def console_problems(log: BrowserLog, *, expected_status: int = 200) -> list[str]:
    """Console errors and Content-Security-Policy reports; a 404 page's own status is expected."""
    problems = []
    for entry in log.console:
        text = entry["message"]
        if expected_status == 404 and "status of 404" in text and MISSING_PAGE_PATH in text:
            continue
        if entry["level"] == "SEVERE" or "Content Security Policy" in text:
            problems.append(f"{entry['level']}: {text}")
    return problems


# --- axe-core ---------------------------------------------------------------------------------

AXE_RUN_JS = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: arguments[0]}, resultTypes: ["violations"]})
  .then((result) => done(result.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    nodes: violation.nodes.map((node) => ({
      target: node.target, html: node.html, failureSummary: node.failureSummary,
    })),
  }))))
  .catch((error) => done({error: String(error)}));
"""


def axe_violations(driver) -> list[dict]:
    """Run axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the current page."""
    global _axe_source
    if _axe_source is None:
        _axe_source = (VENDOR / "axe.min.js").read_text()
    # axe-core schedules its work with timers, which never fire while scripts are switched off;
    # switching them on after the page has loaded checks the page as it loaded without them.
    scripts_off = getattr(driver, "javascript_disabled", False)
    if scripts_off:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    try:
        if not driver.execute_script("return typeof window.axe === 'object'"):
            driver.execute_script(_axe_source)
        driver.set_script_timeout(30)
        result = driver.execute_async_script(AXE_RUN_JS, AXE_TAGS)
    finally:
        if scripts_off:
            driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    if isinstance(result, dict):
        raise AssertionError(f"axe-core could not run: {result['error']}")
    return result


def axe_report(violations: list[dict]) -> str:
    """Describe each violation: rule, what it means, which elements, and how to fix them."""
    lines = []
    for violation in violations:
        lines.append(
            f"  [{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            lines.append(f"    element: {' '.join(map(str, node['target']))}")
            lines.append(f"    html:    {node['html'][:300]}")
            fix = node["failureSummary"].replace("\n", "\n             ")
            lines.append(f"    fix:     {fix}")
    return "\n".join(lines)


def axe_check(driver, *, label: str) -> str | None:
    """Return a failure report for the current page, or None when axe finds nothing."""
    violations = axe_violations(driver)
    if not violations:
        return None
    return f"{label} ({driver.current_url}):\n{axe_report(violations)}"


def failures_assert(failures: list[str], *, what: str) -> None:
    """Fail once with every page's problems, so one run shows them all."""
    if failures:
        raise AssertionError(f"{what} on {len(failures)} page(s):\n\n" + "\n\n".join(failures))


# --- Layout -----------------------------------------------------------------------------------

LAYOUT_PROBLEMS_JS = """
const root = document.documentElement;
const width = root.clientWidth;
const problems = [];
const describe = (el) => {
  const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.classList.length ? "." + [...el.classList].join(".") : "");
  return name + ' "' + (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40) + '"';
};
const box = (el) => {
  const rect = el.getBoundingClientRect();
  return `${Math.round(rect.left)}px to ${Math.round(rect.right)}px`;
};
if (root.scrollWidth > width) {
  // Name the outermost boxes that stick out, so the message points at the cause.
  const culprits = [];
  for (const el of document.body.querySelectorAll("*")) {
    const rect = el.getBoundingClientRect();
    if (rect.width <= 1 || rect.right <= 0 || rect.left >= width) continue;
    if (rect.right <= width + 1 && rect.left >= -1) continue;
    if (culprits.some((outer) => outer.contains(el))) continue;
    culprits.push(el);
  }
  const page = `the page is ${root.scrollWidth}px wide in a ${width}px window`;
  if (!culprits.length) problems.push(`${page} (scrolls sideways)`);
  for (const el of culprits.slice(0, 5)) {
    problems.push(`${page} (scrolls sideways) because of ${describe(el)} at ${box(el)}`);
  }
}
for (const el of document.body.querySelectorAll("*")) {
  const hasText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  if (!hasText && !["INPUT", "SELECT", "TEXTAREA", "BUTTON", "IMG"].includes(el.tagName)) continue;
  const style = getComputedStyle(el);
  if (style.display === "none" || style.visibility === "hidden") continue;
  const rect = el.getBoundingClientRect();
  // One-pixel and wholly off-screen boxes are deliberate hiding (visually-hidden, skip link).
  if (rect.width <= 1 || rect.height <= 1 || rect.right <= 0 || rect.left >= width) continue;
  if (rect.left < -1 || rect.right > width + 1) {
    problems.push(`cut off at the edge of the window (${box(el)}): ${describe(el)}`);
  }
  const clips = ["hidden", "clip"].includes(style.overflowX) || style.textOverflow === "ellipsis";
  if (clips && el.scrollWidth > el.clientWidth + 1) {
    problems.push(`text clipped inside its box: ${describe(el)}`);
  }
}
return problems;
"""


def layout_problems(driver) -> list[str]:
    """Sideways scrolling and text cut off at the window edge or clipped in its box."""
    return driver.execute_script(LAYOUT_PROBLEMS_JS)


def window_width_set(driver, width: int, height: int = 900) -> None:
    driver.set_window_size(width, height)
    WebDriverWait(driver, 5, poll_frequency=0.05).until(
        lambda d: d.execute_script("return window.innerWidth") == width
    )


def screenshot_save(driver, name: str) -> Path:
    """Save a full-height screenshot of the current page under test-artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = driver.execute_script("return window.innerWidth")
    height = driver.execute_script("return document.documentElement.scrollHeight")
    # Headless Chromium caps the window at its screen height; a metrics override does not.
    # Without a scrollbar the text reflows a little, so measure again once.
    for _ in range(2):
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        height = driver.execute_script("return document.documentElement.scrollHeight")
    path = SCREENSHOTS / f"{name}-{width}.png"
    try:
        driver.save_screenshot(str(path))
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return path


# --- Keyboard and focus -----------------------------------------------------------------------

FOCUS_STATE_JS = """
const previous = arguments[0];
const look = (el) => {
  // Jump focus transitions (Bootstrap's buttons fade) to their end: compare the settled look.
  for (const animation of el.getAnimations({subtree: true})) {
    try { animation.finish(); } catch (error) { /* an endless animation has no end */ }
  }
  const s = getComputedStyle(el);
  const transparent = (c) => c === "transparent" || /rgba\\(.*,\\s*0\\)$/.test(c);
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0
    && !transparent(s.outlineColor)
    ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : "none";
  return {outline, boxShadow: s.boxShadow, background: s.backgroundColor, color: s.color,
          border: s.borderColor};
};
const onScreen = (el) => {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
    && r.top < window.innerHeight && r.left < window.innerWidth;
};
let active = document.activeElement;
if (active === document.body || active === document.documentElement) active = null;
return {
  active,
  look: active && look(active),
  onScreen: active && onScreen(active),
  description: active && (active.outerHTML.slice(0, active.outerHTML.indexOf(">") + 1)
    + ` "${active.textContent.trim().replace(/\\s+/g, " ").slice(0, 60)}"`),
  // <main> after the skip link, the error summary: focus targets, not controls to operate.
  focusTarget: active && active.getAttribute("tabindex") === "-1",
  inMain: !!(active && active.closest("main")),
  // What a keyboard journey needs to decide its next key, without more round trips.
  tag: active && active.tagName.toLowerCase(),
  name: active && active.getAttribute("name"),
  type: active && active.getAttribute("type"),
  className: active && active.className,
  text: active && active.textContent.trim().replace(/\\s+/g, " ").slice(0, 80),
  checked: active && !!active.checked,
  previousLook: previous && previous !== active && previous.isConnected ? look(previous) : null,
};
"""


def key_press(driver, key: str, *, shift: bool = False) -> None:
    """Press one key on whatever has focus, as a keyboard user would."""
    actions = ActionChains(driver)
    if shift:
        actions.key_down(Keys.SHIFT).send_keys(key).key_up(Keys.SHIFT)
    else:
        actions.send_keys(key)
    actions.perform()


def keys_type(driver, text: str) -> None:
    """Type text into whatever has focus."""
    ActionChains(driver).send_keys(text).perform()


def active_element(driver):
    return driver.switch_to.active_element


def focus_wait(driver, element, *, what: str = "the element") -> None:
    """Wait for element to have focus; autofocus applies at the first paint, after load."""
    try:
        WebDriverWait(driver, 3, poll_frequency=0.05).until(lambda d: active_element(d) == element)
    except TimeoutException:
        focused = driver.execute_script("return document.activeElement.outerHTML.slice(0, 160)")
        raise AssertionError(f"{what} did not take focus; focus is on {focused}") from None


def is_document_focused(driver) -> bool:
    """True when nothing on the page has focus (the body or the root element holds it)."""
    return driver.execute_script(
        "return document.activeElement === document.body"
        " || document.activeElement === document.documentElement"
        " || document.activeElement === null"
    )


class FocusWatcher:
    """Record each element focused with the keyboard and check its focus was visible.

    An element's focused look is compared with its look once focus has moved on, so the check
    holds whichever focus style an element uses (outline, shadow or background). One script
    call per key press reads both, to keep long keyboard journeys quick.
    """

    def __init__(self, driver):
        self.driver = driver
        self.problems: list[str] = []
        self.active = None  # the focused element after the last key press, None for the page
        self.info: dict = {}  # tag, name, type, className, text, checked of self.active
        self._focused_look: dict | None = None
        self._focus_target = False
        self.description = ""

    def _state(self) -> dict:
        try:
            return self.driver.execute_script(FOCUS_STATE_JS, self.active)
        except WebDriverException:  # the last element went with the page it was on
            self.active = None
            return self.driver.execute_script(FOCUS_STATE_JS, None)

    def focus_moved(self) -> None:
        """Call after each key press that may move focus."""
        state = self._state()
        if self.active is not None and state["active"] != self.active:
            if state["previousLook"] == self._focused_look and not self._focus_target:
                self.problems.append(
                    f"focus is not visible (looks the same focused and unfocused): "
                    f"{self.description}"
                )
        elif self.active is not None:
            # Still on the same element (Space on a checkbox): compare its new look later.
            self.info, self._focused_look = state, state["look"]
            return
        self.active, self.info = state["active"], state
        if self.active is None:
            return
        self._focused_look, self.description = state["look"], state["description"]
        self._focus_target = state["focusTarget"]
        if not state["onScreen"]:
            # Bootstrap scrolls smoothly, so a newly focused element may still be on its way.
            try:
                WebDriverWait(self.driver, 2, poll_frequency=0.05).until(
                    lambda d: d.execute_script(FOCUS_STATE_JS, None)["onScreen"]
                )
            except TimeoutException:
                self.problems.append(f"focused element is not on screen: {self.description}")

    def page_left(self) -> None:
        """Forget the last element when a key press loads another page."""
        self.active = None


def tab_through_page(
    driver, *, main_only: bool = False, limit: int = 250
) -> tuple[list[str], list[str]]:
    """Tab to the end of the page; return (the focused elements, focus problems).

    With main_only, start at the skip link and stop when focus leaves <main>: the header and
    footer are the same on every page, so one full walk covers them.
    """
    watcher = FocusWatcher(driver)
    stops: list[str] = []
    first = None
    if main_only:
        key_press(driver, Keys.TAB)
        key_press(driver, Keys.ENTER)
        watcher.focus_moved()
    for _ in range(limit):
        key_press(driver, Keys.TAB)
        watcher.focus_moved()
        if watcher.active is None or watcher.active == first:
            break
        if main_only and not watcher.info["inMain"]:
            break
        first = first or watcher.active
        stops.append(watcher.description)
    else:
        watcher.problems.append(f"focus never left the page after {limit} presses of Tab")
    return stops, watcher.problems


def focused_description(driver) -> str:
    """Describe the focused element as tab_through_page does."""
    return driver.execute_script(FOCUS_STATE_JS, None)["description"]


# --- One state of a journey (a page with errors, a confirmation) -------------------------------


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
