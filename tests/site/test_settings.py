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
    "SITE_URL": "https://clinic.example",
    "DATABASE_URL": "sqlite:///unused.sqlite3",
    "FIELD_ENCRYPTION_KEYS": "field-encryption-key-for-the-settings-tests-only",
    "CONSULTATION_SEARCH_KEY": "search-key-for-the-settings-tests-only",
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


UNSAFE_VALUES = [
    ("SECRET_KEY", "x"),
    ("SECRET_KEY", "too-short-for-a-key-0123456789"),
    ("SECRET_KEY", "ab" * 40),  # long, but two characters
    ("SECRET_KEY", "django-insecure-" + "k3y-from-startproject-0123456789-abcdefghijklmnopqrstuv"),
    ("SECRET_KEY_FALLBACKS", "x"),
    ("ALLOWED_HOSTS", "*"),
    ("ALLOWED_HOSTS", "clinic.example,*"),
    ("ALLOWED_HOSTS", "*.clinic.example"),
    ("ALLOWED_HOSTS", ","),
    ("CSRF_TRUSTED_ORIGINS", "http://evil.example"),
    ("SITE_URL", "http://clinic.example"),
    ("SITE_URL", ""),
]


@pytest.mark.parametrize(("name", "value"), UNSAFE_VALUES)
def test_production_settings_refuse_to_start_with_an_unsafe_value(name, value):
    result = manage("check", environment={**PRODUCTION_ENVIRONMENT, name: value})
    assert result.returncode != 0
    assert "Production settings refuse unsafe values" in result.stderr
    assert f"- {name} must" in result.stderr, result.stderr[-2000:]
    if name.startswith("SECRET_KEY") and len(value) > 8:
        assert value not in result.stderr, "the message does not repeat the key"


def test_production_settings_start_with_strong_keys_and_named_hosts():
    environment = {
        **PRODUCTION_ENVIRONMENT,
        "ALLOWED_HOSTS": "clinic.example,www.clinic.example",
        "CSRF_TRUSTED_ORIGINS": "https://clinic.example",
        "SECRET_KEY_FALLBACKS": "an-older-key-still-accepted-0123456789-abcdefghijklmnopqrstuvwxyz",
    }
    result = manage("check", environment=environment)
    assert result.returncode == 0, result.stderr[-2000:]


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
