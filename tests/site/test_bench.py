"""`make bench` in its short form: the same script, one one-second slice per page, two gunicorn
workers and a fiftieth of the generated content.

Nothing here judges the figures, which depend on the machine (the benchmark prints them for
people to read); it checks that a run from this checkout prints every one of them. It runs on
the database kind of this pass of the suite: SQLite, or a PostgreSQL database of its own.
"""

import os
import re
import secrets
import shutil
import subprocess
import sys

import pytest

from tests.conftest import skip_or_fail
from tests.support.databases import database_drop
from tests.support.servers import PROJECT_ROOT

pytestmark = pytest.mark.slow
PAGES = (
    "Home page",
    "Long content page",
    "FAQ",
    "Search",
    "Screener step (GET)",
    "Screener step (POST)",
    "Summary",
)
NUMBER = r"[\d.]+"


@pytest.fixture
def bench_database_url(request):
    """A PostgreSQL database of the test's own in the PostgreSQL pass; else SQLite ("").

    A copy of the run's prepared database: the benchmark still migrates it and loads the pages
    again, as it does any database, but finds every migration applied.
    """
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        yield ""
        return
    prepared_site = request.getfixturevalue("prepared_site")
    name = f"clinic_bench_{os.getpid()}_{secrets.token_hex(3)}"
    yield prepared_site.copy(name=name)
    database_drop(server_url=prepared_site.server_url, name=name)


def test_a_short_benchmark_prints_every_figure(bench_database_url, tmp_path):
    if not shutil.which("wrk"):
        skip_or_fail("wrk is not installed (make bench installs it; so does .ci/run)")
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    # Two workers, not four: each starts Django afresh, and the suite's other worker shares the
    # two cores meanwhile.
    env.update(BENCH_ROUNDS="1", BENCH_SCALE_PAGES="20", BENCH_WORKERS="2")
    env.update(BENCH_RESULTS_DIR=str(tmp_path))
    if bench_database_url:
        env["DATABASE_URL"] = bench_database_url
    run = subprocess.run(
        [sys.executable, "-m", "scripts.bench", "--no-lighthouse"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = run.stdout
    assert run.returncode == 0, output + run.stderr
    expected_database = "PostgreSQL" if bench_database_url else "SQLite"
    assert f"connections, {expected_database}, cache: local memory" in output
    assert ("SQLite is the development database" in output) == (not bench_database_url)
    assert re.search(rf"Ceiling: median {NUMBER} req/s, from {NUMBER} to {NUMBER}", output)
    for page in PAGES:
        # req/s, p50, p99, ceiling, share of the ceiling, and no failed request.
        row = rf"(?m)^{re.escape(page)}\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}\s+\d+%\s+0\s*$"
        assert re.search(row, output), f"{page}:\n{output}"
    for page in PAGES:
        if page != "Screener step (POST)":
            sizes = rf"(?m)^{re.escape(page)}\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}\s*$"
            assert re.search(sizes, output), f"{page} sizes:\n{output}"
    home_total = re.search(rf"(?m)^Home page\s+{NUMBER}\s+{NUMBER}\s+({NUMBER})\s*$", output)
    assert float(home_total.group(1)) <= 60, "the home page's HTML, CSS and JS as sent"
    assert re.search(rf"Peak memory: largest worker {NUMBER} MiB, all 2 workers", output)
    # The first screen on a phone, against its budget; Lighthouse is left out of the short run.
    for page in ("Page with a photo", "Home page"):
        screen = rf"(?m)^{page}(\s+{NUMBER}){{5}}\s+{NUMBER} \((within|OVER)\)\s+{NUMBER}\s*$"
        assert re.search(screen, output), f"{page} first screen:\n{output}"
    assert "Lighthouse: left out (--no-lighthouse)" in output
    for page in ("Long content page", "Search"):
        assert re.search(rf"  {page}: {NUMBER}x \(", output), f"{page} at scale:\n{output}"
