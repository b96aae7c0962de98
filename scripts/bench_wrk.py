"""Load one page with wrk, in slices between slices of the ceiling app (scripts/bench.py).

Each page is loaded in BENCH_ROUNDS (default 5) slices of BENCH_SLICE_SECONDS (default 1),
with a slice of the ceiling app before and after each. A shared virtual machine can run
several times slower for seconds at a time without telling the guest (no steal time shows),
so a page is only ever compared with the ceiling measured a moment either side of it, and
the median of those comparisons is reported.
"""

from __future__ import annotations

import itertools
import os
import re
import statistics
import subprocess
import tempfile
from dataclasses import dataclass, field

from tests.support.http import cookie_header

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
SLICE_SECONDS = int(os.environ.get("BENCH_SLICE_SECONDS", "1"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))


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


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


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


def measure_against_ceiling(
    *, port: int, target: Target, ceiling_port: int, ceiling_before: LoadResult | None = None
) -> tuple[Measurement, LoadResult]:
    """Load the page in slices, each between two slices of the ceiling app.

    `ceiling_before` is a ceiling slice measured just now (the last of the page before), which
    serves as this page's first. Returns the measurement and its last ceiling slice.
    """
    ceiling = Target("ceiling", "/")
    ceilings = [ceiling_before or load_run(port=ceiling_port, target=ceiling)]
    slices = []
    for _ in range(ROUNDS):
        slices.append(load_run(port=port, target=target))
        ceilings.append(load_run(port=ceiling_port, target=ceiling))
    either_side = [
        (before.requests_per_second + after.requests_per_second) / 2
        for before, after in itertools.pairwise(ceilings)
    ]
    measurement = Measurement(
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
    return measurement, ceilings[-1]


def measure_in_turn(
    *, port: int, targets: list[Target], ceiling_port: int, before_each=None
) -> tuple[dict[str, Measurement], list[float]]:
    """Measure each page against the ceiling in turn, the ceiling slice between two pages
    serving both (C P1 C P2 C, not C P1 C C P2 C). `before_each(target)` runs first (a warm-up).

    Returns the measurements by page name, and the rate of every ceiling slice, each once.
    """
    results, rates, last = {}, [], None
    for target in targets:
        if before_each:
            before_each(target)
        results[target.name], last_slice = measure_against_ceiling(
            port=port, target=target, ceiling_port=ceiling_port, ceiling_before=last
        )
        rates += results[target.name].ceiling_slices[0 if last is None else 1 :]
        last = last_slice
    return results, rates
