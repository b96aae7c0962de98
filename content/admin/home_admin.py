"""The home page's text in the admin: one record, both languages, through the same workflow as a
page (editorial.admin.EditorialAdmin): a change is a draft, a clinical reviewer publishes it."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.urls import path
from django.utils import translation
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods

from clinic.models import TeamMember
from editorial.admin import EditorialAdmin
from editorial.history import fields_compare

from ..checks import page_warnings, site_paths_get
from ..models import HomePage
from ..navigation import page_index_get
from ..presentation import home_sections, home_text_get
from .forms import normalise_newlines

# What the checks read as the page's text (the headline and lead are its title and summary).
BODY_FIELDS = ["intro", "call_to_action", "what_we_offer", "key_facts"]
# Each field beside its Spanish one, in the order the page shows them; the photo and the
# clinician as a revision holds them, by their keys.
COMPARED_FIELDS = [
    (name, HomePage._meta.get_field(name).verbose_name.capitalize())
    for name in (*HomePage.TEXT_FIELDS, "photo_id", "photo_alt_es", "lead_clinician_id")
]


def home_value_text(*, name: str, value) -> str:
    """How a value reads in the review and the history: a photo or clinician by name."""
    if name in ("photo_id", "lead_clinician_id") and value:
        related = HomePage._meta.get_field(name).related_model
        record = related._default_manager.filter(pk=value).first()
        return str(record) if record else f"{value} (deleted)"
    return value or "(none)"


class HomePageForm(forms.ModelForm):
    class Meta:
        model = HomePage
        fields = [*HomePage.TEXT_FIELDS, "photo", "photo_alt_es", "lead_clinician"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 8, "class": "vLargeTextField"})
            for name in ("what_we_offer", "what_we_offer_es", "key_facts", "key_facts_es")
        }

    def clean(self):
        # Stored as the seed and the migration wrote it: LF line ends, no trimming, so that a
        # field nobody touched compares equal (a crisis-style field needs a second person only
        # when it really changes).
        cleaned_data = super().clean()
        for name in HomePage.TEXT_FIELDS:
            if isinstance(cleaned_data.get(name), str):
                cleaned_data[name] = normalise_newlines(cleaned_data[name])
        photo = cleaned_data.get("photo")
        if photo is not None and not photo.decorative and not cleaned_data.get("photo_alt_es"):
            self.add_error(
                "photo_alt_es",
                forms.ValidationError(
                    "Say in Spanish what the photo shows, for people who cannot see it on the "
                    "Spanish home page. The library's alt text says it in English: “%(alt)s”.",
                    params={"alt": photo.alt_text},
                    code="photo_alt_es_missing",
                ),
            )
        return cleaned_data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.strip = False
        # Only people visitors can already read about on the "Our team" page.
        self.fields["lead_clinician"].queryset = TeamMember.objects.published()


@admin.register(HomePage)
class HomePageAdmin(EditorialAdmin, admin.ModelAdmin):
    form = HomePageForm
    has_preview = True
    # The review screen renders these lists as the home page does (editorial.review).
    review_markdown_fields = ("what_we_offer", "what_we_offer_es", "key_facts", "key_facts_es")
    change_form_template = "admin/editorial/change_form.html"
    list_display = ["__str__", "state_label", "updated_at"]
    fieldsets = [
        (None, {"fields": [("headline", "headline_es"), ("lead", "lead_es")]}),
        (None, {"fields": [("intro", "intro_es"), ("call_to_action", "call_to_action_es")]}),
        (
            "Photo and lead clinician",
            {
                "description": "A photo of the clinic beside the heading, and the clinician "
                "the page introduces, with a link to them on the 'Our team' page.",
                "fields": [("photo", "photo_alt_es"), "lead_clinician"],
            },
        ),
        ("What we offer", {"fields": [("what_we_offer", "what_we_offer_es")]}),
        (
            "Key facts",
            {
                "description": "Clinical claims: each names its source, and a clinical reviewer "
                "checks them before they are published.",
                "fields": [("key_facts", "key_facts_es")],
            },
        ),
    ]
    checks_done = (
        "in both languages, no words the site never uses, reading grade 8 or below (Spanish: "
        "Fernández Huerta 60 or above), and links to published pages."
    )

    @admin.display(description="state")
    def state_label(self, home: HomePage) -> str:
        return "Live + draft" if home.has_unpublished_changes else "Live"

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<path:object_id>/preview/", preview, name="content_homepage_preview"),
            *super().get_urls(),
        ]

    @method_decorator(require_http_methods(["GET", "HEAD"]))
    def preview_view(self, request, object_id):
        """The home page as its draft has it, in the language asked for (?language=es)."""
        draft = self.record_or_404(request, object_id)
        language = request.GET.get("language", settings.LANGUAGE_CODE)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        with translation.override(language):
            text = home_text_get(language=language, home=draft)
            context = {
                "home": text,
                "sections": home_sections(index=page_index_get()),
                "preview": True,
            }
            response = render(request, "content/home.html", context)
        response["X-Robots-Tag"] = "noindex"
        return response

    def has_add_permission(self, request):
        return False  # one home page, made by its migration

    def has_delete_permission(self, request, obj=None):
        return False

    def changes_compare(self, *, old: dict, new: dict) -> list:
        return fields_compare(
            old=old,
            new=new,
            fields=COMPARED_FIELDS,
            long_text=set(HomePage.TEXT_FIELDS),
            value_text=home_value_text,
        )

    def draft_warnings(self, draft: HomePage) -> list:
        site_paths = site_paths_get()
        warnings = []
        for language, _name in settings.LANGUAGES:
            text = draft.in_language(language)
            warnings += page_warnings(
                title=text["headline"],
                summary=text["lead"].replace("{clinic_name}", "The clinic"),
                body="\n\n".join(text[name] for name in BODY_FIELDS),
                site_paths=site_paths,
                language=language,
                references_section=False,
            )
        return warnings
