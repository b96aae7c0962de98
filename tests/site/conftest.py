"""Throwaway servers for the site-wide tests that stop them: a module gets its own of each."""

import os
import pwd
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail
from tests.support.throwaway import (
    ThrowawayPostgres,
    ThrowawayRedis,
    postgresql_bin_dir,
    redis_server_executable,
)


@pytest.fixture(scope="module")
def throwaway_postgres():
    """A PostgreSQL server of the module's own, with an empty database named clinic."""
    bin_dir = postgresql_bin_dir()
    if bin_dir is None:
        skip_or_fail("PostgreSQL server binaries are not installed (apt-get install postgresql)")
    owner = None
    if os.geteuid() == 0:
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            skip_or_fail("running as root, but there is no postgres user to run a server as")
        owner = account.pw_name
    folder = Path(tempfile.mkdtemp(prefix="clinic-throwaway-pg-"))
    if owner:
        os.chown(folder, account.pw_uid, account.pw_gid)
    server = ThrowawayPostgres(bin_dir=bin_dir, folder=folder, owner=owner)
    try:
        server.init()
        server.start()
        server.create_database("clinic")
        yield server
    finally:
        if server.data.exists() and server.is_running():
            server.run("pg_ctl", "-D", str(server.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def throwaway_redis():
    """A redis-server of the module's own on a free port, keeping nothing on disk."""
    executable = redis_server_executable()
    if executable is None:
        skip_or_fail("redis-server is not installed (apt-get install redis-server)")
    folder = Path(tempfile.mkdtemp(prefix="clinic-throwaway-redis-"))
    server = ThrowawayRedis(executable=executable, folder=folder)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
