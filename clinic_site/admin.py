from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.text import capfirst
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from editorial.admin import EditorialAdmin, value_text
from editorial.checks import settings_warnings
from editorial.history import fields_compare

from .admin_site import SuperuserRecordAdmin
from .branding import HEX_COLOUR, colour_normalise
from .models import SiteSettings, StaffActivity


def clinic_name() -> str:
    return SiteSettings.load().clinic_name


# Staff see whose clinic this is, not "Django administration"; lazy, so a renamed clinic shows
# at once.
admin.site.site_header = lazy(clinic_name, str)()
admin.site.site_title = lazy(lambda: f"{clinic_name()} staff", str)()


class SiteSettingsForm(forms.ModelForm):
    class Meta:
        model = SiteSettings
        # The logo is held as logo_id in a revision; the form's field is "logo".
        fields = [name.removesuffix("_id") for name in SiteSettings.revision_fields]
        # The browser's colour picker, which sends the colour as #rrggbb.
        widgets = {"accent_colour": forms.TextInput(attrs={"type": "color"})}

    def clean_accent_colour(self) -> str:
        return colour_normalise(self.cleaned_data["accent_colour"])


def settings_value_text(*, name: str, value) -> str:
    """A logo reads as its image's title in the review and the history."""
    if name == "logo_id" and value:
        # Through the field, so this floor never imports the library's app.
        images = SiteSettings._meta.get_field("logo").related_model._default_manager
        image = images.filter(pk=value).first()
        return str(image) if image else f"image {value} (deleted)"
    return value_text(name=name, value=value)


def settings_value_swatch(*, name: str, value) -> str:
    """The accent colour shows as a square of itself beside its value in the comparisons."""
    if name == "accent_colour" and isinstance(value, str) and HEX_COLOUR.fullmatch(value):
        return value
    return ""


@admin.register(SiteSettings)
class SiteSettingsAdmin(EditorialAdmin, admin.ModelAdmin):
    """The clinic's details and crisis numbers, through the same review as pages: the practice
    manager (or a reviewer) saves a draft and sends it for review, a clinical reviewer publishes
    it, and a change to a crisis number needs someone other than its author."""

    change_form_template = "admin/editorial/change_form.html"
    form = SiteSettingsForm
    review_not_text_fields = ("accent_colour",)
    # Image fields here and in the clinic's and home page's admins are plain selects, not
    # autocomplete: select2's box has no accessible name while empty (axe, WCAG 4.1.2).
    checks_done = (
        "no words the site never uses, the crisis page's reading level in both languages, and "
        "that each number has digits to dial. A changed crisis number needs a second person to "
        "publish it. An accent colour too light to read text on is refused when it is saved."
    )
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
                "description": "Shown on every page's 'Need help now?' link and the screener. "
                "A change to a number is published only by someone other than the person who "
                "made it.",
            },
        ),
        (
            "The 'Need help now?' page",
            {
                "fields": [
                    ("crisis_page_lead", "crisis_page_lead_es"),
                    ("crisis_page_not_emergency", "crisis_page_not_emergency_es"),
                ],
                "description": "The page's own words around the crisis numbers above, in "
                "English and Spanish.",
            },
        ),
        (
            "The clinic's look",
            {
                "fields": ["logo", "accent_colour"],
                "description": "The logo is shown at the top of every page and becomes the "
                "icon in the browser tab. The accent colour is the menu bar's.",
            },
        ),
        ("Publishing", {"fields": ["every_change_needs_second_person"]}),
    ]

    def changelist_view(self, request, extra_context=None):
        # One row: the list would only ever show it, so open it (made on the first read).
        settings = SiteSettings.load()
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return HttpResponseRedirect(self.admin_url("change", settings))

    def has_add_permission(self, request):
        return False  # the one row is made by SiteSettings.load()

    def has_delete_permission(self, request, obj=None):
        return False

    def live_url(self, record) -> str:
        return reverse("crisis")

    def draft_warnings(self, draft: SiteSettings) -> list:
        return settings_warnings(draft=draft)

    def changes_compare(self, *, old: dict, new: dict) -> list:
        # As EditorialAdmin's, but the logo is stored by its key (logo_id) and read by its title.
        fields = [SiteSettings._meta.get_field(name) for name in SiteSettings.revision_fields]
        return fields_compare(
            old=old,
            new=new,
            fields=[
                (name, capfirst(field.verbose_name))
                for name, field in zip(SiteSettings.revision_fields, fields, strict=True)
            ],
            long_text={field.name for field in fields if isinstance(field, models.TextField)},
            value_text=settings_value_text,
            value_swatch=settings_value_swatch,
        )


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
