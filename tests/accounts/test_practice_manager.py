"""The practice manager: invites staff with a role, sets roles, edits the clinic's details and
runs the buttons on a person's page, without being a superuser or able to make one. The person
invited signs in with their own password and second factor and meets no false "wrong password"."""

import re
from datetime import timedelta

import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SetUpLink
from clinic_site.models import SiteSettings, StaffActivity
from tests.support.staff import Authenticator, admin_sign_in, staff_sign_in

from .conftest import PASSWORD

INVITE = reverse("admin:auth_user_invite")
SECOND_FACTOR = reverse("admin:second_factor")
CHOSEN = "my own long passphrase 77"


def invite(client: Client, **fields):
    return client.post(
        INVITE,
        {
            "email": "Dana@Clinic.example",
            "first_name": "Dana",
            "last_name": "Reyes",
            "role": "Front desk",
            **fields,
        },
    )


def emailed_link() -> str:
    match = re.search(
        r"http://127\.0\.0\.1:8000(/admin/auth/user/welcome/\S+/)", mail.outbox[-1].body
    )
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_the_practice_manager_group_is_no_superuser(db):
    group = Group.objects.get(name="Practice manager")
    codenames = set(group.permissions.values_list("codename", flat=True))
    clinic_records = {
        f"{action}_{model}"
        for action in ("add", "change", "view")
        for model in ("teammember", "place", "treatment")
    }  # drafted for review like the clinic's details (clinic/migrations/0002)
    # The logo is a library image: chosen there, or added (clinic_site/migrations/0009).
    image_library = {"add_image", "change_image", "view_image"}
    assert codenames == {
        "view_user",
        "add_user",
        "change_user",
        "view_sitesettings",
        "change_sitesettings",
        "view_staffactivity",
        *clinic_records,
        *image_library,
    }
    assert "delete_image" not in codenames, "a delete takes an image off every page"
    assert "publish_page" not in codenames, "a manager drafts; clinical reviewers publish"


def test_a_manager_invites_a_colleague_who_sets_up_and_signs_in(manager_client, settings):
    listing = manager_client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert f'href="{INVITE}"' in listing and "Invite a colleague" in listing
    page = manager_client.get(INVITE).content.decode()
    for role in ("Content editor", "Clinical reviewer", "Front desk", "Practice manager"):
        assert f'value="{role}"' in page
    response = invite(manager_client)
    dana = get_user_model().objects.get(email="Dana@Clinic.example")
    assert response["Location"] == reverse("admin:auth_user_change", args=[dana.pk])
    assert (dana.username, dana.is_staff, dana.is_active, dana.is_superuser) == (
        "dana@clinic.example",
        True,
        True,
        False,
    )
    assert list(dana.groups.values_list("name", flat=True)) == ["Front desk"]
    assert not dana.has_usable_password()
    assert mail.outbox[0].to == ["Dana@Clinic.example"]
    assert "Your username is: dana@clinic.example" in mail.outbox[0].body
    record = StaffActivity.objects.get(action=StaffActivity.Action.INVITED)
    assert (record.username, record.subject_username) == ("maria", "dana@clinic.example")

    # Dana opens the link: she chooses her password, then sets up her app, then she is in.
    dana_client = Client()
    opened = dana_client.get(emailed_link())
    welcome = dana_client.get(opened["Location"]).content.decode()
    assert "<h1>Welcome: choose your password</h1>" in welcome
    chosen = dana_client.post(
        opened["Location"], {"new_password1": CHOSEN, "new_password2": CHOSEN}
    )
    assert chosen["Location"] == SECOND_FACTOR
    phone = Authenticator()
    phone.set_up_from(dana_client.get(SECOND_FACTOR).content.decode())
    codes = dana_client.post(SECOND_FACTOR, {"code": phone.code()})
    assert codes["Location"].startswith(reverse("admin:backup_codes"))
    assert dana_client.get(reverse("admin:index")).status_code == 200

    # Next day, the usual sign-in works: staff status and all were set by the invitation.
    dana_client.logout()
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        signed_in = admin_sign_in(
            Client(), username="dana@clinic.example", password=CHOSEN, code=phone.code()
        )
        assert signed_in["Location"] == reverse("admin:index")
    assert StaffActivity.objects.filter(
        username="dana@clinic.example", action=StaffActivity.Action.INVITE_ACCEPTED
    ).exists()


def test_an_invitation_link_works_once_and_expires(manager_client, settings):
    invite(manager_client)
    link = emailed_link()
    first = Client()
    opened = first.get(link)
    first.post(opened["Location"], {"new_password1": CHOSEN, "new_password2": CHOSEN})
    again = Client().get(link)
    assert "<h1>This link no longer works</h1>" in again.content.decode()

    invite(manager_client, email="eve@clinic.example")
    later = timezone.now() + timedelta(hours=settings.STAFF_SET_UP_LINK_HOURS, minutes=1)
    with time_machine.travel(later):
        assert "no longer works" in Client().get(emailed_link()).content.decode()


def test_the_invited_persons_password_alone_sets_up_nothing(manager_client):
    """Whoever learns the password chosen from the invitation still needs the link's session."""
    invite(manager_client)
    client = Client()
    opened = client.get(emailed_link())
    client.post(opened["Location"], {"new_password1": CHOSEN, "new_password2": CHOSEN})
    other = Client()
    other.post(reverse("admin:login"), {"username": "dana@clinic.example", "password": CHOSEN})
    assert "second-factor-key" not in other.get(SECOND_FACTOR).content.decode()


def test_a_manager_cannot_make_anyone_a_superuser(manager_client, colleague, superuser):
    # Django's add form (with its password fields) leads to the invitation instead.
    assert manager_client.get(reverse("admin:auth_user_add"))["Location"] == INVITE
    invite(manager_client, is_superuser="on", is_staff="on")
    assert not get_user_model().objects.get(email="Dana@Clinic.example").is_superuser

    change = reverse("admin:auth_user_change", args=[colleague.pk])
    page = manager_client.get(change).content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="user_permissions"' not in page, "no raw permission lists"
    assert "Can sign in" in page
    response = manager_client.post(
        change,
        {
            "first_name": "Cole",
            "last_name": "",
            "email": "cole@clinic.example",
            "groups": [Group.objects.get(name="Content editor").pk],
            "is_active": "on",
            "is_superuser": "on",
            "user_permissions": ["1", "2"],
        },
    )
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert not colleague.is_superuser
    assert not colleague.user_permissions.exists()
    assert list(colleague.groups.values_list("name", flat=True)) == ["Content editor"]
    assert colleague.check_password(PASSWORD), "their password is untouched"

    # Nor change a superuser's account (its email address would lead to its password).
    superuser_page = reverse("admin:auth_user_change", args=[superuser.pk])
    manager_client.post(superuser_page, {"email": "maria@clinic.example", "is_active": ""})
    superuser.refresh_from_db()
    assert (superuser.email, superuser.is_active) == ("root@clinic.example", True)
    assert (
        manager_client.get(
            reverse("admin:auth_user_password_change", args=[colleague.pk])
        ).status_code
        == 403
    )


def test_a_manager_edits_the_clinics_details_but_sees_no_axes_or_groups(
    manager_client, superuser_client
):
    row, _ = SiteSettings.objects.get_or_create(pk=1)
    settings_page = reverse("admin:clinic_site_sitesettings_change", args=[row.pk])
    assert manager_client.get(settings_page).status_code == 200
    index = manager_client.get(reverse("admin:index")).content.decode()
    assert "Site settings" in index and "Staff sign-in activity" in index
    assert "Axes" not in index and "Access attempts" not in index
    assert manager_client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403
    assert manager_client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert superuser_client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200


def test_reset_second_factor_from_the_persons_page_confirms_records_and_emails_a_link(
    manager_client, colleague
):
    change = reverse("admin:auth_user_change", args=[colleague.pk])
    reset = reverse("admin:auth_user_reset_second_factor", args=[colleague.pk])
    page = manager_client.get(change).content.decode()
    assert f'href="{reset}"' in page and "Second factor: set up." in page
    confirm = manager_client.get(reset).content.decode()
    assert "<h1>Reset second factor: Cole</h1>" in confirm
    assert TOTPDevice.objects.filter(user=colleague).exists(), "a GET changes nothing"

    assert manager_client.post(reset)["Location"] == change
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    record = StaffActivity.objects.get(action=StaffActivity.Action.SECOND_FACTOR_RESET)
    assert (record.username, record.subject_username) == ("maria", "cole")
    subjects = [message.subject for message in mail.outbox]
    assert subjects == [
        "Riverside Ketamine Clinic: Your second factor was reset",
        "Riverside Ketamine Clinic: Set up your new second factor",
    ]
    assert SetUpLink.objects.filter(user=colleague).usable().count() == 1
    assert "Second factor: not set up." in manager_client.get(change).content.decode()


def test_other_staff_have_no_buttons_or_invitations(colleague, manager):
    client = Client()
    staff_sign_in(client, colleague)
    assert client.get(INVITE).status_code == 403
    assert (
        client.post(reverse("admin:auth_user_reset_second_factor", args=[manager.pk])).status_code
        == 403
    )
    assert TOTPDevice.objects.filter(user=manager).exists()


def test_a_button_for_an_account_that_does_not_exist_is_not_found(manager_client):
    for object_id in ("999999", "not-a-number"):
        path = reverse("admin:auth_user_unlock_sign_in", args=[object_id])
        assert manager_client.get(path).status_code == 404, object_id


def test_sending_the_invitation_again_replaces_the_first_link(manager_client):
    invite(manager_client)
    first_link = emailed_link()
    dana = get_user_model().objects.get(email="Dana@Clinic.example")
    resend = reverse("admin:auth_user_send_invitation", args=[dana.pk])
    page = manager_client.get(reverse("admin:auth_user_change", args=[dana.pk])).content.decode()
    assert f'href="{resend}"' in page
    assert "<h1>Send the invitation again: Dana Reyes</h1>" in (
        manager_client.get(resend).content.decode()
    )
    manager_client.post(resend)
    assert len(mail.outbox) == 2
    assert "no longer works" in Client().get(first_link).content.decode()
    client = Client()
    opened = client.get(emailed_link())
    assert "Welcome: choose your password" in client.get(opened["Location"]).content.decode()
