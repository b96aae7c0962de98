"""PostgreSQL databases of a run's own, on the server DATABASE_URL names (else 127.0.0.1:5432), and
the run's migrated SQLite database for subprocesses."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

LOCAL_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/"


def postgres_server_url() -> str:
    """DATABASE_URL when it names PostgreSQL, else the server on 127.0.0.1:5432."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else LOCAL_POSTGRES_URL


def _maintenance_connection(server_url: str, *, dbname: str = "postgres"):
    import psycopg2

    parts = urlsplit(server_url)
    connection = psycopg2.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname=dbname,
        connect_timeout=3,
    )
    connection.autocommit = True
    return connection


def _execute(server_url: str, statement: str, *, dbname: str = "postgres") -> None:
    connection = _maintenance_connection(server_url, dbname=dbname)
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


def postgres_reachable(*, server_url: str) -> bool:
    try:
        _maintenance_connection(server_url).close()
    except Exception:  # psycopg2.OperationalError, or psycopg2 itself missing
        return False
    return True


def database_create(
    *, server_url: str, name: str, exist_ok: bool = False, template: str | None = None
) -> str:
    """Create a database on the server (optionally keeping an existing one), empty or a copy of
    `template`; return its URL."""
    connection = _maintenance_connection(server_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if not (exist_ok and cursor.fetchone()):
                copied = f' TEMPLATE "{template}"' if template else ""
                cursor.execute(f'CREATE DATABASE "{name}"{copied}')
    finally:
        connection.close()
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def database_vacuum(*, database_url: str) -> None:
    """VACUUM ANALYZE the database, as autovacuum would on a live server."""
    _execute(database_url, "VACUUM ANALYZE", dbname=urlsplit(database_url).path.lstrip("/"))


def database_drop(*, server_url: str, name: str) -> None:
    _execute(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# The test run's database as migrate left it, saved by tests/conftest.py's django_db_setup when
# the run is on SQLite (one per xdist worker, in that worker's temporary folder).
MIGRATED_SQLITE = "migrated.sqlite3"


def migrated_sqlite_copy(tmp_path_factory, folder: Path) -> Path:
    """A new SQLite file in `folder` with every migration applied, for a subprocess to use.

    A copy of the run's freshly migrated test database when the run is on SQLite (migrating a
    new file costs several seconds); an empty file otherwise, which the subprocess's own
    `migrate` builds, as it checks the migrations in either case.
    """
    database = folder / "db.sqlite3"
    migrated = tmp_path_factory.getbasetemp() / MIGRATED_SQLITE
    if migrated.exists():
        shutil.copyfile(migrated, database)
    return database
