"""Benchmark the site under gunicorn with production settings and print the figures.

Run with `make bench`. PostgreSQL when DATABASE_URL is set, else a throwaway SQLite file;
Redis for the cache when REDIS_URL is set. Every request goes to 127.0.0.1 only. Nothing here
asserts: the suite's tests assert query counts; this prints throughput, latency, transfer size,
memory, and for a page with a large photo and the home page, the first screen on a phone
against its budget, layout shift and Lighthouse's score (scripts/bench_first_screen.py;
`--no-lighthouse` leaves Lighthouse out, as the suite's short run does). How each page is
measured against the ceiling app is in scripts/bench_wrk.py. Over 400 lines because it is the
whole run in order (prepare, measure, load more content, measure again, print); each measure is
in a module of its own.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from screener.questions import STEPS
from scripts.bench_first_screen import (
    BUDGET_KB,
    CHROMIUM,
    HEIGHT,
    LIGHTHOUSE,
    LIGHTHOUSE_FLOOR,
    LIGHTHOUSE_RUNS,
    LIGHTHOUSE_VERSION,
    PIXEL_RATIO,
    WIDTH,
    first_screen,
    lighthouse_median,
    photo_insert,
)
from scripts.bench_wrk import (
    CONNECTIONS,
    ROUNDS,
    SLICE_SECONDS,
    Measurement,
    Target,
    measure_in_turn,
)
from tests.support.databases import database_vacuum
from tests.support.http import Visitor, fetch
from tests.support.journeys import content_paths, screener_journey, screener_typical_answers
from tests.support.servers import (
    PROJECT_ROOT,
    Gunicorn,
    free_port,
    manage,
    site_environment,
    static_root_collect,
)

WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
# The scale run's generated content: this many pages, five FAQ entries for each. The suite's
# short run uses fewer, enough to show the figures print; `make bench` keeps the default.
SCALE_PAGES = int(os.environ.get("BENCH_SCALE_PAGES", "1000"))
SCALE_FAQS = SCALE_PAGES * 5
RESULTS_DIR = Path(os.environ.get("BENCH_RESULTS_DIR") or PROJECT_ROOT / "bench-results")


# --- processes -----------------------------------------------------------------------------


def bench_environment(*, database_url: str) -> dict[str, str]:
    """Production settings on 127.0.0.1, keeping a REDIS_URL the caller set (to bench Redis)."""
    shared_cache = {
        name: os.environ[name] for name in ("REDIS_URL", "CACHE_KEY_PREFIX") if name in os.environ
    }
    return site_environment(
        database_url=database_url,
        LOG_LEVEL="WARNING",
        MEDIA_ROOT=str(RESULTS_DIR / "media"),  # the photo the bench uploads, never media/
        **shared_cache,
    )


@contextlib.contextmanager
def served(*, app: str, env: dict[str, str]):
    """Serve a WSGI app under the bench's gunicorn settings; yield the server, then stop it."""
    port = free_port()
    server = Gunicorn.start(
        env=env,
        log=RESULTS_DIR / f"gunicorn-{port}.log",
        app=app,
        port=port,
        workers=WORKERS,
        options=("--backlog", "2048", "--log-level", "warning"),
    )
    try:
        server.wait_until_healthy(timeout=30, path="/")
    except RuntimeError as error:
        server.stop()
        sys.exit(f"gunicorn {app} did not start: {error}")
    try:
        yield server
    finally:
        server.stop()
        server.log.unlink(missing_ok=True)


@contextlib.contextmanager
def ceiling_server(*, env: dict[str, str], body: bytes):
    """A bare WSGI app returning these bytes, under the same gunicorn settings; yields its port."""
    with tempfile.NamedTemporaryFile(suffix=".html", delete=False) as body_file:
        body_file.write(body)
    try:
        with served(
            app="scripts.bench_ceiling:application",
            env={**env, "CEILING_BODY_FILE": body_file.name},
        ) as server:
            yield server.port
    finally:
        os.unlink(body_file.name)


def workers_peak_memory_kib(process: subprocess.Popen) -> tuple[int, int]:
    """Return (largest worker's peak RSS, sum of all processes' peak RSS) in KiB."""
    pids = [process.pid]
    children = subprocess.run(
        ["pgrep", "-P", str(process.pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    pids += [int(pid) for pid in children]
    peaks = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        if match:
            peaks.append((pid, int(match.group(1))))
    worker_peaks = [kib for pid, kib in peaks if pid != process.pid]
    return (max(worker_peaks, default=0), sum(kib for _, kib in peaks))


def tidy_database(*, database_url: str, env: dict[str, str]) -> None:
    """Leave the database as a live site's is kept: expired sessions cleared, then vacuumed.

    Each run leaves thousands of dead session rows behind it. Without a vacuum (some machines
    run PostgreSQL with autovacuum off) every run found a larger table than the last, and was
    slower for it.
    """
    manage("clearsessions", env=env)
    if database_url.startswith("postgres"):
        database_vacuum(database_url=database_url)


# --- what to measure ---------------------------------------------------------------------


def longest_content_page(*, port: int, paths: list[str]) -> str:
    sizes = {}
    for path in paths:
        if path != "/" and "faq" not in path:
            sizes[path] = len(fetch(port=port, path=path).body)
    return max(sizes, key=sizes.get)


def screener_targets(*, port: int) -> list[Target]:
    """Walk one screener journey per connection; return the step and summary targets.

    The step measured is the first question, answered again as its page offers it to a
    visitor who has answered them all.
    """
    answers = screener_typical_answers()
    step_path = f"/screener/{STEPS[0].key}/"
    visitors = []
    for _ in range(CONNECTIONS):
        visitor = Visitor(port=port)
        screener_journey(visitor=visitor, answers=answers)
        form = [*visitor.get(step_path).hidden_fields().items(), *answers[STEPS[0].key]]
        visitors.append((visitor.cookies, urlencode(form)))
    return [
        Target("Screener step (GET)", step_path, visitors=[(c, "") for c, _ in visitors]),
        Target("Screener step (POST)", step_path, method="POST", visitors=visitors),
        Target("Summary", "/screener/summary/", visitors=[(c, "") for c, _ in visitors]),
    ]


def transfer_sizes(*, port: int, path: str, cookies: dict[str, str]) -> tuple[int, int, int]:
    """Return (HTML bytes, HTML bytes as sent, HTML+CSS+JS bytes as sent) to a browser that
    accepts brotli and gzip, as every current browser does."""
    accepts = {"Accept-Encoding": "br, gzip"}
    page = fetch(port=port, path=path, cookies=cookies)
    sent = len(fetch(port=port, path=path, cookies=cookies, headers=accepts).body)
    assets = set(re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', page.text))
    asset_bytes = sum(len(fetch(port=port, path=asset, headers=accepts).body) for asset in assets)
    return len(page.body), sent, sent + asset_bytes


# --- report --------------------------------------------------------------------------------


def print_table(rows: list[list[str]], headings: list[str]) -> None:
    widths = [
        max(len(str(cell)) for cell in column) for column in zip(headings, *rows, strict=False)
    ]
    print("  ".join(h.ljust(w) for h, w in zip(headings, widths, strict=True)))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--no-lighthouse",
        action="store_true",
        help="leave out Lighthouse's score (the test suite's short run); the first screen's "
        "bytes and layout shift are still measured",
    )
    arguments = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk (make bench does this)")
    if not arguments.no_lighthouse and not LIGHTHOUSE.exists():
        sys.exit(f"Lighthouse is not installed in {LIGHTHOUSE.parents[2]}: make bench installs it")
    RESULTS_DIR.mkdir(exist_ok=True)
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url:
        sqlite_file = RESULTS_DIR / "bench.sqlite3"
        sqlite_file.unlink(missing_ok=True)
        # A new database: the photo an earlier run uploaded belongs to no image now.
        shutil.rmtree(RESULTS_DIR / "media", ignore_errors=True)
        database_url = f"sqlite:///{sqlite_file}"
    env = bench_environment(database_url=database_url)
    database_label = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    cache_label = "Redis" if env.get("REDIS_URL") else "local memory"

    print(f"Preparing: migrate, collectstatic, load content ({database_label})", flush=True)
    manage("migrate", "--noinput", env=env)
    # Collected and compressed once per version of the static files, then reused (the load
    # test and the suite's short run share the folder).
    env["STATIC_ROOT"] = str(static_root_collect(env=env))
    manage("load_content", "--force", env=env)
    photo_path, photo_label = photo_insert(env=env, manage=manage)
    tidy_database(database_url=database_url, env=env)

    with served(app="clinic_site.wsgi:application", env=env) as site:
        paths = content_paths(port=site.port)
        content_path = longest_content_page(port=site.port, paths=paths)
        faq_path = next(path for path in paths if "faq" in path)
        targets = [
            Target("Home page", "/"),
            Target("Long content page", content_path),
            Target("FAQ", faq_path),
            Target("Search", "/search/?q=fibromyalgia"),
            *screener_targets(port=site.port),
        ]
        for target in targets:
            warm(port=site.port, target=target)
        content_bytes = fetch(port=site.port, path=content_path).body
        print(f"Measuring {len(targets)} pages", flush=True)
        with ceiling_server(env=env, body=content_bytes) as ceiling_port:
            results, ceiling_rates = measure_in_turn(
                port=site.port, targets=targets, ceiling_port=ceiling_port
            )
        sizes = {
            target.name: transfer_sizes(
                port=site.port, path=target.path, cookies=target.visitors[0][0]
            )
            for target in targets
            if target.method == "GET"
        }
        worker_peak, total_peak = workers_peak_memory_kib(site.process)
        print("Measuring the first screen on a phone", flush=True)
        phone_pages = {"Page with a photo": photo_path, "Home page": "/"}
        screens = {
            name: first_screen(url=f"http://127.0.0.1:{site.port}{path}")
            for name, path in phone_pages.items()
        }
        scores = {}
        if not arguments.no_lighthouse:
            print("Running Lighthouse", flush=True)
            scores = {
                name: lighthouse_median(
                    url=f"http://127.0.0.1:{site.port}{path}", results_dir=RESULTS_DIR
                )
                for name, path in phone_pages.items()
            }

    print("Measuring again with 1,000 pages and 5,000 FAQ entries", flush=True)
    scale = scale_run(
        env=env, content_path=content_path, content_bytes=content_bytes, before=results
    )

    print()
    print(
        f"Benchmark: gunicorn, {WORKERS} sync workers, wrk 2 threads x {CONNECTIONS} "
        f"connections, {database_label}, cache: {cache_label}, {os.cpu_count()} CPU cores"
    )
    print(
        f"Each page: {ROUNDS} slices of {SLICE_SECONDS}s, each between two slices of the "
        "ceiling (a minimal WSGI app returning the same bytes as the content page; the slice "
        "between two pages serves both); the figures are medians over the slices"
    )
    print(
        f"Ceiling: median {statistics.median(ceiling_rates):.0f} req/s, from "
        f"{min(ceiling_rates):.0f} to {max(ceiling_rates):.0f} across {len(ceiling_rates)} slices"
    )
    if database_label == "SQLite":
        print(
            "SQLite is the development database (search scans the text); for the figures of "
            "production, run with DATABASE_URL naming a PostgreSQL database"
        )
    print()
    rows = [
        [
            name,
            f"{result.requests_per_second:.0f}",
            f"{result.p50_ms:.1f}",
            f"{result.p99_ms:.1f}",
            f"{result.ceiling_requests_per_second:.0f}",
            f"{result.of_ceiling:.0%}",
            str(result.errors),
        ]
        for name, result in results.items()
    ]
    print_table(rows, ["page", "req/s", "p50 ms", "p99 ms", "ceiling", "of ceiling", "errors"])
    print()
    size_rows = [
        [name, f"{raw / 1024:.1f}", f"{sent / 1024:.1f}", f"{total / 1024:.1f}"]
        for name, (raw, sent, total) in sizes.items()
    ]
    print_table(size_rows, ["page", "HTML KB", "HTML sent KB", "HTML+CSS+JS sent KB"])
    print()
    print(
        f"Peak memory: largest worker {worker_peak / 1024:.1f} MiB, "
        f"all {WORKERS} workers and master {total_peak / 1024:.1f} MiB"
    )
    print()
    print_first_screen(screens=screens, scores=scores, photo=f"{photo_path}: {photo_label}")
    print()
    print(scale)


def print_first_screen(*, screens: dict, scores: dict, photo: str) -> None:
    print(
        f"First screen on a phone: {WIDTH} x {HEIGHT} CSS px, device pixel ratio "
        f"{PIXEL_RATIO}, in Chromium ({CHROMIUM}); KB as sent, from the browser's resource "
        f"timing; the page with a photo is {photo}; the home page shows the same photo"
    )
    rows = []
    for name, screen in screens.items():
        sizes = screen.bytes_by_kind
        total_kb = screen.total / 1024
        verdict = "within" if total_kb <= BUDGET_KB else "OVER"
        rows.append(
            [
                name,
                *(f"{sizes.get(kind, 0) / 1024:.1f}" for kind in ("html", "css", "js", "image")),
                f"{total_kb:.1f}",
                f"{BUDGET_KB} ({verdict})",
                f"{screen.layout_shift:.3f}",
            ]
        )
    headings = ["page", "HTML KB", "CSS KB", "JS KB", "image KB", "total KB", "budget KB", "CLS"]
    print_table(rows, headings)
    for name, screen in screens.items():
        print(f"  {name}: image chosen from the srcset: {screen.image or 'none'}")
    if not scores:
        print("Lighthouse: left out (--no-lighthouse); make bench runs it")
        return
    print(
        f"Lighthouse {LIGHTHOUSE_VERSION} mobile performance (floor {LIGHTHOUSE_FLOOR}), the "
        f"median of {LIGHTHOUSE_RUNS} runs:"
    )
    for name, result in scores.items():
        verdict = "at or above the floor" if result.score >= LIGHTHOUSE_FLOOR else "BELOW THE FLOOR"
        print(
            f"  {name}: score {result.score:.2f} ({verdict}), CLS {result.layout_shift:.3f}, "
            f"largest contentful paint {result.largest_paint_ms / 1000:.1f} s, "
            f"total blocking time {result.blocking_ms:.0f} ms"
        )


def warm(*, port: int, target: Target) -> None:
    """Request the page once per visitor and worker, so no measurement pays a first load."""
    for turn in range(WORKERS * 2):
        cookies, body = target.visitors[turn % len(target.visitors)]
        fetch(port=port, path=target.path, method=target.method, form=body, cookies=cookies)


def scale_run(
    *, env: dict[str, str], content_path: str, content_bytes: bytes, before: dict[str, Measurement]
) -> str:
    """Load SCALE_PAGES pages and SCALE_FAQS FAQ entries, then measure the content page and
    search again.

    The time per request is compared through each phase's own ceiling, so a machine that
    runs slower in one phase than in the other skews nothing.
    """
    manage("generate_bulk_content", "--pages", str(SCALE_PAGES), "--faqs", str(SCALE_FAQS), env=env)
    try:
        with (
            served(app="clinic_site.wsgi:application", env=env) as site,
            ceiling_server(env=env, body=content_bytes) as ceiling_port,
        ):
            targets = [
                Target("Long content page", content_path),
                Target("Search", "/search/?q=fibromyalgia"),
            ]
            after, _ceiling_rates = measure_in_turn(
                port=site.port,
                targets=targets,
                ceiling_port=ceiling_port,
                before_each=lambda target: warm(port=site.port, target=target),
            )
    finally:
        manage("generate_bulk_content", "--remove", env=env)
    lines = [
        f"Scale: with {SCALE_PAGES:,} pages and {SCALE_FAQS:,} FAQ entries loaded, time per "
        "request against the normal content (through each run's ceiling)"
    ]
    for name, result in after.items():
        normal = before[name]
        lines.append(
            f"  {name}: {normal.of_ceiling / result.of_ceiling:.2f}x "
            f"({normal.of_ceiling:.1%} -> {result.of_ceiling:.1%} of the ceiling; "
            f"p50 {normal.p50_ms:.1f} -> {result.p50_ms:.1f} ms, "
            f"{normal.requests_per_second:.0f} -> {result.requests_per_second:.0f} req/s)"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    try:
        main()
    except RuntimeError as error:  # a manage.py step failed; its output says why
        sys.exit(str(error))
