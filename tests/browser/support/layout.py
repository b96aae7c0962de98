"""The layout at a window width: no sideways scrolling, no text cut off or clipped; and the page
laid out for print."""

from contextlib import contextmanager

from selenium.webdriver.support.ui import WebDriverWait

PHONE_WIDTHS = (320, 375)

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


@contextmanager
def printed(driver):
    """Lay the page out as the browser would print it (print media), then as on screen again."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        yield driver
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def admin_list_hidden_width(browser) -> int:
    """How far an admin list scrolls sideways in its box (0 when every column is in sight)."""
    return browser.execute_script(
        "const results = document.querySelector('#changelist .results');"
        "return results.scrollWidth - results.clientWidth;"
    )
