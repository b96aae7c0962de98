"""Full-height screenshots of pages, saved for people to look at."""

from pathlib import Path

from .layout import window_width_set

SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"


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


def screenshots_at_widths(driver, name: str, *, widths: tuple[int, ...] = (375, 1280)) -> None:
    """Save `name` at each window width, then give the window its width back."""
    width = driver.execute_script("return window.innerWidth")
    for shot_width in widths:
        window_width_set(driver, shot_width)
        screenshot_save(driver, name)
    window_width_set(driver, width)
