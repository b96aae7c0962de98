"""Load test: many visitors reading pages and completing the screener, under gunicorn.

Run with `make load` (50 clients for 60 seconds), or
`python -m scripts.loadtest --clients 10 --seconds 5`. The site runs with production settings
on PostgreSQL: DATABASE_URL when set, else a database `clinic_load` on the local server
(created when missing). Set-up runs migrate, load_content and collectstatic first. Every request
goes to 127.0.0.1 only. Prints requests per second, latency percentiles and the errors (any 5xx,
connection error or unexpected status); exits non-zero when there was any error.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote_plus, urlsplit

from screener.questions import STEPS, Kind
from scripts.bench import form_fields, screener_typical_answers
from scripts.servers import (
    Gunicorn,
    Response,
    Visitor,
    database_create,
    manage,
    postgres_server_url,
    site_environment,
    static_root_collect,
)

LOAD_DATABASE = "clinic_load"
# gthread workers: a few processes (two cores), each serving several requests at once while
# others wait on PostgreSQL. One persistent database connection per thread (CONN_MAX_AGE).
GUNICORN_WORKERS = 3
GUNICORN_THREADS = 4
# A journey under way at the end is finished, unless it needs longer than this.
GRACE_SECONDS = 30
SEARCH_WORDS = ("fibromyalgia", "depression", "side effects", "infusion", "nerve pain", "cost")
SUMMARY_HEADING = "<h1>Your summary: things to discuss with your clinician</h1>"
SUPPORT_URL = "/screener/support/"
CHECK_ANSWERS_URL = "/screener/check-your-answers/"
SUMMARY_URL = "/screener/summary/"
START_URL = "/screener/"
STEP_URL = re.compile(r"/screener/([a-z0-9-]+)/")


class UnexpectedResponse(Exception):
    """The site answered, but not as a visitor's browser expects."""


class DeadlinePassed(Exception):
    """The load run's time is up; the visitor stops where they are."""


# --- What visitors do ----------------------------------------------------------------------------


def screener_varied_answers(*, rng: random.Random) -> dict[str, list[tuple[str, str]]]:
    """One visitor's answers, keyed by step: any answer that does not end the journey early.

    Starts from the typical answers the benchmark derives from screener.questions.STEPS, then
    picks at random among the choices, so visitors take different routes (the crisis page
    included) and each finishes with a summary.
    """
    answers = screener_typical_answers()
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
        visitor.post(START_URL, form_fields(start.text), port=port(1)), what="Start now"
    )
    steps_answered = 0
    while (match := STEP_URL.fullmatch(path)) and match.group(1) in answers:
        steps_answered += 1
        page = expect(visitor.get(path, port=port(steps_answered)), 200, what=f"question {path}")
        form = [*form_fields(page.text).items(), *answers[match.group(1)]]
        answered = visitor.post(path, form, port=port(steps_answered + 1))
        path = expect_redirect(answered, what=f"answer to {path}")
        if path == SUPPORT_URL:
            support = expect(visitor.get(path, port=port(steps_answered)), 200, what="crisis page")
            found = re.search(r'href="([^"]+)">Continue with the questions', support.text)
            if not found:
                raise UnexpectedResponse("crisis page: no way to continue with the questions")
            path = urlsplit(found.group(1)).path
    if path != CHECK_ANSWERS_URL or not steps_answered:
        raise UnexpectedResponse(f"the questions ended at {path}, not at Check your answers")
    expect(visitor.get(path, port=port(steps_answered)), 200, what="check your answers")
    summary = expect(visitor.get(SUMMARY_URL, port=port(-1)), 200, what="summary")
    if SUMMARY_HEADING not in summary.text:
        raise UnexpectedResponse("summary: the page does not show the summary")
    return summary


def content_paths(*, port: int) -> list[str]:
    """Every page the sitemap lists (the home page, content pages and the FAQ)."""
    visitor = Visitor(port=port)
    sitemap = expect(visitor.get("/sitemap.xml"), 200, what="sitemap")
    paths = [urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", sitemap.text)]
    if not any("faq" in path for path in paths):
        raise UnexpectedResponse("the sitemap lists no FAQ page: was the content loaded?")
    return paths


# --- Running the load ----------------------------------------------------------------------------


@dataclass
class LoadReport:
    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)  # seconds, one per answered request
    statuses: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    journeys: int = 0
    page_views: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, response: Response) -> None:
        with self.lock:
            self.latencies.append(response.seconds)
            self.statuses[response.status] += 1

    def error(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile_ms(self, percent: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(percent / 100 * len(ordered)) - 1))
        return ordered[index] * 1000

    def lines(self) -> list[str]:
        statuses = ", ".join(f"{status}: {n}" for status, n in sorted(self.statuses.items()))
        lines = [
            f"Clients: {self.clients}, for {self.seconds:.1f} s",
            f"Requests: {self.requests} ({statuses or 'none'})",
            f"Requests per second: {self.requests_per_second:.1f}",
            "Latency ms: "
            + ", ".join(f"p{p} {self.percentile_ms(p):.0f}" for p in (50, 90, 99))
            + f", max {max(self.latencies, default=0) * 1000:.0f}"
            + (f", mean {statistics.fmean(self.latencies) * 1000:.0f}" if self.latencies else ""),
            f"Completed screener journeys: {self.journeys}; page views: {self.page_views}",
            f"Errors: {len(self.errors)}",
        ]
        for message, count in Counter(self.errors).most_common(10):
            lines.append(f"  {count} x {message}")
        return lines


def visitor_loop(
    *,
    port: int,
    paths: list[str],
    deadline: float,
    report: LoadReport,
    rng: random.Random,
) -> None:
    """Read a few pages, search, then complete the screener; again, until the time is up.

    A journey under way when the time is up is finished (within GRACE_SECONDS), as a real
    visitor would, so that every started journey can count; nothing new starts.
    """
    faq = [path for path in paths if "faq" in path]
    while time.monotonic() < deadline:
        visitor = Visitor(port=port, timeout=60, on_response=report.record)
        try:
            reading = ["/", *rng.sample(paths, k=min(2, len(paths))), rng.choice(faq)]
            reading.append(f"/search/?q={quote_plus(rng.choice(SEARCH_WORDS))}")
            for path in reading:
                if time.monotonic() > deadline:
                    raise DeadlinePassed
                expect(visitor.get(path), 200, what=path.split("?")[0])
                with report.lock:
                    report.page_views += 1
            if time.monotonic() > deadline:
                raise DeadlinePassed
            screener_journey(
                visitor=visitor,
                answers=screener_varied_answers(rng=rng),
                deadline=deadline + GRACE_SECONDS,
            )
            with report.lock:
                report.journeys += 1
        except DeadlinePassed:
            return
        except UnexpectedResponse as problem:
            report.error(str(problem))
        except (OSError, http.client.HTTPException) as problem:  # refused, reset, timed out
            report.error(f"connection error: {type(problem).__name__}: {problem}")
            # A refused connection would fail again at once; do not spin.
            time.sleep(0.1)


def loadtest_run(*, port: int, clients: int, seconds: float, seed: int = 8) -> LoadReport:
    """Drive `clients` concurrent visitors against the site on 127.0.0.1:port for `seconds`."""
    paths = content_paths(port=port)
    report = LoadReport(clients=clients, seconds=seconds)
    started = time.monotonic()
    deadline = started + seconds
    threads = [
        threading.Thread(
            target=visitor_loop,
            kwargs={
                "port": port,
                "paths": paths,
                "deadline": deadline,
                "report": report,
                "rng": random.Random(seed * 1000 + number),
            },
            daemon=True,
        )
        for number in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        # A visitor finishes its request in flight; the client timeout bounds that wait.
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + GRACE_SECONDS + 90)
        if thread.is_alive():
            report.error("a visitor was still waiting for an answer long after the end")
    report.seconds = time.monotonic() - started
    return report


# --- The site under gunicorn ---------------------------------------------------------------------


def load_site_prepare(*, database_url: str, **environment: str) -> dict[str, str]:
    """Migrate, load the pages and collect static files; return the servers' environment.

    Extra environment variables (REDIS_URL, CACHE_KEY_PREFIX) go to every process.
    """
    extra = {name: value for name, value in environment.items() if value}
    env = site_environment(database_url=database_url, **extra)
    env["STATIC_ROOT"] = str(static_root_collect(env=env))
    manage("migrate", "--noinput", env=env)
    manage("load_content", env=env)
    return env


def load_gunicorn_start(*, env: dict[str, str], log: Path) -> Gunicorn:
    server = Gunicorn.start(env=env, log=log, workers=GUNICORN_WORKERS, threads=GUNICORN_THREADS)
    try:
        server.wait_until_healthy(timeout=60)
    except RuntimeError:
        server.stop()
        raise
    return server


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent visitors (50)")
    parser.add_argument("--seconds", type=float, default=60, help="how long to run (60)")
    arguments = parser.parse_args(argv)

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url:
        database_url = database_create(
            server_url=postgres_server_url(), name=LOAD_DATABASE, exist_ok=True
        )
    parts = urlsplit(database_url)
    label = f"{parts.scheme} database {parts.path.lstrip('/')}"
    if parts.hostname:
        label += f" on {parts.hostname}:{parts.port or 5432}"
    redis_url = os.environ.get("REDIS_URL", "")
    print(f"Preparing {label}: migrate, load_content, collectstatic", flush=True)
    env = load_site_prepare(
        database_url=database_url,
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=os.environ.get("CACHE_KEY_PREFIX", ""),
    )

    folder = Path(tempfile.mkdtemp(prefix="clinic-load-"))
    server = load_gunicorn_start(env=env, log=folder / "gunicorn.log")
    print(
        f"gunicorn: {GUNICORN_WORKERS} workers x {GUNICORN_THREADS} threads on "
        f"127.0.0.1:{server.port}; cache: {'Redis' if redis_url else 'local memory'}; "
        f"running {arguments.clients} clients for {arguments.seconds:g} s",
        flush=True,
    )
    try:
        report = loadtest_run(
            port=server.port, clients=arguments.clients, seconds=arguments.seconds
        )
    finally:
        server.stop()
    print("\n".join(report.lines()))
    logged_5xx = len(re.findall(r'"status": 5\d\d', server.log.read_text(errors="replace")))
    if logged_5xx or report.errors:
        print(f"Server log: {server.log} ({logged_5xx} requests logged with a 5xx status)")
        return 1
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
