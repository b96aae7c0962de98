from django.contrib import admin

from editorial.admin import EditorialAdmin
from editorial.checks import TEXT_CHECKS_DONE, text_warnings

from .models import FactorGuidance


@admin.register(FactorGuidance)
class FactorGuidanceAdmin(EditorialAdmin, admin.ModelAdmin):
    """The summary's explanatory texts, through the same review as pages: a change is a draft
    until a clinical reviewer publishes it, and the history (editorial's) shows old and new
    values and restores an old version as a draft, never straight to visitors."""

    change_form_template = "admin/editorial/change_form.html"
    list_display = ["title", "factor", "state_label", "updated_at"]
    search_fields = ["title", "factor", "why_it_matters", "questions_to_ask", "why_it_matters_es"]
    readonly_fields = ["factor", "updated_at"]
    # Each Spanish field beside its English one, so a change to one shows the other to change.
    fieldsets = [
        (None, {"fields": ["factor", ("title", "title_es"), "updated_at"]}),
        (
            "What the summary says, in English and in Spanish",
            {
                "fields": [
                    ("why_it_matters", "why_it_matters_es"),
                    ("questions_to_ask", "questions_to_ask_es"),
                ]
            },
        ),
    ]
    checks_done = TEXT_CHECKS_DONE

    def has_add_permission(self, request):
        # Each text belongs to a factor the screener's rules name; new ones come from the files.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def live_url(self, record) -> str:
        return ""  # the summary is each visitor's own page: there is no address to open

    def draft_warnings(self, draft: FactorGuidance) -> list:
        texts = {
            "en": (draft.title, f"{draft.why_it_matters}\n\n{draft.questions_to_ask}"),
        }
        if draft.why_it_matters_es.strip():
            texts["es"] = (
                draft.title_es,
                f"{draft.why_it_matters_es}\n\n{draft.questions_to_ask_es}",
            )
        return text_warnings(texts=texts)
