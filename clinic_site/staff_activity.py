"""Record staff sign-ins and failed sign-ins for superusers to review in admin.

Django's own signals drive it: user_logged_in (sent only once the second factor is passed, see
clinic_site/sign_in.py), and user_login_failed, which Django sends for a wrong password or a
locked-out attempt and the second-factor step sends for a wrong code. Each record keeps the
account, what happened, when, and the address: nothing else from the request.
"""

import ipaddress

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from .client_address import client_ip_address
from .models import StaffActivity

# The sender the second-factor step gives user_login_failed for a wrong code.
SECOND_FACTOR_SENDER = "clinic_site.sign_in"
USERNAME_MAX = 150


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


@receiver(user_logged_in, dispatch_uid="clinic_site.staff_activity.signed_in")
def signed_in(sender, request, user, **kwargs):
    staff_activity_record(
        action=StaffActivity.Action.SIGNED_IN,
        user=user,
        username=user.get_username(),
        request=request,
    )


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
