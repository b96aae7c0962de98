"""The staff list and each person's page, for superusers and practice managers.

Django's user admin for superusers, with a list of who each person is and what they may do
(username, name, role, whether they can sign in, second factor). A practice manager (the
"Practice manager" group, made by a migration) sees a plainer page: name, email, role and
whether the person can sign in; never the superuser switch or raw permission lists, and no
superuser account to change. They add people by inviting them (the link sets the password and
then the second factor), and the person's page has the buttons "Reset second factor", "Unlock
sign-in" and, until the invitation is accepted, "Send the invitation again", each with a
confirmation page.
"""

import functools

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.forms import CheckboxSelectMultiple
from django.shortcuts import redirect
from django.urls import path
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic_site.models import StaffActivity
from clinic_site.staff_activity import staff_activity_record, staff_notice_send

from . import services, views

admin.site.unregister(get_user_model())

LEAVER_HELP = "Untick when someone leaves: they can no longer sign in, and their records stay."


@admin.register(get_user_model())
class StaffUserAdmin(UserAdmin):
    """Django's user admin, with each account's second factor, invitations and the buttons."""

    # Who each person is and what they may do, in columns that fit a 1280px screen beside the
    # admin's menu (Django's own five and the second factor did not: the last was cut off). No
    # email column: an invited person's username is their email address (the search finds both).
    list_display = ["username", "name", "role", "can_sign_in", "second_factor"]
    actions = ["reset_second_factor"]
    manager_fieldsets = [
        (None, {"fields": ["username"]}),
        ("Personal info", {"fields": ["first_name", "last_name", "email"]}),
        (
            "Role",
            {
                "fields": ["groups"],
                "description": (
                    "What they can do in the staff site. Tick one or more. Content editor: "
                    "writes and changes the pages patients read. Clinical reviewer: checks and "
                    "publishes them. Front desk: sees and answers contact requests. Practice "
                    "manager: adds staff, sets their roles and edits the clinic's details."
                ),
            },
        ),
        ("Access", {"fields": ["is_active", "last_login", "date_joined"]}),
    ]

    def get_queryset(self, request):
        has_app = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        queryset = super().get_queryset(request).annotate(has_second_factor=Exists(has_app))
        return queryset.prefetch_related("groups")

    @admin.display(description="second factor", boolean=True, ordering="has_second_factor")
    def second_factor(self, obj):
        return obj.has_second_factor

    @admin.display(description="name", ordering="first_name")
    def name(self, obj):
        return obj.get_full_name()

    @admin.display(description="can sign in", boolean=True, ordering="is_active")
    def can_sign_in(self, obj):
        return obj.is_active

    @admin.display(description="role")
    def role(self, obj):
        roles = sorted(group.name for group in obj.groups.all())
        if obj.is_superuser:
            roles.insert(0, "Superuser")
        return ", ".join(roles)

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser or obj is None:
            return super().get_fieldsets(request, obj)
        return self.manager_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["username", "last_login", "date_joined"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=services.ROLE_GROUPS)
            kwargs["widget"] = CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "is_active" in form.base_fields and not request.user.is_superuser:
            fields = form.base_fields
            fields["is_active"].label = "Can sign in"
            fields["is_active"].help_text = LEAVER_HELP
            fields["groups"].label = "Roles"
            fields["groups"].help_text = ""
        return form

    def has_change_permission(self, request, obj=None):
        # Only a superuser changes a superuser's account (its email address leads to its
        # password, and its second factor to everything).
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def add_view(self, request, form_url="", extra_context=None):
        # Staff are invited, so they choose their own password; superusers keep Django's form.
        if not request.user.is_superuser:
            return redirect("admin:auth_user_invite")
        return super().add_view(request, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.is_staff = True  # everyone with an account here signs in to the staff site
        super().save_model(request, obj, form, change)

    def user_change_password(self, request, id, form_url=""):
        """A superuser setting someone's password: recorded, and the holder is told."""
        if not request.user.is_superuser:
            raise PermissionDenied
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            staff_activity_record(
                action=StaffActivity.Action.PASSWORD_CHANGED,
                user=request.user,
                username=request.user.get_username(),
                subject_username=user.get_username(),
                request=request,
            )
            staff_notice_send(user=user, change="password")
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        user = self.get_object(request, object_id)
        if user is not None:
            allowed = services.staff_manage_allowed(by=request.user, user=user)
            extra_context.update(
                person_actions_allowed=allowed,
                person_has_second_factor=TOTPDevice.objects.filter(
                    user=user, confirmed=True
                ).exists(),
                person_sign_in_paused=services.account_sign_in_paused(user=user),
                person_invitation_pending=services.invitation_pending(user=user),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "invite_allowed": services.staff_invite_allowed(by=request.user),
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        actions = [
            path(
                f"<path:object_id>/{action}/",
                wrap(functools.partial(views.person_action, action=action, model_admin=self)),
                name=f"auth_user_{action.replace('-', '_')}",
            )
            for action in views.PERSON_ACTIONS
        ]
        return [
            # The emailed links open before signing in, as the login page does.
            path(
                "welcome/<str:token>/",
                functools.partial(views.set_up_link_open, admin_site=self.admin_site),
                name="auth_user_set_up_link",
            ),
            path(
                "welcome/",
                functools.partial(views.set_up_link_continue, admin_site=self.admin_site),
                name="auth_user_set_up_link_continue",
            ),
            path(
                "invite/",
                wrap(functools.partial(views.invite, model_admin=self)),
                name="auth_user_invite",
            ),
            *actions,
            *super().get_urls(),
        ]

    def has_reset_second_factor_permission(self, request):
        return request.user.is_superuser

    @admin.action(
        description="Reset the second factor of selected accounts (they set it up again)",
        permissions=["reset_second_factor"],
    )
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            services.second_factor_reset_by(user=user, by=request.user, request=request)
        self.message_user(
            request,
            f"Reset the second factor of {queryset.count()} account(s): we emailed each a "
            "one-time link to set up a new one.",
            messages.SUCCESS,
        )
