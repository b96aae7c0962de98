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
toward locking out a username from an address, and clinic_site/staff_activity.py counts them per
account from every address. An account without a second factor (new, or after a reset) sets
one up only in a session that came through a one-time link emailed to the person (accounts/),
never on the password alone (security review F1); the second step then shows a QR code of a
key made for that session only, the first right code confirms the app, and ten backup codes are
shown once. Making new backup codes, and changing the password, ask for a current code (F12).
"""

import time
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminPasswordChangeForm
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView, PasswordChangeView
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
    authenticator_abandon,
    authenticator_confirm,
    authenticator_key_text,
    authenticator_pending,
    authenticator_qr_code,
    backup_codes_issue,
    second_factor_is_set_up,
    second_factor_verify,
)
from .staff_activity import (
    SECOND_FACTOR_SENDER,
    sign_in_failure_count,
    sign_in_paused,
    staff_activity_record,
    staff_notice_send,
)

PENDING_KEY = "clinic_site:sign-in-pending"
# Set when a one-time set-up link was used in this session: who may set up a second factor here,
# since when, and the id of the device made for this session's attempt.
SET_UP_KEY = "clinic_site:second-factor-set-up"
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


def sign_in_paused_response(request):
    """The page for an account whose sign-in is paused (many failures, from any address)."""
    return TemplateResponse(request, "accounts/sign_in_paused.html", status=429)


def sign_in_pending_start(request, *, user, backend: str) -> None:
    """The password was right: remember who is signing in, and record it (security review F8)."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {"user_id": user.pk, "backend": backend, "at": time.time()}
    staff_activity_record(
        action=StaffActivity.Action.PASSWORD_ACCEPTED,
        user=user,
        username=user.get_username(),
        request=request,
    )


def set_up_allow(request, *, user) -> None:
    """Let this session set up the user's second factor: a one-time link was used in it."""
    request.session[SET_UP_KEY] = {"user_id": user.pk, "at": time.time(), "device_id": None}


def set_up_allowed(request, *, user) -> dict | None:
    """This session's set-up of the user's second factor, if a link allowed one lately."""
    grant = request.session.get(SET_UP_KEY)
    if not isinstance(grant, dict) or grant.get("user_id") != user.pk:
        return None
    if time.time() - float(grant.get("at", 0)) > settings.SECOND_FACTOR_SET_UP_SECONDS:
        authenticator_abandon(user=user, device_id=grant.get("device_id"))
        del request.session[SET_UP_KEY]
        return None
    return grant


class PasswordStepView(LoginView):
    """Django's login form; a right password leads on to the second factor, signing in no one."""

    def post(self, request, *args, **kwargs):
        # A paused account is refused before its password is checked, so guesses tell nothing.
        if sign_in_paused(username=str(request.POST.get("username", ""))[:150]):
            return sign_in_paused_response(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.get_user()
        sign_in_pending_start(self.request, user=user, backend=user.backend)
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


def code_wrong(request, *, user) -> None:
    """Count a wrong code as a failed sign-in (django-axes, the record, the account's pause)."""
    user_login_failed.send(
        sender=SECOND_FACTOR_SENDER,
        credentials={get_user_model().USERNAME_FIELD: user.get_username()},
        request=request,
    )


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def second_factor(request, *, admin_site):
    """Ask for a code (or, after a set-up link, set up the app), then sign the user in."""
    user = sign_in_pending(request)
    if user is None:
        return redirect("admin:login")
    credentials = {get_user_model().USERNAME_FIELD: user.get_username()}
    setting_up = not second_factor_is_set_up(user=user)
    context = {
        **admin_site.each_context(request),
        "subtitle": None,
        "setting_up": setting_up,
        "username": user.get_username(),
        "next": next_url_safe(request),
    }
    request.current_app = admin_site.name
    device = None
    if setting_up:
        grant = set_up_allowed(request, user=user)
        if grant is None:
            # No second factor and no set-up link used in this session: the password alone
            # never shows a set-up key (security review F1).
            del request.session[PENDING_KEY]
            context["title"] = "Use the link in your email to set up"
            context["is_superuser"] = user.is_superuser
            return TemplateResponse(request, "admin/otp/set_up_link_needed.html", context)
        device, made_now = authenticator_pending(user=user, device_id=grant["device_id"])
        if made_now:
            grant["device_id"] = device.pk
            request.session[SET_UP_KEY] = grant
            staff_activity_record(
                action=StaffActivity.Action.SET_UP_STARTED,
                user=user,
                username=user.get_username(),
                request=request,
            )
    form = CodeForm(request.POST if request.method == "POST" else None)

    if request.method == "POST":
        locked = axes_lockout(request, credentials=credentials)
        if locked is not None:
            del request.session[PENDING_KEY]
            return locked
        if sign_in_paused(username=user.get_username()):
            del request.session[PENDING_KEY]
            return sign_in_paused_response(request)
        if form.is_valid():
            code = form.cleaned_data["code"]
            if setting_up:
                confirmed = authenticator_confirm(user=user, device=device, code=code)
                if confirmed is not None:
                    device, backup_codes = confirmed
                    del request.session[SET_UP_KEY]
                    sign_in_complete(request, user=user, device=device)
                    staff_activity_record(
                        action=StaffActivity.Action.SECOND_FACTOR_SET_UP,
                        user=user,
                        username=user.get_username(),
                        request=request,
                    )
                    staff_notice_send(user=user, change="second-factor-set-up")
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
            code_wrong(request, user=user)
            if getattr(request, "axes_locked_out", False):
                del request.session[PENDING_KEY]
            form.add_error("code", WRONG_CODE_MESSAGE)

    context["title"] = "Set up your second factor" if setting_up else "Enter your code"
    context["form"] = form
    if setting_up:
        context["qr_code"] = authenticator_qr_code(device=device)
        context["setup_key"] = authenticator_key_text(device=device)
    return TemplateResponse(request, "admin/otp/second_factor.html", context)


class CurrentCodeForm(forms.Form):
    """A current code from the app (or an unused backup code), asked before a sensitive change."""

    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=32,
        strip=True,
        help_text="The 6-digit code your app shows now, or one of your unused backup codes.",
        error_messages={"required": "Enter the code from your authenticator app"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, user, request, **kwargs):
        self.user = user
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = self.cleaned_data["code"]
        if sign_in_paused(username=self.user.get_username()):
            raise forms.ValidationError(
                "Signing in to your account is paused after many wrong codes or passwords. "
                "Ask your practice manager to unlock it."
            )
        if second_factor_verify(user=self.user, code=code) is None:
            # Counted like a wrong code at sign-in: someone at an unlocked screen cannot guess.
            staff_activity_record(
                action=StaffActivity.Action.WRONG_CODE,
                user=self.user,
                username=self.user.get_username(),
                request=self.request,
            )
            sign_in_failure_count(
                username=self.user.get_username(), user=self.user, request=self.request
            )
            raise forms.ValidationError(WRONG_CODE_MESSAGE)
        return code


@sensitive_post_parameters("code")
def backup_codes(request, *, admin_site):
    """Show new backup codes once; a POST with a current code replaces the user's codes."""
    form = CurrentCodeForm(
        request.POST if request.method == "POST" else None, user=request.user, request=request
    )
    if request.method == "POST" and form.is_valid():
        request.session[NEW_BACKUP_CODES_KEY] = backup_codes_issue(user=request.user)
        staff_activity_record(
            action=StaffActivity.Action.BACKUP_CODES_MADE,
            user=request.user,
            username=request.user.get_username(),
            request=request,
        )
        staff_notice_send(user=request.user, change="backup-codes")
        query = urlencode({"next": next_url_safe(request)})
        return redirect(f"{reverse('admin:backup_codes')}?{query}")
    codes = request.session.pop(NEW_BACKUP_CODES_KEY, None) if request.method == "GET" else None
    context = {
        **admin_site.each_context(request),
        "title": "Your backup codes",
        "subtitle": None,
        "codes": codes,
        "form": form,
        "next": next_url_safe(request),
    }
    request.current_app = admin_site.name
    return TemplateResponse(request, "admin/otp/backup_codes.html", context)


class PasswordChangeWithCodeForm(AdminPasswordChangeForm):
    """Django's admin password change, which also asks for a current code (security review F12).

    The old password alone is what a stolen password gives; the code shows the phone is there.
    """

    code = CurrentCodeForm.base_fields["code"]
    field_order = ["old_password", "code", "new_password1", "new_password2"]

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = None

    def clean_code(self):
        checker = CurrentCodeForm(
            {"code": self.cleaned_data["code"]}, user=self.user, request=self.request
        )
        if not checker.is_valid():
            raise forms.ValidationError(checker.errors["code"])
        return self.cleaned_data["code"]


class PasswordChangeWithCodeView(PasswordChangeView):
    """Django's password change view with the code asked, recorded, and the holder emailed."""

    form_class = PasswordChangeWithCodeForm

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.request = self.request
        return form

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        staff_activity_record(
            action=StaffActivity.Action.PASSWORD_CHANGED,
            user=user,
            username=user.get_username(),
            request=self.request,
        )
        staff_notice_send(user=user, change="password")
        return response
