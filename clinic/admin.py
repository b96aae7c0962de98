"""The clinic's records in the admin, each through the one editorial workflow
(editorial.admin.EditorialAdmin): saving makes a draft, a clinical reviewer publishes it."""

from django.conf import settings
from django.contrib import admin
from django.utils.dates import WEEKDAYS
from django.utils.translation import override

from content.checks import page_warnings, site_paths_get
from editorial.admin import EditorialAdmin
from editorial.history import fields_compare

from .forms import PlaceForm, TeamMemberForm, TreatmentForm, day_field_names
from .models import Place, TeamMember, Treatment
from .presentation import hours_text

# The checks a reviewer sees on the clinic's records: the words the site never uses.
CHECKS = {"verdict-words"}


class ClinicRecordAdmin(EditorialAdmin, admin.ModelAdmin):
    change_form_template = "admin/editorial/change_form.html"
    list_display = ["__str__", "state_label", "order", "updated_at"]
    checks_done = "in both languages, no words the site never uses."
    source_changes_label = "Show the changes field by field"
    # The fields whose text is in English with a Spanish twin named NAME_es.
    translated_fields: list[str] = []

    @admin.display(description="state")
    def state_label(self, record) -> str:
        if not record.is_live:
            return "Draft only"
        return "Live + draft" if record.has_unpublished_changes else "Live"

    def compared_fields(self) -> list[tuple[str, str]]:
        return [
            (field.attname, str(field.verbose_name).capitalize())
            for field in (self.model._meta.get_field(name) for name in self.model.CONTENT_FIELDS)
        ]

    def value_text(self, *, name: str, value) -> str:
        if value is None or value == "":
            return "(none)"
        if isinstance(value, bool):
            return "Yes" if value else "No"
        return str(value)

    def changes_compare(self, *, old: dict, new: dict) -> list:
        long_text = {
            field.attname
            for field in self.model._meta.get_fields()
            if getattr(field, "get_internal_type", lambda: "")() == "TextField"
        }
        return fields_compare(
            old=old,
            new=new,
            fields=self.compared_fields(),
            long_text=long_text,
            value_text=self.value_text,
        )

    def draft_warnings(self, draft) -> list:
        site_paths = site_paths_get()
        warnings = []
        for language, _name in settings.LANGUAGES:
            suffix = "" if language == settings.LANGUAGE_CODE else f"_{language}"
            texts = [getattr(draft, f"{name}{suffix}") or "" for name in self.translated_fields]
            found = page_warnings(
                title=str(draft),
                summary="",
                body="\n\n".join(text for text in texts if text),
                site_paths=site_paths,
                language=language,
                references_section=False,
            )
            warnings += [warning for warning in found if warning.check in CHECKS]
        return warnings


@admin.register(TeamMember)
class TeamMemberAdmin(ClinicRecordAdmin):
    form = TeamMemberForm
    list_display = ["__str__", "role", "is_clinical_lead", "state_label", "order"]
    translated_fields = ["role", "biography", "languages"]
    fieldsets = [
        (None, {"fields": ["name", "credentials", ("role", "role_es"), "photo"]}),
        (None, {"fields": [("biography", "biography_es"), ("languages", "languages_es")]}),
        (
            "Medical review",
            {
                "description": "The clinical lead is named on every page whose reviewer is "
                "not on the team. Link a staff account so pages they publish name them.",
                "fields": ["is_physician", "is_clinical_lead", "user", "order"],
            },
        ),
    ]

    def value_text(self, *, name: str, value) -> str:
        if name == "photo_id" and value:
            from images.models import Image

            image = Image.objects.filter(pk=value).first()
            return str(image) if image else f"image {value} (deleted)"
        if name == "user_id" and value:
            from django.contrib.auth import get_user_model

            user = get_user_model().objects.filter(pk=value).first()
            return user.get_username() if user else "(deleted account)"
        return super().value_text(name=name, value=value)


@admin.register(Place)
class PlaceAdmin(ClinicRecordAdmin):
    form = PlaceForm
    translated_fields = [
        "directions", "parking", "public_transport", "step_free_access", "room",
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": [("name", "name_es"), "street_address", ("locality", "region"),
                           "postal_code", "phone", "map_image", "order"]}),
        (
            "Opening hours",
            {
                "description": "The footer, this place's page and search engines all show "
                "these times.",
                "fields": [day_field_names(day) for day in WEEKDAYS],
            },
        ),
        (
            "Getting here and the room",
            {
                "fields": [
                    ("directions", "directions_es"),
                    ("parking", "parking_es"),
                    ("public_transport", "public_transport_es"),
                    ("step_free_access", "step_free_access_es"),
                    ("room", "room_es"),
                ]
            },
        ),
    ]  # fmt: skip

    def changes_compare(self, *, old: dict, new: dict) -> list:
        # Opening hours compare as the words visitors read ("Monday to Friday: ...").
        def readable(content: dict) -> dict:
            if "opening_hours" not in content:
                return content
            with override(settings.LANGUAGE_CODE):
                hours = hours_text(hours=content["opening_hours"] or [])
            return {**content, "opening_hours": hours or "(closed every day)"}

        return super().changes_compare(old=readable(old) if old else old, new=readable(new))

    def value_text(self, *, name: str, value) -> str:
        if name == "map_image_id" and value:
            from images.models import Image

            image = Image.objects.filter(pk=value).first()
            return str(image) if image else f"image {value} (deleted)"
        return super().value_text(name=name, value=value)


@admin.register(Treatment)
class TreatmentAdmin(ClinicRecordAdmin):
    form = TreatmentForm
    translated_fields = ["name", "session", "usual_course"]
    fieldsets = [
        (None, {"fields": [("name", "name_es"), ("session", "session_es"), "order"]}),
        (
            "How long it takes",
            {"fields": ["chair_minutes", "monitoring_minutes", "visit_minutes",
                        ("usual_course", "usual_course_es")]},
        ),
        (
            "Price",
            {
                "description": "Leave both blank and the page tells patients how to get a "
                "quote.",
                "fields": [("price_from", "price_to")],
            },
        ),
    ]  # fmt: skip
