"""Security review F1: setting up a second factor starts only from a one-time, expiring link
emailed to the person; each set-up attempt has a key no other session sees; an abandoned set-up
expires; "password right, code not yet given" is recorded."""

import time
from datetime import timedelta

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SetUpLink
from accounts.services import set_up_link_create
from clinic_site.models import StaffActivity
from clinic_site.second_factor import second_factor_reset
from tests.support.staff import Authenticator

from .conftest import PASSWORD

LOGIN = reverse("admin:login")
SECOND_FACTOR = reverse("admin:second_factor")
INDEX = reverse("admin:index")


def link_for(user) -> str:
    token = set_up_link_create(user=user, purpose=SetUpLink.Purpose.SECOND_FACTOR)
    return reverse("admin:auth_user_set_up_link", args=[token])


def link_follow(client: Client, link: str, *, password: str = PASSWORD):
    opened = client.get(link)
    if opened.status_code != 302:
        return opened
    return client.post(opened["Location"], {"password": password})


def password_step(client: Client, user):
    return client.post(
        LOGIN, {"username": user.get_username(), "password": PASSWORD, "next": INDEX}
    )


def set_up_page(client: Client) -> str:
    return client.get(SECOND_FACTOR).content.decode()


def test_the_password_alone_shows_no_set_up_key_for_a_reset_account(colleague):
    second_factor_reset(user=colleague)
    attacker = Client()
    assert password_step(attacker, colleague)["Location"].startswith(SECOND_FACTOR)
    page = set_up_page(attacker)
    assert "<h1>Use the link in your email to set up</h1>" in page
    assert "second-factor-key" not in page and "data:image/svg" not in page
    assert not TOTPDevice.objects.filter(user=colleague).exists(), "no key was even made"
    # Password right, code not given: on record (security review F8).
    assert StaffActivity.objects.filter(
        username="cole", action=StaffActivity.Action.PASSWORD_ACCEPTED
    ).exists()
    # And the half-finished sign-in is gone: a code posted now goes back to the login page.
    assert attacker.post(SECOND_FACTOR, {"code": "123456"})["Location"] == LOGIN


def test_two_sessions_setting_up_at_once_see_different_keys(colleague):
    """Before the fix both sessions were shown the one unconfirmed device's key, and the
    attacker's copy became the account's second factor when the real person confirmed it."""
    second_factor_reset(user=colleague)
    person, attacker = Client(), Client()
    assert link_follow(person, link_for(colleague))["Location"] == SECOND_FACTOR
    assert link_follow(attacker, link_for(colleague))["Location"] == SECOND_FACTOR
    phone, copied = Authenticator(), Authenticator()
    phone.set_up_from(set_up_page(person))
    copied.set_up_from(set_up_page(attacker))
    assert phone.key != copied.key

    assert person.post(SECOND_FACTOR, {"code": phone.code()}).status_code == 302
    assert person.get(INDEX).status_code == 200
    # The other attempt's key is deleted with it: it never signs in.
    wrong = attacker.post(SECOND_FACTOR, {"code": copied.code()})
    assert wrong.status_code != 302 or wrong["Location"] == LOGIN
    assert attacker.get(INDEX).status_code == 302
    assert TOTPDevice.objects.filter(user=colleague).count() == 1
    assert StaffActivity.objects.filter(action=StaffActivity.Action.SET_UP_STARTED).count() == 2


def test_a_set_up_link_works_once(colleague):
    second_factor_reset(user=colleague)
    link = link_for(colleague)
    first = Client()
    assert link_follow(first, link)["Location"] == SECOND_FACTOR
    used = link_follow(Client(), link)
    assert used.status_code == 200
    assert "<h1>This link no longer works</h1>" in used.content.decode()


def test_opening_a_link_does_not_use_it_up(colleague):
    """Mail scanners open links: only sending the form uses one."""
    second_factor_reset(user=colleague)
    link = link_for(colleague)
    scanner = Client()
    scanned = scanner.get(link)
    assert scanner.get(scanned["Location"]).status_code == 200
    assert link_follow(Client(), link)["Location"] == SECOND_FACTOR


def test_a_set_up_link_needs_the_accounts_password(colleague):
    second_factor_reset(user=colleague)
    link = link_for(colleague)
    client = Client()
    response = link_follow(client, link, password="not the password")
    assert response.status_code == 200
    assert "That is not the password of this account." in response.content.decode()
    assert "second-factor-key" not in set_up_page(client)
    assert link_follow(client, link)["Location"] == SECOND_FACTOR, "not used up by a mistake"


def test_a_set_up_link_expires_and_a_newer_one_replaces_it(colleague, settings):
    second_factor_reset(user=colleague)
    old = link_for(colleague)
    new = link_for(colleague)
    assert "no longer works" in link_follow(Client(), old).content.decode()
    later = timezone.now() + timedelta(hours=settings.STAFF_SET_UP_LINK_HOURS, minutes=1)
    with time_machine.travel(later):
        assert "no longer works" in link_follow(Client(), new).content.decode()


def test_a_set_up_left_unfinished_expires(colleague):
    second_factor_reset(user=colleague)
    client = Client()
    link_follow(client, link_for(colleague))
    phone = Authenticator()
    phone.set_up_from(set_up_page(client))
    with time_machine.travel(time.time() + 31 * 60):
        # Signing in again with the password leads to no set-up screen: the grant has gone.
        password_step(client, colleague)
        page = set_up_page(client)
        assert "second-factor-key" not in page
        assert "Use the link in your email" in page
        # A new link starts a new set-up with a new key; the abandoned one is deleted.
        fresh = Client()
        link_follow(fresh, link_for(colleague))
        again = Authenticator()
        again.set_up_from(set_up_page(fresh))
        assert again.key != phone.key
        assert TOTPDevice.objects.filter(user=colleague).count() == 1


def test_the_first_superuser_gets_a_link_from_the_command_line(db, capsys):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    first = get_user_model().objects.create_superuser("first", "first@clinic.example", PASSWORD)
    signing_in = Client()
    password_step(signing_in, first)
    assert "<code>manage.py staff_set_up_link first</code>" in set_up_page(signing_in)
    call_command("staff_set_up_link", "first")
    link = capsys.readouterr().out.strip()
    assert link.startswith("http://127.0.0.1:8000/admin/auth/user/welcome/")
    client = Client()
    assert (
        link_follow(client, link.removeprefix("http://127.0.0.1:8000"))["Location"] == SECOND_FACTOR
    )
    assert "second-factor-key" in set_up_page(client)
