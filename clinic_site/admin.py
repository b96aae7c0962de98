from django.contrib import admin

from .models import SiteSettings


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
    ]

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
