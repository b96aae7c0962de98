from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Exists, OuterRef
from django.utils.functional import lazy
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .admin_site import SuperuserRecordAdmin
from .models import SiteSettings, StaffActivity
from .second_factor import second_factor_reset
from .staff_activity import staff_activity_record


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
    """Sign-ins, failed sign-ins and second-factor changes: superusers read them, nobody edits."""

    list_display = ["at", "username", "action", "subject_username", "ip_address"]
    list_filter = ["action", "at"]
    search_fields = ["username", "subject_username"]
    date_hierarchy = "at"
    fields = ["at", "username", "action", "subject_username", "ip_address"]
    readonly_fields = fields


# Devices are managed through the sign-in screens and the reset below, never edited by hand:
# django-otp's own device admins would show colleagues' secret keys.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)
admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class StaffUserAdmin(UserAdmin):
    """Django's user admin, with whether each account has a second factor, and its reset."""

    list_display = [*UserAdmin.list_display, "second_factor"]
    actions = ["reset_second_factor"]

    def get_queryset(self, request):
        has_app = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(has_second_factor=Exists(has_app))

    @admin.display(description="second factor", boolean=True, ordering="has_second_factor")
    def second_factor(self, obj):
        return obj.has_second_factor

    def has_reset_second_factor_permission(self, request):
        return request.user.is_superuser

    @admin.action(
        description="Reset the second factor of selected accounts (they set it up again)",
        permissions=["reset_second_factor"],
    )
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            second_factor_reset(user=user)
            staff_activity_record(
                action=StaffActivity.Action.SECOND_FACTOR_RESET,
                user=request.user,
                username=request.user.get_username(),
                subject_username=user.get_username(),
                request=request,
            )
        self.message_user(
            request,
            f"Reset the second factor of {queryset.count()} account(s): at their next sign-in "
            "they scan a new QR code with their authenticator app.",
            messages.SUCCESS,
        )
