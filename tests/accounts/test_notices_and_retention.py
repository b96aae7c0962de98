"""Security review F12: a current code to change the password, and an email to the account
holder whenever their password, second factor or backup codes change. Issue #29: staff sign-in
activity is kept STAFF_ACTIVITY_RETENTION_DAYS (six years by default), then purged."""

import time
from datetime import timedelta

import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clinic_site.models import StaffActivity
from tests.support.staff import admin_sign_in, device_code, staff_sign_in

from .conftest import PASSWORD

NEW_PASSWORD = "a brand new long passphrase 9"


def password_change(client: Client, **fields):
    return client.post(
        reverse("admin:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
            **fields,
        },
    )


def test_changing_the_password_needs_a_current_code_and_tells_the_holder(colleague):
    client = Client()
    device = staff_sign_in(client, colleague)
    page = client.get(reverse("admin:password_change")).content.decode()
    assert "Code from your authenticator app" in page
    refused = password_change(client, code="000000")
    assert refused.status_code == 200
    assert "That code did not work" in refused.content.decode()
    colleague.refresh_from_db()
    assert colleague.check_password(PASSWORD)
    assert not mail.outbox

    with time_machine.travel(time.time() + 5):  # past django-otp's pause after a wrong code
        done = password_change(client, code=device_code(device))
    assert done["Location"] == reverse("admin:password_change_done")
    colleague.refresh_from_db()
    assert colleague.check_password(NEW_PASSWORD)
    assert [message.to for message in mail.outbox] == [["cole@clinic.example"]]
    assert mail.outbox[0].subject == "Riverside Ketamine Clinic: Your password was changed"
    assert "If it was not you, tell your practice manager today" in mail.outbox[0].body
    assert StaffActivity.objects.filter(action=StaffActivity.Action.PASSWORD_CHANGED).exists()


def test_forgot_password_sends_a_link_with_the_sites_address_and_the_code_is_still_asked(
    colleague, settings
):
    settings.SITE_URL = "https://clinic.example"
    client = Client()
    login = client.get(reverse("admin:login")).content.decode()
    assert f'href="{reverse("admin_password_reset")}"' in login
    response = client.post(
        reverse("admin_password_reset"),
        {"email": "cole@clinic.example"},
        HTTP_HOST="localhost",
    )
    assert response["Location"] == reverse("password_reset_done")
    body = mail.outbox[0].body
    assert "https://clinic.example/admin/password-reset/" in body, "never the request's host"
    link = next(line for line in body.splitlines() if line.startswith("https://"))
    opened = client.get(link.removeprefix("https://clinic.example"))
    form_page = client.get(opened["Location"])
    assert "New password" in form_page.content.decode()
    done = client.post(
        opened["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done["Location"] == reverse("password_reset_complete")
    assert mail.outbox[1].subject == "Riverside Ketamine Clinic: Your password was changed"
    assert StaffActivity.objects.filter(action=StaffActivity.Action.PASSWORD_RESET).exists()

    # Not signed in by it: the next sign-in asks for the password and then the code.
    assert client.get(reverse("admin:index")).status_code == 302
    step = client.post(reverse("admin:login"), {"username": "cole", "password": NEW_PASSWORD})
    assert step["Location"].startswith(reverse("admin:second_factor"))
    assert admin_sign_in(Client(), username="cole", password=NEW_PASSWORD)["Location"] == (
        reverse("admin:index")
    )


def test_purge_deletes_staff_activity_older_than_the_retention_period_and_can_repeat(
    db, settings, capsys
):
    assert settings.STAFF_ACTIVITY_RETENTION_DAYS == 2190
    now = timezone.now()
    for days in (2191, 2189, 1):
        StaffActivity.objects.create(
            username=f"aged-{days}", action=StaffActivity.Action.SIGNED_IN, at=now - timedelta(days)
        )
    call_command("purge_staff_activity", "--dry-run")
    assert "Would delete 1 staff activity record older than 2190 days." in capsys.readouterr().out
    assert StaffActivity.objects.count() == 3
    call_command("purge_staff_activity")
    assert "Deleted 1 staff activity record older than 2190 days" in capsys.readouterr().out
    assert sorted(StaffActivity.objects.values_list("username", flat=True)) == [
        "aged-1",
        "aged-2189",
    ]
    call_command("purge_staff_activity")
    assert "Deleted 0 staff activity records" in capsys.readouterr().out

    settings.STAFF_ACTIVITY_RETENTION_DAYS = 30
    call_command("purge_staff_activity")
    assert list(StaffActivity.objects.values_list("username", flat=True)) == ["aged-1"]
