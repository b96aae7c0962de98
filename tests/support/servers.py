"""Run the site as production does: production settings, collected static files, gunicorn.

Everything here talks to 127.0.0.1 only. Used by `make bench`, `make load` and the tests that
run production settings (tests/site/test_security_headers.py, test_reliability.py, test_load.py,
test_multi_server.py).
"""

from __future__ import annotations

import hashlib
import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from tests.support.http import Form, Response, fetch
from tests.support.staff import Authenticator

PROJECT_ROOT = Path(__file__).resolve().parents[2]
WSGI_APPLICATION = "clinic_site.wsgi:application"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- Environment and manage.py -------------------------------------------------------------------


def site_environment(*, database_url: str, **overrides: str) -> dict[str, str]:
    """The environment of a production-settings process served over plain HTTP on 127.0.0.1.

    Settings-related variables inherited from the caller are dropped (so a test run's
    DATABASE_URL or REDIS_URL never leaks in); pass REDIS_URL and the like as overrides.
    """
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "SECURE_", "REDIS_", "CACHE_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="clinic_site.settings.prod",
        SECRET_KEY=secrets.token_urlsafe(50),
        # The contact requests' encryption and search keys, which production requires.
        FIELD_ENCRYPTION_KEYS=secrets.token_urlsafe(32),
        CONSULTATION_SEARCH_KEY=secrets.token_urlsafe(32),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        # No TLS proxy in front: plain HTTP, and the client's own address is the real one.
        SECURE_SSL_REDIRECT="false",
        TRUSTED_PROXY_COUNT="0",
    )
    environment.update(overrides)
    return environment


def manage(*args: str, env: dict[str, str], timeout: float = 300) -> str:
    """Run a manage.py command; raise RuntimeError with its output when it fails."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def static_files_fingerprint() -> str:
    """A digest of what collectstatic reads: the static folders and the pinned packages."""
    digest = hashlib.sha256()
    sources = [PROJECT_ROOT / "requirements.txt"]
    for folder in [PROJECT_ROOT / "static", *sorted(PROJECT_ROOT.glob("*/static"))]:
        sources += sorted(path for path in folder.rglob("*") if path.is_file())
    for path in sources:
        digest.update(str(path.relative_to(PROJECT_ROOT)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def static_root_collect(*, env: dict[str, str]) -> Path:
    """Collect and compress the static files once per version of them, then reuse the folder.

    collectstatic with production storage compresses every file (many CPU seconds), so a folder
    in the temporary directory, named by the sources' fingerprint, serves every later run.
    """
    root = Path(tempfile.gettempdir()) / f"clinic-static-{static_files_fingerprint()}"
    if (root / "staticfiles.json").exists():
        return root
    partial = Path(tempfile.mkdtemp(prefix=f"{root.name}-partial-"))
    manage("collectstatic", "--noinput", env={**env, "STATIC_ROOT": str(partial)})
    try:
        partial.rename(root)
    except OSError:  # another run finished first; its folder is as good as ours
        shutil.rmtree(partial, ignore_errors=True)
    return root


# --- gunicorn ------------------------------------------------------------------------------------


@dataclass
class Gunicorn:
    """The site (or another WSGI app) under gunicorn on 127.0.0.1, its output in a log file."""

    port: int
    process: subprocess.Popen
    log: Path
    env: dict[str, str] = field(default_factory=dict)
    workers: int = 2

    @classmethod
    def start(
        cls,
        *,
        env: dict[str, str],
        log: Path,
        app: str = WSGI_APPLICATION,
        port: int | None = None,
        workers: int = 2,
        threads: int = 1,
        options: tuple[str, ...] = (),
    ) -> Gunicorn:
        """Start gunicorn in its own process group; call wait_until_healthy() before using it."""
        port = port or free_port()
        worker_class = "gthread" if threads > 1 else "sync"
        with log.open("w") as log_file:
            process = subprocess.Popen(
                [
                    sys.executable, "-m", "gunicorn", app,
                    "--bind", f"127.0.0.1:{port}",
                    "--workers", str(workers),
                    "--worker-class", worker_class,
                    "--threads", str(threads),
                    "--timeout", "60",
                    "--graceful-timeout", "5",
                    # Which worker answered each request (fetch_from_each_worker).
                    "--access-logfile", str(cls.access_log_path(log)),
                    "--access-logformat", "%(p)s %(U)s",
                    *options,
                ],
                cwd=PROJECT_ROOT,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        return cls(port=port, process=process, log=log, env=env, workers=workers)

    @staticmethod
    def access_log_path(log: Path) -> Path:
        return log.with_name(f"{log.name}.access")

    def fetch_from_each_worker(
        self, path: str, *, cookies: dict[str, str] | None = None, timeout: float = 60
    ) -> list[Response]:
        """GET path once from each worker process, in the order the workers answered.

        Any idle worker may take a connection, and often one takes them all. A sync worker that
        has taken a connection waits for its request, so one connection per worker, all opened
        before any request is sent, reaches every worker; the access log confirms it. A worker
        still starting (gunicorn is healthy once one answers) takes none: then ask again.
        """
        deadline = time.monotonic() + timeout
        while True:
            responses, workers = self._fetch_on_held_connections(path, cookies=cookies)
            if len(workers) >= self.workers:
                return responses
            if time.monotonic() > deadline:
                answered = f"{len(workers)} of {self.workers}"
                raise RuntimeError(f"{path} was answered by {answered} workers")
            time.sleep(0.5)

    def _fetch_on_held_connections(
        self, path: str, *, cookies: dict[str, str] | None
    ) -> tuple[list[Response], set[str]]:
        """One GET on each of `workers` connections opened first; the responses, and the
        process ids of the workers that answered them (from the access log)."""
        access_log = self.access_log_path(self.log)
        lines_before = len(access_log.read_text().splitlines())
        connections = [
            http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            for _ in range(self.workers)
        ]
        for connection in connections:
            connection.connect()
        time.sleep(0.5)  # each idle worker takes one
        responses = [
            fetch(port=self.port, path=path, cookies=cookies, connection=connection)
            for connection in connections
        ]
        deadline = time.monotonic() + 5  # each line is written just after its response
        while len(lines := access_log.read_text().splitlines()[lines_before:]) < self.workers:
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn logged {len(lines)} requests for {path}")
            time.sleep(0.02)
        return responses, {line.split()[0] for line in lines}

    def fetch(
        self,
        path: str,
        *,
        method: str = "GET",
        cookies: dict[str, str] | None = None,
        form: Form | None = None,
    ) -> Response:
        return fetch(port=self.port, path=path, method=method, cookies=cookies, form=form)

    def log_tail(self, characters: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-characters:]

    def wait_until_healthy(self, *, timeout: float, path: str = "/healthz") -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited:\n" + self.log_tail())
            try:
                if self.fetch(path).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer {path} within {timeout}s:\n" + self.log_tail())

    def sign_in(
        self, *, username: str, password: str, phone: Authenticator, admin_path: str = "/admin/"
    ) -> dict:
        """Sign in through both admin steps and return the cookies a browser would keep.

        The phone gives the code; on a first sign-in, which starts from a one-time set-up link
        (`manage.py staff_set_up_link`, as for a first superuser), it takes the set-up key from
        the page, as scanning the QR code would, and keeps the backup codes shown next.
        """
        if phone.key is None:
            return self.sign_in_from_set_up_link(
                username=username, password=password, phone=phone, admin_path=admin_path
            )
        login = self.fetch(f"{admin_path}login/")
        assert login.status == 200, login.status
        cookies = dict(login.cookies)
        form = {
            "csrfmiddlewaretoken": login.csrf_token(),
            "username": username,
            "password": password,
            "next": admin_path,
        }
        password_step = self.fetch(f"{admin_path}login/", method="POST", cookies=cookies, form=form)
        assert password_step.status == 302, password_step.text[:500]
        assert password_step.location == f"{admin_path}second-factor/", password_step.location
        cookies.update(password_step.cookies)
        page = self.fetch(password_step.headers["location"], cookies=cookies)
        assert page.status == 200, page.status
        cookies.update(page.cookies)
        setting_up = 'id="second-factor-key"' in page.text
        if setting_up:
            phone.set_up_from(page.text)
        form = {"csrfmiddlewaretoken": page.csrf_token(), "code": phone.code(), "next": admin_path}
        signed_in = self.fetch(
            f"{admin_path}second-factor/", method="POST", cookies=cookies, form=form
        )
        assert signed_in.status == 302, signed_in.text[:500]
        cookies.update(signed_in.cookies)
        if setting_up:
            codes = self.fetch(signed_in.headers["location"], cookies=cookies)
            phone.keep_backup_codes_from(codes.text)
            cookies.update(codes.cookies)
        else:
            assert signed_in.location == admin_path, signed_in.location
        assert "sessionid" in cookies
        return cookies

    def sign_in_from_set_up_link(
        self, *, username: str, password: str, phone: Authenticator, admin_path: str
    ) -> dict:
        """A first sign-in: open a set-up link, give the password, set up the app."""
        link = manage("staff_set_up_link", username, env=self.env).strip()
        opened = self.fetch(urlsplit(link).path)
        assert opened.status == 302, opened.status
        cookies = dict(opened.cookies)
        page = self.fetch(opened.location, cookies=cookies)
        cookies.update(page.cookies)
        form = {"csrfmiddlewaretoken": page.csrf_token(), "password": password}
        password_step = self.fetch(opened.location, method="POST", cookies=cookies, form=form)
        assert password_step.status == 302, password_step.text[:500]
        cookies.update(password_step.cookies)
        set_up = self.fetch(password_step.location, cookies=cookies)
        cookies.update(set_up.cookies)
        phone.set_up_from(set_up.text)
        form = {"csrfmiddlewaretoken": set_up.csrf_token(), "code": phone.code()}
        signed_in = self.fetch(
            f"{admin_path}second-factor/", method="POST", cookies=cookies, form=form
        )
        assert signed_in.status == 302, signed_in.text[:500]
        cookies.update(signed_in.cookies)
        codes = self.fetch(signed_in.headers["location"], cookies=cookies)
        phone.keep_backup_codes_from(codes.text)
        cookies.update(codes.cookies)
        assert "sessionid" in cookies
        return cookies

    def stop(self) -> None:
        """Stop the master and its workers; kill them if they do not stop within 15 seconds."""
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
