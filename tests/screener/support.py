"""Drive the screener through the test client as a visitor would."""

import datetime
import re

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from screener.questions import STEPS_BY_KEY, Kind

CHECK_ANSWERS_URL = "/screener/check-your-answers/"
SUMMARY_URL = "/screener/summary/"
SUPPORT_URL = "/screener/message/"
FOR_ADULTS_URL = "/screener/for-adults/"
START_URL = "/screener/"
BANNED = re.compile(
    r"\b(eligible|ineligible|qualify|qualifies|approved|good candidate|not a candidate)\b", re.I
)


def step_url(key: str) -> str:
    return reverse("screener:step", args=[key])


def step_key_of(url: str) -> str | None:
    match = re.fullmatch(r"/screener/([a-z0-9-]+)/", url)
    return match.group(1) if match and match.group(1) in STEPS_BY_KEY else None


def form_data(step_key: str, value) -> dict:
    if STEPS_BY_KEY[step_key].kind is Kind.CHECKLIST:
        return dict(value)
    return {"answer": value}


def start(client) -> str:
    response = client.post(START_URL)
    assert response.status_code == 302
    return response["Location"]


def answer(client, step_key: str, value):
    return client.post(step_url(step_key), form_data(step_key, value))


def walk(
    client,
    answers: dict,
    *,
    start_url: str | None = None,
    until: str | None = None,
    pages_fetched: bool = True,
) -> tuple[list[str], str]:
    """Answer each question the site asks, following its redirects, until it stops asking (or
    asks the step `until`, left unanswered).

    Return the keys of the steps asked, in order, and the URL the journey ended on. Every
    step page is fetched first, as a browser would, and must answer 200; a test that only needs
    the answers in the session (pages_fetched=False) posts them without reading each page, as
    fetching a page changes nothing the session holds.
    """
    url = start_url or start(client)
    asked = []
    while (key := step_key_of(url)) is not None and key != until:
        if pages_fetched:
            assert client.get(url).status_code == 200, url
        asked.append(key)
        assert key in answers, f"the site asked {key!r}, which this visitor has no answer for"
        response = answer(client, key, answers[key])
        assert response.status_code == 302, (key, response.content.decode()[:2000])
        url = response["Location"]
        if url == SUPPORT_URL:
            # The crisis page interrupts; the visitor chooses to go on.
            page = client.get(url).content.decode()
            url = re.search(r'href="([^"]+)">Continue with the questions', page).group(1)
    return asked, url


def main_html(html: str) -> str:
    """The page's <title> and <main>: what the screener itself says."""
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    main = re.search(r"<main\b.*?</main>", html, re.S).group(0)
    return title + main


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


def session_answers(client) -> dict | None:
    journey = client.session.get("screener")
    return None if journey is None else journey["answers"]


def expire_session() -> None:
    """What 30 minutes without a request does: the session row is past its expiry date."""
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
