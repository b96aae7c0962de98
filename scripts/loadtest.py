"""Load test: many visitors reading pages and completing the screener, under gunicorn.

Run with `make load` (50 clients for 60 seconds), or
`python -m scripts.loadtest --clients 10 --seconds 5`. The site runs with production settings
on PostgreSQL: DATABASE_URL when set, else a database `clinic_load` on the local server
(created when missing). Set-up runs migrate, load_content and collectstatic first. Every request
goes to 127.0.0.1 only. Prints requests per second, latency percentiles and the errors (any 5xx,
connection error or unexpected status); exits non-zero when there was any error.

What the visitors do is in tests/support/load.py, which the suite runs in short form.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from tests.support.databases import database_create, postgres_server_url
from tests.support.load import (
    GUNICORN_THREADS,
    GUNICORN_WORKERS,
    load_gunicorn_start,
    load_site_prepare,
    loadtest_run,
)

LOAD_DATABASE = "clinic_load"


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
