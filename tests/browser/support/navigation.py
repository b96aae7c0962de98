"""Loading a page of the live server, and waiting until the browser has finished with it."""

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

from .browser_log import BrowserLog, browser_log_take


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


def page_open(driver, path: str) -> BrowserLog:
    """Load a page of the live server; return what the browser requested and logged meanwhile."""
    browser_log_take(driver)
    driver.get(driver.base_url + path)
    page_wait_ready(driver)
    return browser_log_take(driver)


def path_of(driver) -> str:
    """The address the browser shows, on the live server (path and query)."""
    return driver.current_url.removeprefix(driver.base_url)
