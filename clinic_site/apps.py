from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class ClinicSiteConfig(AppConfig):
    name = "clinic_site"
    verbose_name = "Clinic site"

    def ready(self):
        from . import staff_activity  # noqa: F401  (connects the sign-in signal receivers)


class ClinicAdminConfig(AdminConfig):
    """Django's admin, with the clinic's admin site (a second factor before any page) as
    admin.site, so every app's ModelAdmin registers there as usual."""

    default_site = "clinic_site.admin_site.ClinicAdminSite"
