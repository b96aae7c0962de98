import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "clinic_site.settings.prod",
    "SECRET_KEY": "k3y-for-the-deploy-check-only-0123456789-abcdefghijklmnopqrstuvwxyz-XYZ",
    "ALLOWED_HOSTS": "clinic.example",
    "DATABASE_URL": "sqlite:///unused.sqlite3",
}


def manage(*args: str, environment: dict[str, str]) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ENVIRONMENT}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
def test_no_model_changes_are_missing_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_deploy_check_is_clean_under_production_settings():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", environment=PRODUCTION_ENVIRONMENT
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_settings_refuse_to_start_without(missing):
    environment = {k: v for k, v in PRODUCTION_ENVIRONMENT.items() if k != missing}
    result = manage("check", environment=environment)
    assert result.returncode != 0
    assert missing in result.stderr


def test_healthz_answers_503_when_the_database_is_unreachable():
    # A real connection attempt to a port where nothing listens, in a separate process.
    script = (
        "from django.test import Client; c = Client(raise_request_exception=False); "
        "print('STATUS', c.get('/healthz').status_code, c.get('/privacy/').status_code)"
    )
    result = manage(
        "shell",
        "-c",
        script,
        environment={
            "DJANGO_SETTINGS_MODULE": "clinic_site.settings.test",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:9/unreachable?connect_timeout=2",
        },
    )
    assert result.returncode == 0, result.stderr
    status_line = next(line for line in result.stdout.splitlines() if line.startswith("STATUS"))
    _, healthz_status, privacy_status = status_line.split()
    assert healthz_status == "503"
    assert privacy_status == "200", "pages without database work still render"


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\ndatabase: ok\ncache: ok\n"
