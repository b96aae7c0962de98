"""Reliability: with the database gone the site answers a friendly 503, and recovers by itself.

The main test starts its own throwaway PostgreSQL server in a temporary folder on a free port,
so stopping it never touches the machine's shared server, and runs the site against it under
gunicorn with production settings.
"""

import glob
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail
from tests.support.http import Response
from tests.support.servers import (
    Gunicorn,
    free_port,
    manage,
    site_environment,
    static_root_collect,
)

UNAVAILABLE = "Sorry, the service is unavailable"
PUBLIC_PATHS = ["/", "/privacy/", "/need-help-now/", "/screener/"]
STAFF_PASSWORD = "reliability-test-staff-password-8812"


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

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}?connect_timeout=3"


@pytest.fixture(scope="module")
def throwaway_postgres():
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
def site(throwaway_postgres, tmp_path_factory):
    """The site under gunicorn with production settings, on the throwaway PostgreSQL server."""
    environment = site_environment(
        database_url=throwaway_postgres.url("clinic"),
        ADMIN_URL="admin/",
        DJANGO_SUPERUSER_USERNAME="staff",
        DJANGO_SUPERUSER_EMAIL="staff@clinic.example",
        DJANGO_SUPERUSER_PASSWORD=STAFF_PASSWORD,
    )
    environment["STATIC_ROOT"] = str(static_root_collect(env=environment))
    manage("migrate", "--noinput", env=environment, timeout=180)
    manage("createsuperuser", "--noinput", env=environment, timeout=180)
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    site = Gunicorn.start(env=environment, log=log, workers=2)
    try:
        site.wait_until_healthy(timeout=30)
        yield site
    finally:
        site.stop()


def assert_unavailable_page(response: Response, what: str) -> None:
    assert response.status == 503, f"{what}: {response.status}"
    assert UNAVAILABLE in response.text, what
    assert "Need help now?" in response.text, f"{what}: the 503 page is in the site layout"


@pytest.mark.slow
def test_site_answers_503_without_its_database_and_recovers_without_a_restart(
    site, throwaway_postgres
):
    # With the database up: the health check, public pages and a staff session all work.
    assert site.fetch("/healthz").status == 200
    for path in PUBLIC_PATHS:
        assert site.fetch(path).status == 200, path
    staff = site.sign_in(username="staff", password=STAFF_PASSWORD)
    admin_index = site.fetch("/admin/", cookies=staff)
    assert admin_index.status == 200
    assert "Site administration" in admin_index.text
    gunicorn_pid = site.process.pid

    throwaway_postgres.stop()
    try:
        for _ in range(3):  # several rounds, so both gunicorn workers are seen to fail kindly
            healthz = site.fetch("/healthz")
            assert healthz.status == 503
            assert healthz.text == "database unavailable\n"

            # The database fails inside a view: the staff sign-in checks the password.
            login_page = site.fetch("/admin/login/")
            form = {
                "csrfmiddlewaretoken": login_page.csrf_token(),
                "username": "staff",
                "password": STAFF_PASSWORD,
            }
            sign_in = site.fetch(
                "/admin/login/", method="POST", cookies=login_page.cookies, form=form
            )
            assert_unavailable_page(sign_in, "sign-in")

            # The database fails inside middleware: loading the session of a returning visitor.
            assert_unavailable_page(site.fetch("/admin/", cookies=staff), "admin with a session")
            # A public page a worker has cached is still served: it needs no session.
            for path in PUBLIC_PATHS:
                response = site.fetch(path, cookies=staff)
                assert response.status in (200, 503), path
                if response.status == 503:
                    assert_unavailable_page(response, f"{path} with a session")

            # A first-time visitor without a session never sees a server error.
            for path in PUBLIC_PATHS:
                response = site.fetch(path)
                assert response.status in (200, 503), path
                if response.status == 503:
                    assert_unavailable_page(response, path)
    finally:
        throwaway_postgres.start()

    site.wait_until_healthy(timeout=20)
    assert site.process.pid == gunicorn_pid and site.process.poll() is None, "not restarted"
    for _ in range(3):
        admin_index = site.fetch("/admin/", cookies=staff)
        assert admin_index.status == 200, "the staff session survived the outage"
        assert "Site administration" in admin_index.text
        for path in PUBLIC_PATHS:
            assert site.fetch(path, cookies=staff).status == 200, path

    log = site.log.read_text()
    assert '"status": 500' not in log, "no request was answered with a server error"
    assert '"status": 503' in log, "the request log recorded the outage"


@pytest.mark.slow
def test_a_database_restart_between_requests_fails_no_request(site, throwaway_postgres):
    """The restart closes every worker's idle connection; each is replaced before it is used."""
    staff = site.sign_in(username="staff", password=STAFF_PASSWORD)
    for _ in range(4):  # both workers now hold a connection
        assert site.fetch("/admin/", cookies=staff).status == 200
    log_before = len(site.log.read_text())

    throwaway_postgres.stop()
    throwaway_postgres.start()

    for _ in range(4):
        admin_index = site.fetch("/admin/", cookies=staff)
        assert admin_index.status == 200
        assert "Site administration" in admin_index.text
        screener = site.fetch("/screener/", cookies=staff)
        assert screener.status == 200
        assert "Start now" in screener.text
    log = site.log.read_text()[log_before:]
    assert '"status": 200' in log
    assert '"status": 5' not in log, "no request failed on a closed connection"


def test_database_error_while_middleware_loads_the_session_gets_the_503_page():
    """Without any server running: the session is read in middleware, before any view."""
    script = (
        "from django.test import Client; c = Client(raise_request_exception=False); "
        "c.cookies['sessionid'] = 'a' * 32; "
        "r = [c.get(p) for p in ('/privacy/', '/admin/', '/healthz')]; "
        "print('STATUS', *[x.status_code for x in r]); "
        f"print('FRIENDLY', all({UNAVAILABLE!r} in x.content.decode() for x in r[:2]))"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic_site.settings.test",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{free_port()}/none?connect_timeout=2",
    }
    output = manage("shell", "-c", script, env=environment, timeout=120)
    lines = dict(line.split(" ", 1) for line in output.splitlines() if " " in line)
    assert lines["STATUS"] == "503 503 503"
    assert lines["FRIENDLY"] == "True"
