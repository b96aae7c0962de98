"""The second factor: no admin page without it, codes that work once, the lockout counting wrong
codes, set-up from a one-time link, backup codes, a superuser's reset, and the record of it all.
The set-up link's own rules (security review F1): tests/accounts/test_set_up_links.py."""

import time

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SetUpLink
from accounts.services import set_up_link_create
from clinic_site.models import StaffActivity
from tests.support.staff import (
    Authenticator,
    admin_sign_in,
    device_code,
    staff_device,
    staff_sign_in,
)

PASSWORD = "correct horse battery staple 42"
INDEX = reverse("admin:index")
SECOND_FACTOR = reverse("admin:second_factor")
LOGIN = reverse("admin:login")
# Admin pages of every kind, the content app's extra views among them.
ADMIN_PAGES = [
    INDEX,
    reverse("admin:auth_user_changelist"),
    reverse("admin:consultations_consultationrequest_changelist"),
    reverse("admin:content_page_changelist"),
    reverse("admin:clinic_site_staffactivity_changelist"),
    reverse("admin:backup_codes"),
    reverse("admin:password_change"),
]


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_superuser("frontdesk", "f@clinic.example", PASSWORD)


def password_step(client: Client, *, username: str = "frontdesk", password: str = PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password, "next": INDEX})


def code_step(client: Client, code: str, *, next_url: str = INDEX):
    return client.post(SECOND_FACTOR, {"code": code, "next": next_url})


def set_up_link_follow(client: Client, user, *, password: str = PASSWORD):
    """Open a fresh set-up link (as emailed after a reset) and give the password."""
    token = set_up_link_create(user=user, purpose=SetUpLink.Purpose.SECOND_FACTOR)
    opened = client.get(reverse("admin:auth_user_set_up_link", args=[token]))
    assert opened.status_code == 302
    return client.post(opened["Location"], {"password": password})


def assert_no_admin_page(client: Client) -> None:
    for path in ADMIN_PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(LOGIN), path


def test_a_right_password_alone_reaches_no_admin_page(client, staff):
    staff_device(staff)
    response = password_step(client)
    assert response.status_code == 302
    assert response["Location"] == f"{SECOND_FACTOR}?next=%2Fadmin%2F"
    assert "_auth_user_id" not in client.session, "nobody is signed in yet"
    assert_no_admin_page(client)
    page = client.get(SECOND_FACTOR).content.decode()
    assert "<h1>Enter your code</h1>" in page
    assert 'autocomplete="one-time-code"' in page


def test_a_signed_in_session_without_the_second_factor_is_refused_and_signed_out(client, staff):
    client.force_login(staff)  # as if some other path had signed them in
    assert_no_admin_page(client)
    assert client.get(LOGIN).status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_right_code_signs_in_and_shows_the_admin(client, staff):
    device = staff_device(staff)
    password_step(client)
    response = code_step(client, device_code(device))
    assert response.status_code == 302
    assert response["Location"] == INDEX
    for path in ADMIN_PAGES:
        assert client.get(path).status_code == 200, path


def test_a_used_code_cannot_be_replayed(client, staff):
    device = staff_device(staff)
    code = device_code(device)
    password_step(client)
    assert code_step(client, code)["Location"] == INDEX
    client.logout()

    password_step(client)
    response = code_step(client, code)
    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()
    assert_no_admin_page(client)
    # The next code the app shows works.
    with time_machine.travel(time.time() + 30):
        assert code_step(client, device_code(device))["Location"] == INDEX


def test_a_code_from_a_past_or_future_minute_is_refused(client, staff):
    device = staff_device(staff)
    password_step(client)
    for offset in (-120, 120):
        response = code_step(client, device_code(device, at=time.time() + offset))
        assert response.status_code == 200, offset
    assert_no_admin_page(client)


def test_set_up_from_a_link_shows_the_app_then_backup_codes_once(client, staff):
    response = set_up_link_follow(client, staff)
    assert response["Location"] == SECOND_FACTOR
    page = client.get(SECOND_FACTOR).content.decode()
    assert "<h1>Set up your second factor</h1>" in page
    assert '<img src="data:image/svg+xml;base64,' in page, "the QR code is served by the site"
    phone = Authenticator()
    phone.set_up_from(page)
    reloaded = Authenticator()
    reloaded.set_up_from(client.get(SECOND_FACTOR).content.decode())
    assert reloaded.key == phone.key, "a reload in the same session shows the same key"
    assert_no_admin_page(client)

    response = code_step(client, phone.code())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:backup_codes"))
    codes_page = client.get(response["Location"])
    assert codes_page.status_code == 200
    phone.keep_backup_codes_from(codes_page.content.decode())
    assert len(phone.backup_codes) == 10
    assert 'href="/admin/"' in codes_page.content.decode(), "continue to the admin"
    again = client.get(reverse("admin:backup_codes")).content.decode()
    assert phone.backup_codes[0] not in again, "shown only once"

    assert client.get(INDEX).status_code == 200
    assert TOTPDevice.objects.get(user=staff).confirmed
    assert StaffActivity.objects.filter(
        user=staff, action=StaffActivity.Action.SECOND_FACTOR_SET_UP
    ).exists()
    assert [message.subject for message in mail.outbox] == [
        "Riverside Ketamine Clinic: A new second factor was set up for your account"
    ]


def test_a_wrong_code_while_setting_up_confirms_nothing(client, staff):
    set_up_link_follow(client, staff)
    client.get(SECOND_FACTOR)
    assert code_step(client, "000000").status_code == 200
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    assert_no_admin_page(client)


def test_each_backup_code_signs_in_once(client, staff):
    staff_device(staff)
    phone = Authenticator()
    device = StaticDevice.objects.create(user=staff, name="Backup codes")
    for token in ("aaaa2222", "bbbb3333"):
        StaticToken.objects.create(device=device, token=token)
    phone.backup_codes = ["bbbb3333", "aaaa2222"]

    password_step(client)
    assert code_step(client, "AAAA 2222")["Location"] == INDEX, "spaces and capitals are fine"
    client.logout()

    password_step(client)
    assert code_step(client, "aaaa2222").status_code == 200, "a used backup code is refused"
    with time_machine.travel(time.time() + 5):  # past django-otp's pause after a wrong code
        assert code_step(client, "bbbb3333")["Location"] == INDEX
    assert not StaticToken.objects.filter(device=device).exists()


def test_new_backup_codes_need_a_current_code_and_replace_the_old_ones(client, staff):
    device = staff_sign_in(client, staff)
    StaticToken.objects.create(
        device=StaticDevice.objects.create(user=staff, name="old"), token="oldoldol"
    )
    # Security review F12: the session alone (someone at an unlocked screen) is not enough.
    refused = client.post(reverse("admin:backup_codes"), {"next": INDEX})
    assert refused.status_code == 200
    assert "Enter the code from your authenticator app" in refused.content.decode()
    wrong = client.post(reverse("admin:backup_codes"), {"code": "000000", "next": INDEX})
    assert "That code did not work" in wrong.content.decode()
    assert StaticToken.objects.filter(token="oldoldol").exists()
    assert not mail.outbox

    with time_machine.travel(time.time() + 5):  # past django-otp's pause after a wrong code
        response = client.post(
            reverse("admin:backup_codes"), {"code": device_code(device), "next": INDEX}
        )
        phone = Authenticator()
        phone.keep_backup_codes_from(client.get(response["Location"]).content.decode())
    assert len(phone.backup_codes) == 10
    assert not StaticToken.objects.filter(token="oldoldol").exists()
    assert StaffActivity.objects.filter(action=StaffActivity.Action.BACKUP_CODES_MADE).exists()
    assert mail.outbox[0].to == ["f@clinic.example"]
    assert "New backup codes were made" in mail.outbox[0].subject


@override_settings(AXES_ENABLED=True)
def test_five_wrong_codes_lock_the_account_out(client, staff):
    device = staff_device(staff)
    password_step(client)
    for _ in range(4):
        response = code_step(client, "000000")
        assert response.status_code == 200
        assert "That code did not work" in response.content.decode()
    response = code_step(client, "000000")
    assert response.status_code == 429
    assert "<h1>Signing in is paused</h1>" in response.content.decode()

    # Neither the right code nor the right password gets in during the cool-off.
    with time_machine.travel(time.time() + 60):
        assert code_step(client, device_code(device))["Location"] == LOGIN
        assert password_step(client).status_code == 429
        assert_no_admin_page(client)
    assert StaffActivity.objects.filter(action=StaffActivity.Action.WRONG_CODE).count() == 5


@override_settings(AXES_ENABLED=True)
def test_the_right_password_again_does_not_clear_the_count_of_wrong_codes(client, staff):
    staff_device(staff)
    password_step(client)
    for _ in range(3):
        code_step(client, "000000")
    assert password_step(client)["Location"].startswith(SECOND_FACTOR)
    code_step(client, "000000")
    assert code_step(client, "000000").status_code == 429


@override_settings(AXES_ENABLED=True)
def test_wrong_passwords_and_wrong_codes_count_together(client, staff):
    staff_device(staff)
    for _ in range(2):
        assert password_step(client, password="wrong password").status_code == 200
    password_step(client)
    code_step(client, "000000")
    code_step(client, "111111")
    assert code_step(client, "222222").status_code == 429


def test_the_second_step_expires_after_ten_minutes(client, staff):
    device = staff_device(staff)
    password_step(client)
    with time_machine.travel(time.time() + 11 * 60):
        response = code_step(client, device_code(device))
        assert response["Location"] == LOGIN
        assert_no_admin_page(client)


def test_the_second_step_never_leads_off_the_site(client, staff):
    device = staff_device(staff)
    password_step(client)
    response = code_step(client, device_code(device), next_url="https://elsewhere.example/")
    assert response["Location"] == INDEX


def test_the_second_step_without_a_password_goes_back_to_the_login_page(client, staff):
    assert client.get(SECOND_FACTOR)["Location"] == LOGIN
    assert code_step(client, "123456")["Location"] == LOGIN


@pytest.fixture
def colleague(db):
    user = get_user_model().objects.create_user(
        "colleague", password="another long password 7", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Front desk"))
    return user


def reset_second_factor(client: Client, user):
    return client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [user.pk]},
    )


def test_a_superuser_resets_a_colleagues_second_factor_and_it_is_recorded(staff, colleague):
    colleague_client = Client()
    staff_sign_in(colleague_client, colleague)
    StaticDevice.objects.create(user=colleague, name="Backup codes")
    assert colleague_client.get(INDEX).status_code == 200

    superuser_client = Client()
    staff_sign_in(superuser_client, staff)
    listing = superuser_client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "Reset the second factor of selected accounts" in listing
    assert reset_second_factor(superuser_client, colleague).status_code == 302

    assert not TOTPDevice.objects.filter(user=colleague).exists()
    assert not StaticDevice.objects.filter(user=colleague).exists()
    record = StaffActivity.objects.get(action=StaffActivity.Action.SECOND_FACTOR_RESET)
    assert (record.user, record.username, record.subject_username) == (
        staff,
        "frontdesk",
        "colleague",
    )
    # Their session is no longer verified; the password alone shows no set-up key, the link
    # emailed to them does.
    assert_no_admin_page(colleague_client)
    password_step(colleague_client, username="colleague", password="another long password 7")
    page = colleague_client.get(SECOND_FACTOR).content.decode()
    assert "<h1>Use the link in your email to set up</h1>" in page
    assert "second-factor-key" not in page
    assert SetUpLink.objects.filter(user=colleague).usable().count() == 1


def test_only_superusers_may_reset_a_second_factor(staff, colleague):
    colleague.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "change_user"])
    )
    client = Client()
    staff_sign_in(client, colleague)
    listing = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "Reset the second factor" not in listing
    staff_device(staff)
    reset_second_factor(client, staff)
    assert TOTPDevice.objects.filter(user=staff).exists()
    assert not StaffActivity.objects.filter(action=StaffActivity.Action.SECOND_FACTOR_RESET)


@override_settings(AXES_ENABLED=True)
def test_sign_ins_and_failed_sign_ins_are_recorded_with_the_address(client, staff):
    staff_device(staff)
    password_step(client, password="wrong password")
    password_step(client, username="nobody")
    password_step(client)
    code_step(client, "000000")
    with time_machine.travel(time.time() + 5):
        admin_sign_in(client, username="frontdesk", password=PASSWORD)
    records = list(
        StaffActivity.objects.order_by("pk").values_list("username", "action", "ip_address")
    )
    assert records == [
        ("frontdesk", StaffActivity.Action.WRONG_PASSWORD, "127.0.0.1"),
        ("nobody", StaffActivity.Action.WRONG_PASSWORD, "127.0.0.1"),
        ("frontdesk", StaffActivity.Action.PASSWORD_ACCEPTED, "127.0.0.1"),
        ("frontdesk", StaffActivity.Action.WRONG_CODE, "127.0.0.1"),
        ("frontdesk", StaffActivity.Action.PASSWORD_ACCEPTED, "127.0.0.1"),
        ("frontdesk", StaffActivity.Action.SIGNED_IN, "127.0.0.1"),
    ]


def test_superusers_read_the_records_and_nobody_edits_them(staff, colleague):
    StaffActivity.objects.create(username="frontdesk", action=StaffActivity.Action.SIGNED_IN)
    record = StaffActivity.objects.get()
    superuser_client = Client()
    staff_sign_in(superuser_client, staff)
    listing = superuser_client.get(reverse("admin:clinic_site_staffactivity_changelist"))
    assert listing.status_code == 200
    assert "Signed in" in listing.content.decode()
    change = reverse("admin:clinic_site_staffactivity_change", args=[record.pk])
    page = superuser_client.get(change).content.decode()
    assert 'name="username"' not in page, "read-only"
    assert superuser_client.get(reverse("admin:clinic_site_staffactivity_add")).status_code == 403
    views = superuser_client.get(reverse("admin:consultations_consultationrequestview_changelist"))
    assert views.status_code == 200

    colleague_client = Client()
    staff_sign_in(colleague_client, colleague)
    index = colleague_client.get(INDEX).content.decode()
    assert "Staff sign-in activity" not in index
    assert (
        colleague_client.get(reverse("admin:clinic_site_staffactivity_changelist")).status_code
        == 403
    )


def test_every_admin_page_offers_new_backup_codes_to_a_signed_in_member_of_staff(staff):
    client = Client()
    staff_sign_in(client, staff)
    html = client.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("admin:backup_codes")}"' in html
