"""Migration tests in a database of their own, in a separate process.

Migrating backwards and forwards in the database the other tests share would renumber its content
types (on PostgreSQL a flush does not reset sequences) and lose what the data migrations wrote
there. A migration test instead runs a script with `manage.py shell` against an empty database of
this pass's engine: PostgreSQL when DATABASE_URL names it, else SQLite. The script migrates to
the release before, writes rows as that release left them, migrates forward, asserts, and prints
MIGRATED at the end.
"""

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.databases import database_create, database_drop, postgres_server_url
from tests.support.servers import manage

# What every script starts with: migrate(targets) and the names the scripts use.
SCRIPT_PREAMBLE = """
import datetime
import json

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from reversion.models import Version


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def migrate_to_latest():
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

"""


@contextmanager
def migration_database(folder: Path) -> Iterator[str]:
    """The address of an empty database of this pass's engine, dropped afterwards."""
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{folder / 'migration.sqlite3'}"
        return
    server_url = postgres_server_url()
    name = f"clinic_migration_{os.getpid()}_{secrets.token_hex(3)}"
    url = database_create(server_url=server_url, name=name)
    try:
        yield url
    finally:
        database_drop(server_url=server_url, name=name)


def migration_script_run(*, script: str, database_url: str) -> str:
    """Run the script (after SCRIPT_PREAMBLE) against the database; return what it printed.

    Raises RuntimeError with the script's output, an assertion's traceback included, if it fails.
    """
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="clinic_site.settings.test", DATABASE_URL=database_url
    )
    output = manage("shell", "-c", SCRIPT_PREAMBLE + script, env=environment)
    assert "MIGRATED" in output, output
    return output
