from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.utils.functional import lazy
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .admin_site import SuperuserRecordAdmin
from .models import SiteSettings, StaffActivity


def clinic_name() -> str:
    return SiteSettings.load().clinic_name


# Staff see whose clinic this is, not "Django administration"; lazy, so a renamed clinic shows
# at once.
admin.site.site_header = lazy(clinic_name, str)()
admin.site.site_title = lazy(lambda: f"{clinic_name()} staff", str)()


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    fieldsets = [
        (
            "Clinic",
            {
                "fields": [
                    "clinic_name",
                    "phone",
                    "email",
                    "address",
                    ("opening_hours", "opening_hours_es"),
                ]
            },
        ),
        (
            "Crisis resources",
            {
                "fields": [
                    ("crisis_line_name", "crisis_line_name_es"),
                    "crisis_line_number",
                    "emergency_number",
                ],
                "description": "Shown on every page's 'Need help now?' link and the screener.",
            },
        ),
        ("Publishing", {"fields": ["every_change_needs_second_person"]}),
    ]

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StaffActivity)
class StaffActivityAdmin(SuperuserRecordAdmin):
    """Sign-ins, failed sign-ins and account changes: superusers and practice managers (who have
    the view permission) read them, nobody edits them."""

    list_display = ["at", "username", "action", "subject_username", "ip_address"]
    list_filter = ["action", "at"]
    search_fields = ["username", "subject_username"]
    date_hierarchy = "at"
    fields = ["at", "username", "action", "subject_username", "ip_address"]
    readonly_fields = fields

    def has_module_permission(self, request):
        return request.user.is_superuser or request.user.has_perm("clinic_site.view_staffactivity")

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)


# Devices are managed through the sign-in screens and the reset (accounts/), never edited by
# hand: django-otp's own device admins would show colleagues' secret keys. The user admin itself
# is accounts/admin.py.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


class SuperuserOnlyAdmin:
    """django-axes's records, for superusers only: a practice manager unlocks a person from
    their own page ("Unlock sign-in"), not from lists of attempts by address."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


for axes_model, axes_admin in [
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
]:
    if admin.site.is_registered(axes_model):
        admin.site.unregister(axes_model)
        admin.site.register(
            axes_model, type(axes_admin.__name__, (SuperuserOnlyAdmin, axes_admin), {})
        )
