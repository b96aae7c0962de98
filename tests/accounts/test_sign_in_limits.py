"""Security review F8 and F12: guessing spread over many addresses pauses the account (and a
practice manager unlocks it); a staff session ends ten hours after signing in however busy."""

import time

import time_machine
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from clinic_site.models import StaffActivity
from tests.support.staff import admin_sign_in, staff_sign_in

from .conftest import PASSWORD

INDEX = reverse("admin:index")


def addresses(count: int) -> list[str]:
    return [f"198.51.100.{number}" for number in range(1, count + 1)]


@override_settings(AXES_ENABLED=True, TRUSTED_PROXY_COUNT=0)
def test_guesses_from_many_addresses_pause_the_account_until_a_manager_unlocks_it(
    colleague, manager_client, settings
):
    # Four guesses from each address stay under django-axes's five per address...
    for address in addresses(5):
        for _ in range(4):
            response = admin_sign_in(
                Client(), username="cole", password="a guess", REMOTE_ADDR=address
            )
            assert response.status_code == 200
    # ...but twenty for the one account pause it, from any address, even with the password.
    assert settings.STAFF_SIGN_IN_FAILURE_LIMIT == 20
    paused = admin_sign_in(Client(), username="cole", password=PASSWORD, REMOTE_ADDR="192.0.2.9")
    assert paused.status_code == 429
    html = paused.content.decode()
    assert "<h1>Signing in is paused</h1>" in html
    assert "Ask your practice manager to unlock it" in html
    assert (
        StaffActivity.objects.filter(
            username="cole", action=StaffActivity.Action.SIGN_IN_PAUSED
        ).count()
        == 1
    )
    assert [message.to for message in mail.outbox] == [["cole@clinic.example"]]
    assert "Signing in to your account is paused" in mail.outbox[0].subject

    # The practice manager sees it on the person's page, and unlocks it after confirming.
    page = manager_client.get(reverse("admin:auth_user_change", args=[colleague.pk]))
    assert "Sign-in paused" in page.content.decode()
    unlock = reverse("admin:auth_user_unlock_sign_in", args=[colleague.pk])
    assert f'href="{unlock}"' in page.content.decode()
    confirm = manager_client.get(unlock)
    assert "<h1>Unlock sign-in: Cole</h1>" in confirm.content.decode()
    assert manager_client.post(unlock)["Location"] == reverse(
        "admin:auth_user_change", args=[colleague.pk]
    )
    record = StaffActivity.objects.get(action=StaffActivity.Action.SIGN_IN_UNLOCKED)
    assert (record.username, record.subject_username) == ("maria", "cole")

    signed_in = admin_sign_in(Client(), username="cole", password=PASSWORD, REMOTE_ADDR="192.0.2.9")
    assert signed_in["Location"] == INDEX


@override_settings(AXES_ENABLED=True, TRUSTED_PROXY_COUNT=0)
def test_a_paused_account_is_refused_before_its_password_is_checked(colleague):
    StaffActivity.objects.bulk_create(
        StaffActivity(username="cole", action=StaffActivity.Action.WRONG_PASSWORD)
        for _ in range(20)
    )
    wrong = admin_sign_in(Client(), username="cole", password="a guess")
    right = admin_sign_in(Client(), username="cole", password=PASSWORD)
    assert wrong.status_code == right.status_code == 429
    assert wrong.content == right.content, "the page tells nothing about the password"


def test_a_pause_lifts_a_day_after_the_last_failures(colleague):
    StaffActivity.objects.bulk_create(
        StaffActivity(username="cole", action=StaffActivity.Action.WRONG_CODE) for _ in range(20)
    )
    assert admin_sign_in(Client(), username="cole", password=PASSWORD).status_code == 429
    with time_machine.travel(time.time() + 24 * 60 * 60 + 60):
        assert admin_sign_in(Client(), username="cole", password=PASSWORD)["Location"] == INDEX


def test_only_managers_and_superusers_unlock_and_not_a_superuser_by_a_manager(
    colleague, superuser, manager_client
):
    colleague_client = Client()
    staff_sign_in(colleague_client, colleague)
    unlock_manager = reverse("admin:auth_user_unlock_sign_in", args=[superuser.pk])
    assert colleague_client.get(unlock_manager).status_code == 403
    assert manager_client.post(unlock_manager).status_code == 403
    assert not StaffActivity.objects.filter(action=StaffActivity.Action.SIGN_IN_UNLOCKED)


def test_a_busy_staff_session_still_ends_ten_hours_after_signing_in(colleague):
    client = Client()
    with time_machine.travel(time.time(), tick=False) as traveller:
        staff_sign_in(client, colleague)
        # Busy all day: a request every 25 minutes keeps the idle limit from ending it.
        for _ in range(23):  # 9 hours 35 minutes
            traveller.shift(25 * 60)
            assert client.get(INDEX).status_code == 200
        traveller.shift(26 * 60)  # 10 hours 1 minute after signing in
        response = client.get(INDEX)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
        assert "_auth_user_id" not in client.session
