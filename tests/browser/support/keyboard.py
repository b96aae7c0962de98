"""The keyboard: pressing keys as a keyboard user would, and checking where focus goes and that
it can be seen."""

from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from .navigation import navigation_wait

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
    """Wait for element to have focus; autofocus applies at the first paint, after load, which
    a machine busy with other tests can hold back for seconds."""
    try:
        WebDriverWait(driver, 10, poll_frequency=0.05).until(lambda d: active_element(d) == element)
    except TimeoutException:
        focused = driver.execute_script("return document.activeElement.outerHTML.slice(0, 160)")
        raise AssertionError(f"{what} did not take focus; focus is on {focused}") from None


def key_press_and_wait(driver, element, key: str) -> None:
    """Press a key on an element that loads another page (a link or a submit button)."""
    old_root = driver.find_element("tag name", "html")
    element.send_keys(key)
    navigation_wait(driver, old_root)


def enter_press(driver, element) -> None:
    """Press Enter on a link or button that loads another page, and wait for it."""
    key_press_and_wait(driver, element, Keys.ENTER)


def shift_tap(driver) -> None:
    """Press and let go of Shift on its own (three in a row leave by Exit this page)."""
    ActionChains(driver).key_down(Keys.SHIFT).key_up(Keys.SHIFT).perform()


# How many presses of Tab take focus from where it is to the element given, or to the first
# element after focus whose attribute has the value given: the elements Tab stops at, in the
# document's order. Null where the page orders focus by positive tabindex, or has no such element.
TAB_PRESSES_JS = """
const [target, attribute, value] = arguments;
const focusable = "a[href], area[href], button, input, select, textarea, summary, iframe,"
  + " [tabindex], [contenteditable='true']";
const candidates = [...document.querySelectorAll(focusable)];
if (candidates.some((el) => el.tabIndex > 0)) return null;
// Tab stops once in a group of radio buttons: at its ticked one, else at its first.
const radioStop = (el) => {
  const group = [...document.querySelectorAll(`input[type=radio][name="${CSS.escape(el.name)}"]`)];
  return el === (group.find((radio) => radio.checked) || group[0]);
};
const stops = candidates.filter((el) => el.tabIndex >= 0 && !el.disabled
  && !el.closest("[inert]") && el.checkVisibility({visibilityProperty: true})
  && (el.type !== "radio" || !el.name || radioStop(el)));
const from = stops.indexOf(document.activeElement);
const to = stops.findIndex((el, index) => index > from
  && (target ? el === target : el.getAttribute(attribute) === value));
return to === -1 ? null : to - from;
"""


FOCUSED_ATTRIBUTE_JS = "return document.activeElement.getAttribute(arguments[0])"


def tab_until(driver, *, what: str, limit: int, target=None, attribute=None, value=None) -> None:
    """Press Tab until `target` has focus, or a control whose `attribute` is `value`; fail after
    `limit` presses.

    The presses the page's order says are needed go in one batch, each a real key press, and
    what they reach is checked; where the count was wrong, Tab goes on one press at a time. A
    form with hundreds of controls took a minute one round trip a press.
    """

    def reached() -> bool:
        if target is not None:
            return active_element(driver) == target
        return driver.execute_script(FOCUSED_ATTRIBUTE_JS, attribute) == value

    pressed = 0
    presses = driver.execute_script(TAB_PRESSES_JS, target, attribute, value)
    if presses and presses <= limit:
        ActionChains(driver).send_keys(Keys.TAB * presses).perform()
        pressed = presses
        if reached():
            return
    for _ in range(limit - pressed):
        key_press(driver, Keys.TAB)
        if reached():
            return
    raise AssertionError(f"Tab never reached {what}")


def tab_to(driver, element, *, what: str, limit: int = 40) -> None:
    """Press Tab until element has focus; fail after `limit` presses."""
    tab_until(driver, what=what, limit=limit, target=element)


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
            # The browser scrolls a newly focused element into view: on a machine busy with
            # other tests, the new position can take a moment to show.
            try:
                WebDriverWait(self.driver, 5, poll_frequency=0.05).until(
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
