"""What a visitor does on the site: read the pages the sitemap lists, and walk the screener.

The answers come from the declarative questions (screener.questions.STEPS), so a new question
needs nothing here.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from screener.questions import STEPS, Kind
from tests.support.http import Response, Visitor

SUMMARY_HEADING = "<h1>Your summary: things to discuss with your clinician</h1>"
START_URL = "/screener/"
SUPPORT_URL = "/screener/message/"
CHECK_ANSWERS_URL = "/screener/check-your-answers/"
SUMMARY_URL = "/screener/summary/"
STEP_URL = re.compile(r"/screener/([a-z0-9-]+)/")


class UnexpectedResponse(RuntimeError):
    """The site answered, but not as a visitor's browser expects."""


class DeadlinePassed(Exception):
    """The load run's time is up; the visitor stops where they are."""


def screener_typical_answers() -> dict[str, list[tuple[str, str]]]:
    """A typical adult visitor's answers, per step, as form pairs.

    Each radio question takes its first answer that neither ends the journey nor interrupts
    it; each checklist item "no"; each checkbox question its first ordinary choice.
    """
    answers: dict[str, list[tuple[str, str]]] = {}
    for step in STEPS:
        if step.kind is Kind.CHECKLIST:
            answers[step.key] = [(item.key, "no") for item in step.items]
            continue
        usable = [
            choice.value
            for choice in step.choices
            if choice.value not in step.exits
            and choice.value not in step.interrupts
            and not choice.exclusive
        ]
        answers[step.key] = [("answer", usable[0])]
    return answers


def screener_varied_answers(*, rng: random.Random) -> dict[str, list[tuple[str, str]]]:
    """One visitor's answers, keyed by step: any answer that does not end the journey early.

    Picks at random among the choices, so visitors take different routes (the crisis page
    included) and each finishes with a summary.
    """
    answers = {}
    for step in STEPS:
        if step.kind is Kind.CHECKLIST:
            values = sorted(step.values)
            answers[step.key] = [(item.key, rng.choice(values)) for item in step.items]
            continue
        usable = [c for c in step.choices if c.value not in step.exits]
        if step.kind is Kind.RADIOS:
            answers[step.key] = [("answer", rng.choice(usable).value)]
            continue
        ordinary = [c.value for c in usable if not c.exclusive]
        exclusive = [c.value for c in usable if c.exclusive]
        if exclusive and rng.random() < 0.2:
            answers[step.key] = [("answer", rng.choice(exclusive))]
        else:
            picked = rng.sample(ordinary, k=rng.randint(1, min(3, len(ordinary))))
            answers[step.key] = [("answer", value) for value in picked]
    return answers


def expect(response: Response, status: int, *, what: str) -> Response:
    if response.status != status:
        raise UnexpectedResponse(f"{what}: status {response.status}, expected {status}")
    return response


def expect_redirect(response: Response, *, what: str) -> str:
    if response.status not in (302, 303) or not response.location:
        raise UnexpectedResponse(f"{what}: status {response.status}, expected a redirect")
    return response.location


def screener_answer_questions(
    *,
    visitor: Visitor,
    answers: dict[str, list[tuple[str, str]]],
    path: str,
    port: Callable[[int], int | None] = lambda index: None,
    limit: int | None = None,
    answered: int = 0,
) -> tuple[str, int]:
    """Answer the questions from `path` on, `limit` of them at most (default: all).

    `port(n)` picks the server for the n-th request of the journey. Return where the site leads
    next (Check your answers, once every question is answered) and the count answered so far.
    """
    steps_answered = answered
    while (match := STEP_URL.fullmatch(path)) and match.group(1) in answers:
        if limit is not None and steps_answered - answered >= limit:
            break
        steps_answered += 1
        page = expect(visitor.get(path, port=port(steps_answered)), 200, what=f"question {path}")
        form = [*page.hidden_fields().items(), *answers[match.group(1)]]
        answered_page = visitor.post(path, form, port=port(steps_answered + 1))
        path = expect_redirect(answered_page, what=f"answer to {path}")
        if path == SUPPORT_URL:
            support = expect(visitor.get(path, port=port(steps_answered)), 200, what="crisis page")
            found = re.search(r'href="([^"]+)">Continue with the questions', support.text)
            if not found:
                raise UnexpectedResponse("crisis page: no way to continue with the questions")
            path = urlsplit(found.group(1)).path
    return path, steps_answered


def screener_start(*, visitor: Visitor, port: int | None = None) -> str:
    """Open the start page and select "Start now"; return the first question's address."""
    start = expect(visitor.get(START_URL, port=port), 200, what="start page")
    return expect_redirect(visitor.post(START_URL, start.hidden_fields(), port=port), what="Start")


def screener_finish(
    *, visitor: Visitor, path: str, steps_answered: int, port: Callable[[int], int | None]
) -> Response:
    """From the end of the questions: check the answers, open the summary; return it."""
    if path != CHECK_ANSWERS_URL or not steps_answered:
        raise UnexpectedResponse(f"the questions ended at {path}, not at Check your answers")
    expect(visitor.get(path, port=port(steps_answered)), 200, what="check your answers")
    summary = expect(visitor.get(SUMMARY_URL, port=port(-1)), 200, what="summary")
    if SUMMARY_HEADING not in summary.text:
        raise UnexpectedResponse("summary: the page does not show the summary")
    return summary


def screener_journey(
    *,
    visitor: Visitor,
    answers: dict[str, list[tuple[str, str]]],
    servers: Sequence[int] = (),
    deadline: float | None = None,
) -> Response:
    """Start, answer every question the site asks, check the answers, open the summary.

    With `servers`, the journey moves between them: each page is read from one server and
    answered on the next, and each question starts on a different server from the one before;
    the summary comes from the last server. Return the summary page.
    """

    def port(index: int) -> int | None:
        if deadline is not None and time.monotonic() > deadline:
            raise DeadlinePassed
        return servers[index % len(servers)] if servers else None

    start = expect(visitor.get(START_URL, port=port(0)), 200, what="start page")
    path = expect_redirect(
        visitor.post(START_URL, start.hidden_fields(), port=port(1)), what="Start now"
    )
    path, steps_answered = screener_answer_questions(
        visitor=visitor, answers=answers, path=path, port=port
    )
    return screener_finish(visitor=visitor, path=path, steps_answered=steps_answered, port=port)


def content_paths(*, port: int) -> list[str]:
    """Every page the sitemap lists (the home page, content pages and the FAQ)."""
    sitemap = expect(Visitor(port=port).get("/sitemap.xml"), 200, what="sitemap")
    paths = [urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", sitemap.text)]
    if not any("faq" in path for path in paths):
        raise UnexpectedResponse("the sitemap lists no FAQ page: was the content loaded?")
    return paths
