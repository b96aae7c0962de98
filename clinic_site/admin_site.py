"""The admin site: Django's, except that no page shows before the second factor is passed.

ClinicAdminConfig (clinic_site/apps.py) makes this admin.site, so apps register their
ModelAdmins as usual and every admin view, including their own extra views wrapped in
admin_view(), asks has_permission(), which here also wants django-otp's verified user (as
django-otp's OTPAdminSite does). The login page is the first of the two sign-in steps in
clinic_site/sign_in.py.
"""

import functools

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from . import sign_in


class ClinicAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_verified()

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        """The password step: Django's admin login form, leading on to the second factor."""
        if request.method == "GET" and self.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        if request.user.is_authenticated:
            # Signed in but not verified (their second factor was reset since): start again.
            logout(request)
        from django.contrib.admin.forms import AdminAuthenticationForm

        context = {
            **self.each_context(request),
            "title": "Log in",
            "subtitle": None,
            "app_path": request.get_full_path(),
            "username": "",
        }
        if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
            context[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=self.name)
        context.update(extra_context or {})
        request.current_app = self.name
        return sign_in.PasswordStepView.as_view(
            extra_context=context,
            authentication_form=self.login_form or AdminAuthenticationForm,
            template_name=self.login_template or "admin/login.html",
        )(request)

    @method_decorator(never_cache)
    def password_change(self, request, extra_context=None):
        """Django's password change, asking for a current code too (clinic_site/sign_in.py)."""
        request.current_app = self.name
        return sign_in.PasswordChangeWithCodeView.as_view(
            success_url=reverse("admin:password_change_done", current_app=self.name),
            extra_context={**self.each_context(request), **(extra_context or {})},
        )(request)

    def get_urls(self):
        return [
            # The second sign-in step opens before has_permission(), like the login page.
            path(
                "second-factor/",
                functools.partial(sign_in.second_factor, admin_site=self),
                name="second_factor",
            ),
            path(
                "second-factor/backup-codes/",
                self.admin_view(functools.partial(sign_in.backup_codes, admin_site=self)),
                name="backup_codes",
            ),
            *super().get_urls(),
        ]


class SuperuserRecordAdmin(admin.ModelAdmin):
    """A record of who did what (sign-ins, views of requests): superusers read it, nobody edits
    it, so it can be trusted as a record."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
