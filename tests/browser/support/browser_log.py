"""What the browser requested and wrote to its console while it loaded a page."""

import json
from dataclasses import dataclass
from urllib.parse import urlsplit

MISSING_PAGE_PATH = "/this-page-does-not-exist/"


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


def foreign_requests(log: BrowserLog, *, base_url: str) -> list[str]:
    """Requests that went anywhere but the live server (data: and blob: stay in the browser)."""
    own = urlsplit(base_url).netloc
    return [
        url
        for url in log.requested_urls
        if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != own
    ]


def console_problems(
    log: BrowserLog, *, expected_status: int = 200, missing_path: str = MISSING_PAGE_PATH
) -> list[str]:
    """Console errors and Content-Security-Policy reports; a 404 page's own status (the page at
    `missing_path`) is expected."""
    problems = []
    for entry in log.console:
        text = entry["message"]
        if expected_status == 404 and "status of 404" in text and missing_path in text:
            continue
        if entry["level"] == "SEVERE" or "Content Security Policy" in text:
            problems.append(f"{entry['level']}: {text}")
    return problems
