from django.contrib import admin
from django.utils.functional import lazy

from .models import SiteSettings


def clinic_name() -> str:
    return SiteSettings.load().clinic_name


# Staff see whose clinic this is, not "Django administration"; lazy, so a renamed clinic shows
# at once.
admin.site.site_header = lazy(clinic_name, str)()
admin.site.site_title = lazy(lambda: f"{clinic_name()} staff", str)()


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    fieldsets = [
        ("Clinic", {"fields": ["clinic_name", "phone", "email", "address", "opening_hours"]}),
        (
            "Crisis resources",
            {
                "fields": ["crisis_line_name", "crisis_line_number", "emergency_number"],
                "description": "Shown on every page's 'Need help now?' link and the screener.",
            },
        ),
        ("Publishing", {"fields": ["every_change_needs_second_person"]}),
    ]

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
