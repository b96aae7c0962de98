from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse

from editorial.admin import EditorialAdmin
from editorial.checks import text_warnings

from .models import MenuLink


@admin.register(MenuLink)
class MenuLinkAdmin(EditorialAdmin, admin.ModelAdmin):
    """A menu link's name through the same review as pages: saved as a draft (here or on the
    menu screen), sent for review, published by a clinical reviewer; its history shows each
    rename and each move. Order and showing are changed on the menu screen, live at once."""

    change_form_template = "admin/editorial/change_form.html"
    fields = ["label", "destination", "language", "show_in_nav", "nav_order"]
    readonly_fields = ["destination", "language", "show_in_nav", "nav_order"]
    checks_done = "no words the site never uses."

    def changelist_view(self, request, extra_context=None):
        # The links are listed where they are ordered, among the pages of each menu.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return HttpResponseRedirect(reverse("admin:content_page_menu"))

    def has_add_permission(self, request):
        return False  # one a destination and language, made by the data migration

    def has_delete_permission(self, request, obj=None):
        return False  # hiding it from the menu is the way to take it out

    def live_url(self, record) -> str:
        return record.get_absolute_url()

    def draft_warnings(self, draft: MenuLink) -> list:
        return text_warnings(texts={draft.language: (draft.label, "")}, only={"verdict-words"})
