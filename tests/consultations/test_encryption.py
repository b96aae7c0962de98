"""Patients' details are encrypted at rest: the database alone reveals none of them."""

import importlib
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.signals import setting_changed
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

from consultations.models import ConsultationRequest, ConsultationRequestNote
from consultations.services import consultation_request_note_add

from .support import a_request

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DETAILS = {
    "name": "Rosalind Quimby",
    "phone": "(555) 444-9182",
    "email": "rosalind.quimby@example.org",
    "message": "My fibromyalgia is worse since my medicine changed",
    "shared_summary_html": "<p>Average pain over the last week: 7 out of 10</p>",
}


def raw_row(consultation_request) -> dict:
    """The row as the database file holds it, read with SQL, past the ORM."""
    columns = ["name", "phone", "email", "message", "shared_summary_html", "name_index"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM consultations_consultationrequest WHERE id = %s",
            [consultation_request.pk],
        )
        return dict(zip(columns, cursor.fetchone(), strict=True))


def everything_in_the_table() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM consultations_consultationrequest")
        rows = cursor.fetchall()
        cursor.execute("SELECT * FROM consultations_consultationrequestnote")
        rows += cursor.fetchall()
    return " ".join(str(value) for row in rows for value in row)


@pytest.mark.django_db
def test_reading_the_database_directly_shows_no_name_phone_email_message_or_summary():
    consultation_request = a_request(**DETAILS)
    consultation_request_note_add(
        consultation_request=consultation_request,
        user=_staff(),
        outcome="spoke",
        text="Rosalind asked about her fibromyalgia",
    )
    stored = everything_in_the_table().lower()
    # The phone number as typed and as digits alone: a shorter run of its digits can turn up by
    # chance in a timestamp's microseconds or an encrypted token.
    for clear in (
        "rosalind", "quimby", "444-9182", "5554449182", "example.org", "fibromyalgia",
        "average pain",
    ):  # fmt: skip
        assert clear not in stored, clear
    row = raw_row(consultation_request)
    assert all(row[name].startswith("gAAAAA") for name in DETAILS), "Fernet tokens"

    again = ConsultationRequest.objects.get(pk=consultation_request.pk)
    assert {name: getattr(again, name) for name in DETAILS} == DETAILS, "read back in clear"


def _staff():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("desk", is_staff=True)


def keys_forget():
    """Make the encrypted fields derive their keys again from the settings now in force.

    The library keeps each field's key in a cached_property (`keys`, and `f` built on it);
    deleting a cached_property is Django's documented way to have it computed again.
    """
    for model in (ConsultationRequest, ConsultationRequestNote):
        for field in model._meta.get_fields():
            for cached in ("keys", "f"):
                field.__dict__.pop(cached, None)


@pytest.fixture
def fresh_keys():
    setting_changed.connect(_on_setting_changed)
    keys_forget()
    yield
    setting_changed.disconnect(_on_setting_changed)
    keys_forget()


def _on_setting_changed(*, setting, **kwargs):
    if setting in ("SALT_KEY", "SECRET_KEY", "SECRET_KEY_FALLBACKS"):
        keys_forget()


@pytest.mark.django_db
def test_rotating_the_key_keeps_old_requests_readable_and_reencrypting_retires_it(fresh_keys):
    with override_settings(SALT_KEY=["old-key"]):
        old = a_request(**DETAILS)
        old_token = raw_row(old)["name"]

    with override_settings(SALT_KEY=["new-key", "old-key"]):
        assert ConsultationRequest.objects.get(pk=old.pk).name == "Rosalind Quimby"
        new = a_request(name="Sam Newman", submission_key="new")
        output = StringIO()
        call_command("consultation_requests_reencrypt", stdout=output)
        assert output.getvalue() == "Encrypted and indexed 2 consultation requests again.\n"
        assert raw_row(old)["name"] != old_token

    with override_settings(SALT_KEY=["new-key"]):
        assert ConsultationRequest.objects.get(pk=old.pk).name == "Rosalind Quimby"
        assert ConsultationRequest.objects.get(pk=new.pk).name == "Sam Newman"


@pytest.mark.django_db
def test_rotating_secret_key_keeps_requests_readable_through_the_fallbacks(fresh_keys):
    with override_settings(SECRET_KEY="first-secret"):
        saved = a_request(**DETAILS)
    with override_settings(SECRET_KEY="second-secret", SECRET_KEY_FALLBACKS=["first-secret"]):
        assert ConsultationRequest.objects.get(pk=saved.pk).email == DETAILS["email"]


@pytest.mark.django_db
def test_migration_encrypts_and_indexes_requests_saved_in_plain_text():
    consultation_request = a_request(**DETAILS)
    with connection.cursor() as cursor:  # as a row saved before encryption holds it
        cursor.execute(
            "UPDATE consultations_consultationrequest SET name = %s, phone = %s, email = %s, "
            "message = %s, shared_summary_html = %s, name_index = '', phone_hash = '', "
            "email_hash = '' WHERE id = %s",
            [*DETAILS.values(), consultation_request.pk],
        )
    migration = importlib.import_module("consultations.migrations.0007_encrypt_existing_requests")

    # The models as they stand at that migration, as `migrate` gives them to it.
    historical = MigrationExecutor(connection).loader.project_state(
        ("consultations", "0007_encrypt_existing_requests")
    )
    migration.requests_encrypt(historical.apps, None)

    row = raw_row(consultation_request)
    assert "Rosalind" not in str(row) and all(row[name].startswith("gAAAAA") for name in DETAILS)
    again = ConsultationRequest.objects.get(pk=consultation_request.pk)
    assert again.name == "Rosalind Quimby"
    assert ConsultationRequest.objects.filter(phone_hash=again.phone_hash).count() == 1
    assert again.phone_hash and again.email_hash and again.name_index


@pytest.mark.parametrize("missing", ["FIELD_ENCRYPTION_KEYS", "CONSULTATION_SEARCH_KEY"])
def test_production_settings_refuse_to_start_without_the_encryption_keys(missing):
    environment = {
        "DJANGO_SETTINGS_MODULE": "clinic_site.settings.prod",
        "SECRET_KEY": "k3y-for-the-encryption-check-0123456789-abcdefghijklmnopqrstuvwxyz-XYZ",
        "ALLOWED_HOSTS": "clinic.example",
        "DATABASE_URL": "sqlite:///unused.sqlite3",
        "FIELD_ENCRYPTION_KEYS": "a-field-key",
        "CONSULTATION_SEARCH_KEY": "a-search-key",
    }
    del environment[missing]
    inherited = {k: v for k, v in os.environ.items() if k not in environment and k != missing}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT_ROOT,
        env={**inherited, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert missing in result.stderr
