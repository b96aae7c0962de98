"""Many visitors at once: reading pages, searching and completing the screener, under gunicorn.

`make load` (scripts/loadtest.py) and tests/site/test_load.py run this same code; the test with
fewer visitors, briefly.
"""

from __future__ import annotations

import http.client
import random
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote_plus

from tests.support.http import Response, Visitor
from tests.support.journeys import (
    DeadlinePassed,
    UnexpectedResponse,
    content_paths,
    expect,
    screener_journey,
    screener_varied_answers,
)
from tests.support.servers import Gunicorn, manage, site_environment, static_root_collect

# gthread workers: a few processes (two cores), each serving several requests at once while
# others wait on PostgreSQL. One persistent database connection per thread (CONN_MAX_AGE).
GUNICORN_WORKERS = 3
GUNICORN_THREADS = 4
# A journey under way at the end is finished, unless it needs longer than this.
GRACE_SECONDS = 30
SEARCH_WORDS = ("fibromyalgia", "depression", "side effects", "infusion", "nerve pain", "cost")


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
