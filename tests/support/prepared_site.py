"""The site's PostgreSQL database migrated with the pages loaded, made once per test run.

The tests that serve the site from other processes (gunicorn, a throwaway PostgreSQL server, the
benchmark) each need such a database. Migrating and loading one costs a Django start-up and
every migration, then another start-up and every page: each of pytest-xdist's workers did it
again, and so did each throwaway server. Now the first worker to ask makes one, and everyone
copies it: `CREATE DATABASE ... TEMPLATE` on the same server, its SQL dump on another.

The workers share it through files in the run's folder, under a lock; the last worker to finish
with it drops it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .databases import database_create, database_drop
from .load import load_site_prepare

STATE = "prepared-site.json"
LOCK = "prepared-site.lock"
DUMP = "prepared-site.sql"


@dataclass(frozen=True)
class PreparedSite:
    server_url: str
    name: str  # the database to copy
    dump: Path  # its plain SQL dump, for a database on another server
    static_root: str
    lock: Path

    def copy(self, *, name: str) -> str:
        """A new database on the same server, as the prepared one is; returns its URL."""
        # Under the lock: PostgreSQL refuses to copy a database while another session is
        # connected to it, as a worker's copy or the last worker's drop would be.
        with _locked(self.lock):
            return database_create(server_url=self.server_url, name=name, template=self.name)


@contextlib.contextmanager
def _locked(path: Path):
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _prepare(*, folder: Path, server_url: str) -> dict:
    name = f"clinic_prepared_{secrets.token_hex(4)}"
    database_url = database_create(server_url=server_url, name=name)
    static_root = load_site_prepare(database_url=database_url)["STATIC_ROOT"]
    dump = folder / DUMP
    subprocess.run(
        ["pg_dump", "--no-owner", "--no-privileges", "--file", str(dump), database_url],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return {"name": name, "static_root": static_root, "users": 0}


@contextlib.contextmanager
def prepared_site_shared(*, folder: Path, server_url: str):
    """Yield the run's PreparedSite, making it if no worker has yet; drop it after the last."""
    state_file, lock = folder / STATE, folder / LOCK
    with _locked(lock):
        if state_file.exists():
            state = json.loads(state_file.read_text())
        else:
            state = _prepare(folder=folder, server_url=server_url)
        state["users"] += 1
        state_file.write_text(json.dumps(state))
    try:
        yield PreparedSite(
            server_url=server_url,
            name=state["name"],
            dump=folder / DUMP,
            static_root=state["static_root"],
            lock=lock,
        )
    finally:
        with _locked(lock):
            state = json.loads(state_file.read_text())
            state["users"] -= 1
            if state["users"]:
                state_file.write_text(json.dumps(state))
            else:
                database_drop(server_url=server_url, name=state["name"])
                (folder / DUMP).unlink(missing_ok=True)
                state_file.unlink()
