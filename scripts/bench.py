"""Benchmark the site under gunicorn with production settings and print the figures.

Run with `make bench`. PostgreSQL when DATABASE_URL is set, else a throwaway SQLite file;
Redis for the cache when REDIS_URL is set. Every request goes to 127.0.0.1 only. Nothing here
asserts: the suite's tests assert query counts; this prints throughput, latency, transfer size
and memory.

Each page is loaded in BENCH_ROUNDS (default 5) slices of BENCH_SLICE_SECONDS (default 1),
with a slice of the ceiling app before and after each. A shared virtual machine can run
several times slower for seconds at a time without telling the guest (no steal time shows),
so a page is only ever compared with the ceiling measured a moment either side of it, and
the median of those comparisons is reported.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from scripts.servers import (
    Gunicorn,
    database_vacuum,
    free_port,
    http_request,
    manage,
    site_environment,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
SLICE_SECONDS = int(os.environ.get("BENCH_SLICE_SECONDS", "1"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
RESULTS_DIR = Path(os.environ.get("BENCH_RESULTS_DIR") or PROJECT_ROOT / "bench-results")


@dataclass
class LoadResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


@dataclass
class Measurement:
    """A page measured in slices between slices of the ceiling app: the median of each."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    ceiling_requests_per_second: float
    of_ceiling: float  # the median of each slice's rate over the ceiling either side of it
    ceiling_slices: list[float]


@dataclass
class Target:
    name: str
    path: str
    method: str = "GET"
    # Visitors (cookies and form body each) that requests take in turn. The screener has one
    # per connection, so concurrent requests do not all queue on one visitor's session row as
    # no real traffic would; other pages have one visitor without cookies.
    visitors: list[tuple[dict[str, str], str]] = field(default_factory=lambda: [({}, "")])


# --- processes -----------------------------------------------------------------------------


def bench_environment(*, database_url: str) -> dict[str, str]:
    """Production settings on 127.0.0.1, keeping a REDIS_URL the caller set (to bench Redis)."""
    shared_cache = {
        name: os.environ[name] for name in ("REDIS_URL", "CACHE_KEY_PREFIX") if name in os.environ
    }
    return site_environment(database_url=database_url, LOG_LEVEL="WARNING", **shared_cache)


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


# --- load ----------------------------------------------------------------------------------


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def wrk_lua(target: Target) -> str:
    entries = ",\n".join(
        f"  {{{lua_string(cookie_header(cookies))}, {lua_string(body)}}}"
        for cookies, body in target.visitors
    )
    return f"""visitors = {{
{entries}
}}
turn = 0
request = function()
  turn = turn % #visitors + 1
  local visitor = visitors[turn]
  local headers = {{}}
  if visitor[1] ~= "" then
    headers["Cookie"] = visitor[1]
  end
  if visitor[2] ~= "" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
  return wrk.format({lua_string(target.method)}, nil, headers, visitor[2])
end
"""


def duration_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def load_run(*, port: int, target: Target, seconds: int = SLICE_SECONDS) -> LoadResult:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(wrk_lua(target))
    try:
        output = subprocess.run(
            [
                "wrk",
                "--latency",
                "-t",
                "2",
                "-c",
                str(CONNECTIONS),
                "-d",
                f"{seconds}s",
                "-s",
                script.name,
                f"http://127.0.0.1:{port}{target.path}",
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        ).stdout
    finally:
        os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = duration_ms(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = duration_ms(re.search(r"\s99%\s+(\S+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return LoadResult(rps, p50, p99, errors)


def tidy_database(*, database_url: str, env: dict[str, str]) -> None:
    """Leave the database as a live site's is kept: expired sessions cleared, then vacuumed.

    Each run leaves thousands of dead session rows behind it. Without a vacuum (some machines
    run PostgreSQL with autovacuum off) every run found a larger table than the last, and was
    slower for it.
    """
    manage("clearsessions", env=env)
    if database_url.startswith("postgres"):
        database_vacuum(database_url=database_url)


def measure_against_ceiling(*, port: int, target: Target, ceiling_port: int) -> Measurement:
    """Load the page in slices, each between two slices of the ceiling app."""
    ceiling = Target("ceiling", "/")
    ceilings = [load_run(port=ceiling_port, target=ceiling)]
    slices = []
    for _ in range(ROUNDS):
        slices.append(load_run(port=port, target=target))
        ceilings.append(load_run(port=ceiling_port, target=ceiling))
    either_side = [
        (before.requests_per_second + after.requests_per_second) / 2
        for before, after in itertools.pairwise(ceilings)
    ]
    return Measurement(
        requests_per_second=statistics.median(s.requests_per_second for s in slices),
        p50_ms=statistics.median(s.p50_ms for s in slices),
        p99_ms=statistics.median(s.p99_ms for s in slices),
        errors=sum(s.errors for s in slices),
        ceiling_requests_per_second=statistics.median(either_side),
        of_ceiling=statistics.median(
            s.requests_per_second / rate for s, rate in zip(slices, either_side, strict=True)
        ),
        ceiling_slices=[c.requests_per_second for c in ceilings],
    )


# --- what to measure ---------------------------------------------------------------------


def sitemap_paths(*, port: int) -> list[str]:
    _, _, body = http_request(port=port, path="/sitemap.xml")
    return [
        urllib.parse.urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", body.decode())
    ]


def longest_content_page(*, port: int, paths: list[str]) -> str:
    sizes = {}
    for path in paths:
        if path != "/" and "faq" not in path:
            sizes[path] = len(http_request(port=port, path=path)[2])
    return max(sizes, key=sizes.get)


def form_fields(html: str) -> dict[str, str]:
    """The hidden inputs of the page's main form (CSRF token and the like)."""
    return dict(
        re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html)
    )


def screener_journey(*, port: int, answers: dict[str, list[tuple[str, str]]]):
    """Walk a whole screener journey as one visitor.

    Return the visitor's cookies, the first step's path and that step's encoded answers.
    """
    cookies: dict[str, str] = {}
    _, _, body = http_request(port=port, path="/screener/", cookies=cookies)
    start_fields = urllib.parse.urlencode(form_fields(body.decode()))
    _, headers, _ = http_request(
        port=port, path="/screener/", method="POST", body=start_fields, cookies=cookies
    )
    path = headers["location"]
    first_step: tuple[str, str] | None = None
    while (step_key := path.strip("/").rsplit("/", 1)[-1]) in answers:
        _, _, body = http_request(port=port, path=path, cookies=cookies)
        encoded = urllib.parse.urlencode([*form_fields(body.decode()).items(), *answers[step_key]])
        first_step = first_step or (path, encoded)
        status, headers, _ = http_request(
            port=port, path=path, method="POST", body=encoded, cookies=cookies
        )
        if status not in (301, 302, 303):
            sys.exit(f"screener step {path} did not accept the answers (status {status})")
        path = headers["location"]
    http_request(port=port, path=path, cookies=cookies)  # check your answers
    if first_step is None:
        sys.exit("the screener asked no question")
    return cookies, *first_step


def screener_targets(*, port: int) -> list[Target]:
    """Walk one screener journey per connection; return the step and summary targets."""
    answers = screener_typical_answers()
    journeys = [screener_journey(port=port, answers=answers) for _ in range(CONNECTIONS)]
    path = journeys[0][1]
    return [
        Target("Screener step (GET)", path, visitors=[(cookies, "") for cookies, _, _ in journeys]),
        Target(
            "Screener step (POST)",
            path,
            method="POST",
            visitors=[(cookies, body) for cookies, _, body in journeys],
        ),
        Target(
            "Summary", "/screener/summary/", visitors=[(cookies, "") for cookies, _, _ in journeys]
        ),
    ]


def screener_typical_answers() -> dict[str, list[tuple[str, str]]]:
    """A typical adult visitor's answers, per step, derived from the declarative questions.

    Each radio question takes its first answer that neither ends the journey nor interrupts
    it; each checklist item "no"; each checkbox question its first ordinary choice.
    """
    sys.path.insert(0, str(PROJECT_ROOT))
    from screener.questions import STEPS, Kind

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


def transfer_sizes(*, port: int, path: str, cookies: dict[str, str]) -> tuple[int, int, int]:
    """Return (HTML bytes, HTML bytes as sent, HTML+CSS+JS bytes as sent) to a browser that
    accepts brotli and gzip, as every current browser does."""
    accepts = {"Accept-Encoding": "br, gzip"}
    _, _, body = http_request(port=port, path=path, cookies=dict(cookies))
    _, _, sent = http_request(port=port, path=path, cookies=dict(cookies), headers=accepts)
    assets = set(re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', body.decode()))
    asset_bytes = 0
    for asset in assets:
        _, _, payload = http_request(port=port, path=asset, headers=accepts)
        asset_bytes += len(payload)
    return len(body), len(sent), len(sent) + asset_bytes


# --- report --------------------------------------------------------------------------------


def print_table(rows: list[list[str]], headings: list[str]) -> None:
    widths = [
        max(len(str(cell)) for cell in column) for column in zip(headings, *rows, strict=False)
    ]
    print("  ".join(h.ljust(w) for h, w in zip(headings, widths, strict=True)))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk (make bench does this)")
    RESULTS_DIR.mkdir(exist_ok=True)
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url:
        sqlite_file = RESULTS_DIR / "bench.sqlite3"
        sqlite_file.unlink(missing_ok=True)
        database_url = f"sqlite:///{sqlite_file}"
    env = bench_environment(database_url=database_url)
    database_label = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    cache_label = "Redis" if env.get("REDIS_URL") else "local memory"

    print(f"Preparing: migrate, collectstatic, load content ({database_label})", flush=True)
    manage("migrate", "--noinput", env=env)
    manage("collectstatic", "--noinput", env=env)
    manage("load_content", "--force", env=env)
    tidy_database(database_url=database_url, env=env)

    with served(app="clinic_site.wsgi:application", env=env) as site:
        paths = sitemap_paths(port=site.port)
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
        _, _, content_bytes = http_request(port=site.port, path=content_path)
        print(f"Measuring {len(targets)} pages", flush=True)
        with ceiling_server(env=env, body=content_bytes) as ceiling_port:
            results = {
                target.name: measure_against_ceiling(
                    port=site.port, target=target, ceiling_port=ceiling_port
                )
                for target in targets
            }
        sizes = {
            target.name: transfer_sizes(
                port=site.port, path=target.path, cookies=target.visitors[0][0]
            )
            for target in targets
            if target.method == "GET"
        }
        worker_peak, total_peak = workers_peak_memory_kib(site.process)

    print("Measuring again with 1,000 pages and 5,000 FAQ entries", flush=True)
    scale = scale_run(
        env=env, content_path=content_path, content_bytes=content_bytes, before=results
    )

    ceiling_rates = [rate for result in results.values() for rate in result.ceiling_slices]
    print()
    print(
        f"Benchmark: gunicorn, {WORKERS} sync workers, wrk 2 threads x {CONNECTIONS} "
        f"connections, {database_label}, cache: {cache_label}, {os.cpu_count()} CPU cores"
    )
    print(
        f"Each page: {ROUNDS} slices of {SLICE_SECONDS}s, each between two slices of the "
        "ceiling (a minimal WSGI app returning the same bytes as the content page); the "
        "figures are medians over the slices"
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
    print(scale)


def warm(*, port: int, target: Target) -> None:
    """Request the page once per visitor and worker, so no measurement pays a first load."""
    for turn in range(WORKERS * 2):
        cookies, body = target.visitors[turn % len(target.visitors)]
        http_request(port=port, path=target.path, method=target.method, body=body, cookies=cookies)


def scale_run(
    *, env: dict[str, str], content_path: str, content_bytes: bytes, before: dict[str, Measurement]
) -> str:
    """Load 1,000 pages and 5,000 FAQ entries, then measure the content page and search again.

    The time per request is compared through each phase's own ceiling, so a machine that
    runs slower in one phase than in the other skews nothing.
    """
    manage("generate_bulk_content", "--pages", "1000", "--faqs", "5000", env=env)
    try:
        with (
            served(app="clinic_site.wsgi:application", env=env) as site,
            ceiling_server(env=env, body=content_bytes) as ceiling_port,
        ):
            targets = [
                Target("Long content page", content_path),
                Target("Search", "/search/?q=fibromyalgia"),
            ]
            after = {}
            for target in targets:
                warm(port=site.port, target=target)
                after[target.name] = measure_against_ceiling(
                    port=site.port, target=target, ceiling_port=ceiling_port
                )
    finally:
        manage("generate_bulk_content", "--remove", env=env)
    lines = [
        "Scale: with 1,000 pages and 5,000 FAQ entries loaded, time per request against the "
        "normal content (through each run's ceiling)"
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
