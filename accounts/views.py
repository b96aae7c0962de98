"""The pages behind the emailed links, the invitation, and the person page's buttons.

Thin: each parses, calls accounts/services.py or clinic_site/sign_in.py, and renders in the
admin's own frame. The link pages open before signing in (like the login page); the others are
admin views, wrapped in admin_view() by the user admin.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from clinic_site.models import SiteSettings, StaffActivity
from clinic_site.sign_in import (
    set_up_allow,
    sign_in_paused_response,
    sign_in_pending_start,
)
from clinic_site.staff_activity import sign_in_paused, staff_activity_record, staff_notice_send

from . import services
from .forms import InviteForm, PasswordForm
from .models import SetUpLink

# The token of the link opened in this session, kept out of the address bar (as Django's own
# password reset does), so it is not in the browser's history or sent on in a Referer.
LINK_SESSION_KEY = "accounts:set-up-link"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def admin_context(request, admin_site, **context) -> dict:
    request.current_app = admin_site.name
    return {**admin_site.each_context(request), "subtitle": None, **context}


@never_cache
def set_up_link_open(request, token: str, *, admin_site):
    """The link from the email: keep its token in the session and continue without it."""
    if services.set_up_link_find(token=token) is None:
        context = admin_context(request, admin_site, title="This link no longer works")
        return TemplateResponse(request, "accounts/link_expired.html", context)
    request.session[LINK_SESSION_KEY] = token
    return redirect("admin:auth_user_set_up_link_continue")


@sensitive_post_parameters("password", "new_password1", "new_password2")
@csrf_protect
@never_cache
def set_up_link_continue(request, *, admin_site):
    """Choose a password (an invitation) or give it (a reset), then set up the second factor.

    Opening the page changes nothing, so a mail scanner that follows the link does not use it
    up; the link is used once this form is sent right.
    """
    link = services.set_up_link_find(token=request.session.get(LINK_SESSION_KEY, ""))
    if link is None:
        request.session.pop(LINK_SESSION_KEY, None)
        context = admin_context(request, admin_site, title="This link no longer works")
        return TemplateResponse(request, "accounts/link_expired.html", context)
    user = link.user
    invitation = link.purpose == SetUpLink.Purpose.INVITATION
    data = request.POST if request.method == "POST" else None
    form = SetPasswordForm(user, data) if invitation else PasswordForm(data)
    if request.method == "POST":
        if sign_in_paused(username=user.get_username()):
            return sign_in_paused_response(request)
        if invitation:
            accepted = form.is_valid()
        else:
            accepted = form.is_valid() and (
                authenticate(
                    request,
                    username=user.get_username(),
                    password=form.cleaned_data["password"],
                )
                == user
            )
            if form.is_valid() and not accepted:
                form.add_error("password", "That is not the password of this account.")
        if accepted and services.set_up_link_use(link=link):
            request.session.pop(LINK_SESSION_KEY, None)
            if invitation:
                form.save()
                staff_activity_record(
                    action=StaffActivity.Action.INVITE_ACCEPTED,
                    user=user,
                    username=user.get_username(),
                    request=request,
                )
            sign_in_pending_start(request, user=user, backend=MODEL_BACKEND)
            set_up_allow(request, user=user)
            return redirect("admin:second_factor")
    context = admin_context(
        request,
        admin_site,
        title="Welcome: choose your password" if invitation else "Set up your new second factor",
        form=form,
        invitation=invitation,
        username=user.get_username(),
    )
    return TemplateResponse(request, "accounts/set_up_link.html", context)


def invite(request, *, model_admin):
    """A practice manager invites a colleague by email, with their role."""
    if not services.staff_invite_allowed(by=request.user):
        raise PermissionDenied
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user, sent = services.staff_invite(**form.cleaned_data, by=request.user, request=request)
        if sent:
            messages.success(
                request,
                f"We emailed an invitation to {user.email}. The link in it works once, for "
                f"{settings.STAFF_SET_UP_LINK_HOURS} hours.",
            )
        else:
            messages.error(
                request,
                f"The account for {user.email} is made, but the email could not be sent. "
                "Try “Send the invitation again” on their page later.",
            )
        return redirect("admin:auth_user_change", user.pk)
    context = admin_context(
        request,
        model_admin.admin_site,
        title="Invite a colleague",
        form=form,
        opts=model_admin.model._meta,
    )
    return TemplateResponse(request, "accounts/invite.html", context)


PERSON_ACTIONS = {
    "reset-second-factor": {
        "title": "Reset second factor",
        "button": "Reset their second factor",
        "explain": (
            "Their authenticator app and backup codes stop working at once, and they are signed "
            "out. We email them a link to set up a new one; the link works once."
        ),
    },
    "unlock-sign-in": {
        "title": "Unlock sign-in",
        "button": "Unlock their sign-in",
        "explain": (
            "Signing in to this account was paused after many wrong passwords or codes. "
            "Unlock it only if you know it was them: if not, reset their second factor too, "
            "and ask them to choose a new password (“Forgotten your login credentials?” on "
            "the sign-in page)."
        ),
    },
    "send-invitation": {
        "title": "Send the invitation again",
        "button": "Send the invitation again",
        "explain": (
            "We email them a new invitation link; any earlier link stops working. They choose "
            "their password and set up their second factor from it."
        ),
    },
}


def person_action(request, object_id: str, *, action: str, model_admin):
    """A button on a person's page: a confirmation page, then the action, recorded."""
    user = model_admin.get_object(request, object_id)  # None for an id that is not one
    if user is None:
        raise Http404("No such account")
    if not services.staff_manage_allowed(by=request.user, user=user):
        raise PermissionDenied
    change_url = reverse("admin:auth_user_change", args=[user.pk])
    if request.method == "POST":
        name = user.get_full_name() or user.get_username()
        if action == "reset-second-factor":
            sent = services.second_factor_reset_by(user=user, by=request.user, request=request)
            messages.success(request, f"Reset the second factor of {name}.")
            link_message(request, user=user, sent=sent)
        elif action == "unlock-sign-in":
            services.sign_in_unlock(user=user, by=request.user, request=request)
            messages.success(request, f"{name} can sign in again.")
        elif action == "send-invitation":
            sent = services.invitation_resend(user=user, by=request.user, request=request)
            link_message(request, user=user, sent=sent)
        return redirect(change_url)
    context = admin_context(
        request,
        model_admin.admin_site,
        **PERSON_ACTIONS[action],
        person=user,
        change_url=change_url,
        opts=model_admin.model._meta,
        original=user,
    )
    return TemplateResponse(request, "accounts/person_action.html", context)


def link_message(request, *, user, sent: bool) -> None:
    if sent:
        messages.info(request, f"We emailed them a one-time link at {user.email}.")
    else:
        messages.error(
            request,
            "The email with their link could not be sent"
            + ("" if user.email else ": their account has no email address")
            + ". Check the address on this page and try again.",
        )


class AdminFrameMixin:
    """Django's password reset views, shown in the admin's frame (its header and styles)."""

    def get_context_data(self, **kwargs):
        return {**admin.site.each_context(self.request), **super().get_context_data(**kwargs)}


class PasswordResetView(AdminFrameMixin, auth_views.PasswordResetView):
    """Django's "forgot your password" form; the email's link uses SITE_URL, not the Host."""

    email_template_name = "registration/staff_password_reset_email.txt"
    subject_template_name = "registration/staff_password_reset_subject.txt"

    def form_valid(self, form):
        self.extra_email_context = {
            "site_url": settings.SITE_URL.rstrip("/"),
            "clinic_name": SiteSettings.load().clinic_name,
            "minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        }
        return super().form_valid(form)


class PasswordResetDoneView(AdminFrameMixin, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(AdminFrameMixin, auth_views.PasswordResetConfirmView):
    """Choose a new password from the emailed link; recorded, and the holder is told."""

    def form_valid(self, form):
        response = super().form_valid(form)
        staff_activity_record(
            action=StaffActivity.Action.PASSWORD_RESET,
            user=self.user,
            username=self.user.get_username(),
            request=self.request,
        )
        staff_notice_send(user=self.user, change="password")
        return response


class PasswordResetCompleteView(AdminFrameMixin, auth_views.PasswordResetCompleteView):
    pass
