"""Servers of a test's own, started and stopped by it: PostgreSQL and Redis.

Each lives in a temporary folder and listens on a free port of 127.0.0.1, so stopping one
(to see how the site copes) never touches the machine's shared servers on 5432 and 6379.
"""

from __future__ import annotations

import glob
import re
import shutil
import subprocess
import time
from pathlib import Path

from tests.support.servers import free_port


def postgresql_bin_dir() -> Path | None:
    """Return the newest PostgreSQL server binaries folder on this machine, if any."""
    folders = [Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin")]
    folders = [f for f in folders if (f / "initdb").exists() and (f / "pg_ctl").exists()]
    if folders:
        return max(folders, key=lambda f: int(re.sub(r"\D", "", f.parent.name) or 0))
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class ThrowawayPostgres:
    """A PostgreSQL server of our own, in a temporary folder, trusting local connections."""

    def __init__(self, *, bin_dir: Path, folder: Path, owner: str | None):
        self.bin_dir = bin_dir
        self.folder = folder
        self.data = folder / "data"
        self.log = folder / "server.log"
        # PostgreSQL refuses to run as root, so as root the server runs as its own user.
        self.prefix = ["runuser", "-u", owner, "--"] if owner else []
        self.port = 0

    def run(self, program: str, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*self.prefix, str(self.bin_dir / program), *args],
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=60,
        )

    def init(self) -> None:
        result = self.run(
            "initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
            "--locale=C", "--no-sync",
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr

    def start(self) -> None:
        """Start the server; the first start picks a free port, later starts reuse it."""
        for _ in range(5):
            port = self.port or free_port()
            options = (
                f"-p {port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
            )
            result = self.run(
                "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w",
                "-t", "30", "start",
            )  # fmt: skip
            if result.returncode == 0:
                self.port = port
                return
            if self.port:  # a restart on the known port must work
                break
        raise AssertionError("throwaway PostgreSQL did not start:\n" + self.log.read_text())

    def stop(self) -> None:
        result = self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        assert result.returncode == 0, result.stdout + result.stderr

    def is_running(self) -> bool:
        return self.run("pg_ctl", "-D", str(self.data), "status").returncode == 0

    def create_database(self, name: str) -> None:
        port = str(self.port)
        result = self.run("createdb", "-h", "127.0.0.1", "-p", port, "-U", "postgres", name)
        assert result.returncode == 0, result.stdout + result.stderr

    def restore(self, database: str, *, dump: Path) -> None:
        """Run a plain SQL dump (pg_dump's) in the database. Given on standard input: the
        server's own user may not read the dump's folder."""
        port = str(self.port)
        result = subprocess.run(
            [*self.prefix, str(self.bin_dir / "psql"), "-q", "-v", "ON_ERROR_STOP=1",
             "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", database],
            stdin=dump.open("rb"),
            cwd=self.folder,
            capture_output=True,
            timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr.decode()

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}?connect_timeout=3"


def redis_server_executable() -> str | None:
    return shutil.which("redis-server") or (
        "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None
    )


class ThrowawayRedis:
    """A redis-server of our own, holding nothing on disk, so a restart starts it empty."""

    def __init__(self, *, executable: str, folder: Path):
        self.executable = executable
        self.folder = folder
        self.log = folder / "redis.log"
        self.port = 0
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        """Start the server; the first start picks a free port, later starts reuse it."""
        for _ in range(5):
            port = self.port or free_port()
            self.process = subprocess.Popen(
                [
                    self.executable,
                    "--port", str(port),
                    "--bind", "127.0.0.1",
                    "--save", "",
                    "--appendonly", "no",
                    "--dir", str(self.folder),
                    "--logfile", str(self.log),
                ],
                cwd=self.folder,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
            if self._wait_until_answering(port, timeout=10):
                self.port = port
                return
            self.stop()
            if self.port:  # a restart on the known port must work
                break
        log = self.log.read_text() if self.log.exists() else ""
        raise AssertionError("throwaway Redis did not start:\n" + log)

    def _wait_until_answering(self, port: int, *, timeout: float) -> bool:
        import redis

        client = redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=1)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                return False
            try:
                if client.ping():
                    return True
            except redis.RedisError:
                time.sleep(0.1)
        return False

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def url(self, database: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{database}"
