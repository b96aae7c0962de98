from django.contrib import admin

from editorial.admin import TypeCheckedVersionAdmin

from .models import FactorGuidance


@admin.register(FactorGuidance)
class FactorGuidanceAdmin(TypeCheckedVersionAdmin):
    """The summary's explanatory texts; history kept so an edit can be undone."""

    list_display = ["title", "factor", "updated_at"]
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

    def has_add_permission(self, request):
        # Each text belongs to a factor the screener's rules name; new ones come from the files.
        return False

    def has_delete_permission(self, request, obj=None):
        return False
