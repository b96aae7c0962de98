"""Run the site as production does, for scripts and tests: databases, static files, gunicorn, HTTP.

Everything here talks to 127.0.0.1 only. Used by `make bench`, `make load` and the tests that
start real servers (tests/site/test_reliability.py, test_load.py, test_multi_server.py).
"""

from __future__ import annotations

import hashlib
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
WSGI_APPLICATION = "clinic_site.wsgi:application"
LOCAL_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


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


# --- PostgreSQL databases ------------------------------------------------------------------------


def database_url_with_name(*, server_url: str, name: str) -> str:
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def postgres_server_url() -> str:
    """DATABASE_URL when it names PostgreSQL, else the server on 127.0.0.1:5432."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else LOCAL_POSTGRES_URL


def _postgres_maintenance_connection(server_url: str, *, dbname: str = "postgres"):
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


def postgres_reachable(*, server_url: str) -> bool:
    try:
        _postgres_maintenance_connection(server_url).close()
    except Exception:  # psycopg2.OperationalError, or psycopg2 itself missing
        return False
    return True


def database_create(*, server_url: str, name: str, exist_ok: bool = False) -> str:
    """Create a database on the server (optionally keeping an existing one); return its URL."""
    connection = _postgres_maintenance_connection(server_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if not (exist_ok and cursor.fetchone()):
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()
    return database_url_with_name(server_url=server_url, name=name)


def database_vacuum(*, database_url: str) -> None:
    """VACUUM ANALYZE the database, as autovacuum would on a live server."""
    connection = _postgres_maintenance_connection(
        database_url, dbname=urlsplit(database_url).path.lstrip("/")
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    finally:
        connection.close()


def database_drop(*, server_url: str, name: str) -> None:
    connection = _postgres_maintenance_connection(server_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        connection.close()


# --- HTTP ----------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    text: str
    cookies: dict[str, str] = field(default_factory=dict)  # set (not deleted) by this response
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    seconds: float = 0.0

    @property
    def location(self) -> str:
        return urlsplit(self.headers.get("location", "")).path

    def csrf_token(self) -> str:
        match = CSRF_FIELD.search(self.text)
        if match is None:
            raise AssertionError(f"no form token on the page (status {self.status})")
        return match.group(1)


def _cookie_deleted(attributes: str) -> bool:
    for attribute in attributes.split(";"):
        name, _, value = attribute.strip().partition("=")
        if name.lower() == "max-age" and value.strip().lstrip("-").isdigit():
            return int(value) <= 0
        if name.lower() == "expires":
            try:
                return parsedate_to_datetime(value).timestamp() < time.time()
            except (TypeError, ValueError):
                return False
    return False


def http_request(
    *,
    port: int,
    path: str,
    method: str = "GET",
    body: str | bytes = "",
    cookies: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> tuple[int, dict[str, str], bytes]:
    """One request to 127.0.0.1 on a fresh connection; the cookie jar, if given, is updated."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    request_headers = {"Host": "127.0.0.1"}
    if cookies:
        request_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body:
        request_headers["Content-Type"] = "application/x-www-form-urlencoded"
    request_headers.update(headers or {})
    payload_in = body.encode() if isinstance(body, str) else body
    try:
        connection.request(method, path, body=payload_in or None, headers=request_headers)
        response = connection.getresponse()
        payload = response.read()
    finally:
        connection.close()
    response_headers = {}
    for name, value in response.getheaders():
        if name.lower() == "set-cookie" and cookies is not None:
            cookie, _, attributes = value.partition(";")
            cookie_name, _, cookie_value = cookie.partition("=")
            if _cookie_deleted(attributes):
                cookies.pop(cookie_name.strip(), None)
            else:
                cookies[cookie_name.strip()] = cookie_value.strip()
        response_headers[name.lower()] = value
    return response.status, response_headers, payload


def exchange(
    *,
    port: int,
    path: str,
    method: str = "GET",
    jar: dict[str, str],
    form: dict[str, str] | list[tuple[str, str]] | None = None,
    timeout: float = 30,
) -> Response:
    """One request sending the jar's cookies; the jar takes the response's cookie changes."""
    before = dict(jar)
    started = time.perf_counter()
    status, headers, payload = http_request(
        port=port,
        path=path,
        method=method,
        body=urlencode(form) if form is not None else "",
        cookies=jar,
        timeout=timeout,
    )
    seconds = time.perf_counter() - started
    new = {name: value for name, value in jar.items() if before.get(name) != value}
    return Response(status, payload.decode("utf-8", "replace"), new, headers, seconds)


def fetch(
    *,
    port: int,
    path: str,
    method: str = "GET",
    cookies: dict[str, str] | None = None,
    form: dict[str, str] | list[tuple[str, str]] | None = None,
    timeout: float = 30,
) -> Response:
    """One request sending the given cookies; the response lists the cookies it set."""
    jar = dict(cookies or {})
    return exchange(port=port, path=path, method=method, jar=jar, form=form, timeout=timeout)


class Visitor:
    """One browser: its own cookies, sent to whichever of the site's servers it asks."""

    def __init__(
        self,
        *,
        port: int,
        timeout: float = 30,
        on_response: Callable[[Response], None] | None = None,
    ):
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.on_response = on_response

    def request(
        self,
        method: str,
        path: str,
        *,
        form: dict[str, str] | list[tuple[str, str]] | None = None,
        port: int | None = None,
    ) -> Response:
        response = exchange(
            port=port or self.port,
            path=path,
            method=method,
            jar=self.cookies,
            form=form,
            timeout=self.timeout,
        )
        if self.on_response is not None:
            self.on_response(response)
        return response

    def get(self, path: str, *, port: int | None = None) -> Response:
        return self.request("GET", path, port=port)

    def post(
        self,
        path: str,
        form: dict[str, str] | list[tuple[str, str]],
        *,
        port: int | None = None,
    ) -> Response:
        return self.request("POST", path, form=form, port=port)


# --- gunicorn ------------------------------------------------------------------------------------


@dataclass
class Gunicorn:
    """The site (or another WSGI app) under gunicorn on 127.0.0.1, its output in a log file."""

    port: int
    process: subprocess.Popen
    log: Path

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
                    *options,
                ],
                cwd=PROJECT_ROOT,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        return cls(port=port, process=process, log=log)

    def fetch(
        self,
        path: str,
        *,
        method: str = "GET",
        cookies: dict[str, str] | None = None,
        form: dict[str, str] | None = None,
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

    def sign_in(self, *, username: str, password: str, admin_path: str = "/admin/") -> dict:
        """Sign in through the admin login form and return the cookies a browser would keep."""
        login = self.fetch(f"{admin_path}login/")
        assert login.status == 200, login.status
        cookies = dict(login.cookies)
        form = {
            "csrfmiddlewaretoken": login.csrf_token(),
            "username": username,
            "password": password,
            "next": admin_path,
        }
        signed_in = self.fetch(f"{admin_path}login/", method="POST", cookies=cookies, form=form)
        assert signed_in.status == 302, signed_in.text[:500]
        cookies.update(signed_in.cookies)
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
