"""Record staff sign-ins and failed sign-ins for superusers and practice managers to review.

Django's own signals drive it: user_logged_in (sent only once the second factor is passed, see
clinic_site/sign_in.py), and user_login_failed, which Django sends for a wrong password or a
locked-out attempt and the second-factor step sends for a wrong code. Each record keeps the
account, what happened, when, and the address: nothing else from the request.

The same records cap password guessing per account (security review F8): django-axes pauses one
username from one address after five failures, but guesses spread over many addresses would
never trip it. Counting this account's failures from every address since its last sign-in (or
a manager's unlock) pauses its sign-in after STAFF_SIGN_IN_FAILURE_LIMIT, without a second store
to keep in step. The account holder is emailed when their sign-in details change or their
sign-in is paused (ASVS 2.2.3 / 2.5.5): nothing in those emails but what happened and when.
"""

import ipaddress
import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.mail import send_mail
from django.db.models import Max, Q
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone

from .client_address import client_ip_address
from .models import SiteSettings, StaffActivity

# The sender the second-factor step gives user_login_failed for a wrong code.
SECOND_FACTOR_SENDER = "clinic_site.sign_in"
USERNAME_MAX = 150
# When this session signed in (Unix time): a staff session ends STAFF_SESSION_MAX_SECONDS later.
SIGNED_IN_AT_KEY = "clinic_site:signed-in-at"
FAILED_ACTIONS = [StaffActivity.Action.WRONG_PASSWORD, StaffActivity.Action.WRONG_CODE]

logger = logging.getLogger(__name__)


def request_address(request) -> str | None:
    """The client's address, if it is one (a forwarded header can hold anything)."""
    if request is None:
        return None
    address = client_ip_address(request)
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


def staff_activity_record(
    *,
    action: StaffActivity.Action,
    username: str,
    user=None,
    request=None,
    subject_username: str = "",
) -> StaffActivity:
    return StaffActivity.objects.create(
        user=user,
        username=username[:USERNAME_MAX],
        action=action,
        subject_username=subject_username[:USERNAME_MAX],
        ip_address=request_address(request),
    )


def sign_in_failures(*, username: str):
    """This account's failed sign-ins, from any address, that count towards pausing it."""
    since = timezone.now() - settings.STAFF_SIGN_IN_FAILURE_WINDOW
    cleared = StaffActivity.objects.filter(
        Q(username=username, action=StaffActivity.Action.SIGNED_IN)
        | Q(subject_username=username, action=StaffActivity.Action.SIGN_IN_UNLOCKED)
    ).aggregate(last=Max("at"))["last"]
    if cleared is not None and cleared > since:
        since = cleared
    return StaffActivity.objects.filter(username=username, action__in=FAILED_ACTIONS, at__gt=since)


def sign_in_paused(*, username: str) -> bool:
    """Whether signing in to this account is paused (until a manager unlocks it)."""
    # A NUL byte cannot be a username (Django's form refuses it), and PostgreSQL refuses it.
    if not username or "\x00" in username:
        return False
    return sign_in_failures(username=username).count() >= settings.STAFF_SIGN_IN_FAILURE_LIMIT


def sign_in_failure_count(*, username: str, user=None, request=None) -> None:
    """After a failure: if it is the one that pauses the account, record that and tell them."""
    if sign_in_failures(username=username).count() != settings.STAFF_SIGN_IN_FAILURE_LIMIT:
        return
    staff_activity_record(
        action=StaffActivity.Action.SIGN_IN_PAUSED, user=user, username=username, request=request
    )
    if user is not None:
        staff_notice_send(user=user, change="sign-in-paused")


STAFF_NOTICES = {
    "password": "Your password was changed",
    "second-factor-set-up": "A new second factor was set up for your account",
    "second-factor-reset": "Your second factor was reset",
    "backup-codes": "New backup codes were made for your account",
    "sign-in-paused": "Signing in to your account is paused",
}


def staff_notice_send(*, user, change: str) -> bool:
    """Email the account holder that their sign-in details changed; False if it was not sent.

    A mail server that is down must not undo the change or show an error page, so a failure is
    logged (without the address) and the change stands.
    """
    if not user.email:
        return False
    clinic = SiteSettings.load().clinic_name
    context = {
        "user": user,
        "change": change,
        "clinic_name": clinic,
        "when": timezone.localtime(),
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    try:
        send_mail(
            subject=f"{clinic}: {STAFF_NOTICES[change]}",
            message=render_to_string("accounts/email/account_changed.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("Staff notice not sent: %s", type(error).__name__)
        return False
    return True


def staff_activity_purge(*, dry_run: bool = False) -> int:
    """Delete sign-in activity older than STAFF_ACTIVITY_RETENTION_DAYS; return how many."""
    cutoff = timezone.now() - timedelta(days=settings.STAFF_ACTIVITY_RETENTION_DAYS)
    expired = StaffActivity.objects.filter(at__lt=cutoff)
    if dry_run:
        return expired.count()
    deleted, _ = expired.delete()
    return deleted


@receiver(user_logged_in, dispatch_uid="clinic_site.staff_activity.signed_in")
def signed_in(sender, request, user, **kwargs):
    staff_activity_record(
        action=StaffActivity.Action.SIGNED_IN,
        user=user,
        username=user.get_username(),
        request=request,
    )
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT_KEY] = int(timezone.now().timestamp())


@receiver(user_login_failed, dispatch_uid="clinic_site.staff_activity.sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in credentials; only the username is kept.
    user_model = get_user_model()
    username = str(credentials.get(user_model.USERNAME_FIELD) or "")[:USERNAME_MAX]
    user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
    action = (
        StaffActivity.Action.WRONG_CODE
        if sender == SECOND_FACTOR_SENDER
        else StaffActivity.Action.WRONG_PASSWORD
    )
    staff_activity_record(action=action, user=user, username=username, request=request)
    sign_in_failure_count(username=username, user=user, request=request)
