"""Staff accounts: invitations, one-time set-up links, a second factor's reset, unlocking sign-in.

A practice manager (or a superuser) does these from a person's page in the admin
(accounts/admin.py); each is recorded in the staff sign-in activity and the person is emailed.
The links carry the site's address from SITE_URL, never from the request's Host header.
"""

import logging
import secrets
import smtplib
from datetime import timedelta

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from clinic_site.models import SiteSettings, StaffActivity
from clinic_site.second_factor import second_factor_reset
from clinic_site.staff_activity import sign_in_paused, staff_activity_record, staff_notice_send

from .models import SetUpLink, link_token_hash

PRACTICE_MANAGER_GROUP = "Practice manager"
# The roles a practice manager gives; each is a group made by a migration.
ROLE_GROUPS = ["Content editor", "Clinical reviewer", "Front desk", PRACTICE_MANAGER_GROUP]

logger = logging.getLogger(__name__)


def staff_manage_allowed(*, by, user) -> bool:
    """Whether `by` may reset, unlock or re-invite `user`: superusers anyone; a practice
    manager (who may change accounts) anyone but a superuser."""
    if by.is_superuser:
        return True
    return by.has_perm("auth.change_user") and not user.is_superuser


def staff_invite_allowed(*, by) -> bool:
    return by.is_superuser or by.has_perm("auth.add_user")


def site_address(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def set_up_link_create(*, user, purpose: SetUpLink.Purpose, created_by: str = "") -> str:
    """Make a one-time link for the user and return its token; earlier links stop working."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        SetUpLink.objects.filter(user=user).usable().update(expires_at=now)
        SetUpLink.objects.create(
            user=user,
            purpose=purpose,
            token_hash=link_token_hash(token),
            created_at=now,
            expires_at=now + timedelta(hours=settings.STAFF_SET_UP_LINK_HOURS),
            created_by=created_by[:150],
        )
    return token


def set_up_link_find(*, token: str) -> SetUpLink | None:
    """The usable link with this token, or None (unknown, used, expired or replaced)."""
    if not token or len(token) > 100:
        return None
    return (
        SetUpLink.objects.usable()
        .select_related("user")
        .filter(token_hash=link_token_hash(token), user__is_active=True)
        .first()
    )


def set_up_link_use(*, link: SetUpLink) -> bool:
    """Mark the link used; False if another request used it first (it works once)."""
    used = SetUpLink.objects.usable().filter(pk=link.pk).update(used_at=timezone.now())
    return used == 1


def staff_email_send(*, user, subject: str, template: str, context: dict) -> bool:
    """Send one email to a member of staff; False (and a log line) if the mail server failed."""
    if not user.email:
        return False
    clinic = SiteSettings.load().clinic_name
    try:
        send_mail(
            subject=f"{clinic}: {subject}",
            message=render_to_string(template, {"clinic_name": clinic, "user": user, **context}),
            from_email=None,
            recipient_list=[user.email],
        )
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("Staff email not sent: %s", type(error).__name__)
        return False
    return True


def set_up_link_send(*, user, purpose: SetUpLink.Purpose, sent_by: str) -> bool:
    """Make a new link and email it to the user; False if it could not be sent."""
    token = set_up_link_create(user=user, purpose=purpose, created_by=sent_by)
    invitation = purpose == SetUpLink.Purpose.INVITATION
    return staff_email_send(
        user=user,
        subject="Your staff account is ready" if invitation else "Set up your new second factor",
        template="accounts/email/set_up_link.txt",
        context={
            "invitation": invitation,
            "link": site_address(reverse("admin:auth_user_set_up_link", args=[token])),
            "hours": settings.STAFF_SET_UP_LINK_HOURS,
            "sent_by": sent_by,
            "login_url": site_address(reverse("admin:login")),
        },
    )


def staff_invite(
    *, email: str, first_name: str, last_name: str, role: str, by, request=None
) -> tuple[object, bool]:
    """Make a staff account for this email address with one role, and email its invitation.

    The account is active and marked as staff from the start (what Django's admin sign-in
    needs), with no usable password until the person chooses one from the link. Returns the
    user and whether the email went.
    """
    user_model = get_user_model()
    with transaction.atomic():
        user = user_model(
            username=email.lower()[:150],
            email=email,
            first_name=first_name,
            last_name=last_name,
            is_staff=True,
            is_active=True,
        )
        user.set_unusable_password()
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        staff_activity_record(
            action=StaffActivity.Action.INVITED,
            user=by,
            username=by.get_username(),
            subject_username=user.get_username(),
            request=request,
        )
    sent = set_up_link_send(
        user=user, purpose=SetUpLink.Purpose.INVITATION, sent_by=by.get_full_name() or ""
    )
    return user, sent


def invitation_pending(*, user) -> bool:
    """Whether the person has not yet chosen a password from their invitation."""
    return not user.has_usable_password()


def invitation_resend(*, user, by, request=None) -> bool:
    staff_activity_record(
        action=StaffActivity.Action.INVITED,
        user=by,
        username=by.get_username(),
        subject_username=user.get_username(),
        request=request,
    )
    return set_up_link_send(
        user=user, purpose=SetUpLink.Purpose.INVITATION, sent_by=by.get_full_name() or ""
    )


def second_factor_reset_by(*, user, by, request=None) -> bool:
    """Delete the user's second factor, record it, and email them a link to set up a new one.

    Their sessions stop being verified at once. A person still waiting on their invitation is
    sent the invitation again instead (they have no password to sign in with yet). Returns
    whether the link's email went.
    """
    second_factor_reset(user=user)
    staff_activity_record(
        action=StaffActivity.Action.SECOND_FACTOR_RESET,
        user=by,
        username=by.get_username(),
        subject_username=user.get_username(),
        request=request,
    )
    staff_notice_send(user=user, change="second-factor-reset")
    purpose = (
        SetUpLink.Purpose.INVITATION
        if invitation_pending(user=user)
        else SetUpLink.Purpose.SECOND_FACTOR
    )
    return set_up_link_send(user=user, purpose=purpose, sent_by=by.get_full_name() or "")


def sign_in_unlock(*, user, by, request=None) -> None:
    """Let the user sign in again: their failures from every address stop counting."""
    staff_activity_record(
        action=StaffActivity.Action.SIGN_IN_UNLOCKED,
        user=by,
        username=by.get_username(),
        subject_username=user.get_username(),
        request=request,
    )
    # django-axes's own count for this username (per address), so no address stays paused.
    axes_reset(username=user.get_username())


def account_sign_in_paused(*, user) -> bool:
    return sign_in_paused(username=user.get_username())


def set_up_links_purge() -> int:
    """Delete links that stopped working over a month ago (they hold only a hash)."""
    cutoff = timezone.now() - timedelta(days=30)
    deleted, _ = SetUpLink.objects.filter(expires_at__lt=cutoff).delete()
    return deleted
