"""Staff sign-in in two steps: the password, then a code from an authenticator app.

Django's admin signs a user in as soon as the password is right. Here the password step only
notes in the session who is signing in, and the user is signed in (django.contrib.auth.login,
so user_logged_in fires: the activity record, django-axes clearing its count) only once a code
from their app, or a backup code, is right. A stolen password alone never makes a signed-in
session; the admin site also refuses any user django-otp has not verified (admin_site.py).
These few views stand on django-otp rather than django-two-factor-auth, which would add
phone-number, form-wizard and template packages and does not count wrong codes towards the
django-axes lockout.

A wrong code sends user_login_failed, as a wrong password does, so django-axes counts both
toward locking out a username from an address. On a first sign-in (a new account from
`make superuser`, or after a superuser reset the second factor) the second step shows a QR code
to scan instead; the first right code confirms the app and ten backup codes are shown once.
"""

import time
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from .models import StaffActivity
from .second_factor import (
    authenticator_confirm,
    authenticator_key_text,
    authenticator_pending,
    authenticator_qr_code,
    backup_codes_issue,
    second_factor_is_set_up,
    second_factor_verify,
)
from .staff_activity import SECOND_FACTOR_SENDER, staff_activity_record

PENDING_KEY = "clinic_site:sign-in-pending"
# New backup codes wait here between the request that made them and the page showing them.
NEW_BACKUP_CODES_KEY = "clinic_site:new-backup-codes"

WRONG_CODE_MESSAGE = (
    "That code did not work. Enter the 6-digit code your app shows now, or an unused backup "
    "code. After a wrong code, wait a few seconds before the next one."
)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=32,
        strip=True,
        error_messages={"required": "Enter the code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )


class PasswordStepView(LoginView):
    """Django's login form; a right password leads on to the second factor, signing in no one."""

    def form_valid(self, form):
        user = form.get_user()
        self.request.session.cycle_key()
        self.request.session[PENDING_KEY] = {
            "user_id": user.pk,
            "backend": user.backend,
            "at": time.time(),
        }
        query = urlencode({"next": self.get_success_url()})
        return HttpResponseRedirect(f"{reverse('admin:second_factor')}?{query}")


def sign_in_pending(request):
    """The active staff user whose password was right a moment ago in this session, or None."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    if time.time() - float(pending.get("at", 0)) > settings.SECOND_FACTOR_PENDING_SECONDS:
        del request.session[PENDING_KEY]
        return None
    user = (
        get_user_model()
        ._default_manager.filter(pk=pending.get("user_id"), is_active=True, is_staff=True)
        .first()
    )
    if user is not None:
        user.backend = pending.get("backend")
    return user


def next_url_safe(request) -> str:
    """Where to go once signed in: the page asked for, if it is on this site; else the admin."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def sign_in_complete(request, *, user, device) -> None:
    """Sign the user in, verified by this device (the session key changes, as for any login)."""
    del request.session[PENDING_KEY]
    auth_login(request, user, backend=user.backend)
    otp_login(request, device)


def axes_lockout(request, *, credentials: dict):
    """django-axes's lockout page if this username is locked out from this address, else None."""
    if settings.AXES_ENABLED and AxesProxyHandler.is_locked(request, credentials):
        return get_lockout_response(request, None, credentials)
    return None


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def second_factor(request, *, admin_site):
    """Ask for a code (or, on a first sign-in, set up the app), then sign the user in."""
    user = sign_in_pending(request)
    if user is None:
        return redirect("admin:login")
    credentials = {get_user_model().USERNAME_FIELD: user.get_username()}
    setting_up = not second_factor_is_set_up(user=user)
    device = authenticator_pending(user=user) if setting_up else None
    form = CodeForm(request.POST if request.method == "POST" else None)

    if request.method == "POST":
        locked = axes_lockout(request, credentials=credentials)
        if locked is not None:
            del request.session[PENDING_KEY]
            return locked
        if form.is_valid():
            code = form.cleaned_data["code"]
            if setting_up:
                confirmed = authenticator_confirm(user=user, device=device, code=code)
                if confirmed is not None:
                    device, backup_codes = confirmed
                    sign_in_complete(request, user=user, device=device)
                    staff_activity_record(
                        action=StaffActivity.Action.SECOND_FACTOR_SET_UP,
                        user=user,
                        username=user.get_username(),
                        request=request,
                    )
                    request.session[NEW_BACKUP_CODES_KEY] = backup_codes
                    query = urlencode({"next": next_url_safe(request)})
                    return redirect(f"{reverse('admin:backup_codes')}?{query}")
            else:
                verified = second_factor_verify(user=user, code=code)
                if verified is not None:
                    sign_in_complete(request, user=user, device=verified)
                    return redirect(next_url_safe(request))
            # A wrong code counts as a failed sign-in; AxesMiddleware shows its lockout page
            # once there have been too many.
            user_login_failed.send(
                sender=SECOND_FACTOR_SENDER, credentials=credentials, request=request
            )
            if getattr(request, "axes_locked_out", False):
                del request.session[PENDING_KEY]
            form.add_error("code", WRONG_CODE_MESSAGE)

    context = {
        **admin_site.each_context(request),
        "title": "Set up your second factor" if setting_up else "Enter your code",
        "subtitle": None,
        "form": form,
        "setting_up": setting_up,
        "username": user.get_username(),
        "next": next_url_safe(request),
    }
    if setting_up:
        context["qr_code"] = authenticator_qr_code(device=device)
        context["setup_key"] = authenticator_key_text(device=device)
    request.current_app = admin_site.name
    return TemplateResponse(request, "admin/otp/second_factor.html", context)


def backup_codes(request, *, admin_site):
    """Show new backup codes once; a POST replaces the signed-in user's codes with new ones."""
    if request.method == "POST":
        request.session[NEW_BACKUP_CODES_KEY] = backup_codes_issue(user=request.user)
        query = urlencode({"next": next_url_safe(request)})
        return redirect(f"{reverse('admin:backup_codes')}?{query}")
    codes = request.session.pop(NEW_BACKUP_CODES_KEY, None)
    context = {
        **admin_site.each_context(request),
        "title": "Your backup codes",
        "subtitle": None,
        "codes": codes,
        "next": next_url_safe(request),
    }
    request.current_app = admin_site.name
    return TemplateResponse(request, "admin/otp/backup_codes.html", context)
