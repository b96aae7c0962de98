"""The menu screen: each language's main menu in order, moved with up and down buttons.

Plain forms that post and come back, so it works without JavaScript. An order-only change goes
live at once, without clinical review, and shows in each moved page's history (content/menu.py).
A new menu name is words visitors read, so it is saved as the page's draft for review.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from ..menu import menu_match_english, menu_move, menu_pages, menu_rename
from ..models import Page

# In the admin's words (English), not each language's own name for itself.
LANGUAGE_NAMES = {**dict(settings.LANGUAGES), "en": "English", "es": "Spanish"}


class MenuMixin:
    """The menu screen, on the page admin (admin_view wraps it: staff only, never cached)."""

    def menu_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            return self.menu_move_post(request)
        menus = [
            {"language": code, "name": LANGUAGE_NAMES[code], "pages": menu_pages(language=code)}
            for code, _name in settings.LANGUAGES
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Main menu",
            "menus": menus,
        }
        return TemplateResponse(request, "admin/content/page/menu.html", context)

    def menu_move_post(self, request):
        menu_url = reverse("admin:content_page_menu")
        if "match" in request.POST:
            language = request.POST["match"]
            if language not in LANGUAGE_NAMES or language == settings.LANGUAGE_CODE:
                return HttpResponseRedirect(menu_url)
            moved = menu_match_english(language=language, user=request.user)
            self.message_user(
                request,
                f"The {LANGUAGE_NAMES[language]} menu now follows the English order "
                f"({moved} page(s) moved). Visitors see it now."
                if moved
                else f"The {LANGUAGE_NAMES[language]} menu already follows the English order.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(f"{menu_url}#menu-heading-{language}")
        page = Page.objects.filter(pk=request.POST.get("page", "")[:12] or None).first()
        direction = request.POST.get("direction", "")
        if page is None:
            self.message_user(
                request, "That page is no longer in the menu. Here is the menu now.", messages.ERROR
            )
            return HttpResponseRedirect(menu_url)
        if "rename" in request.POST:
            return self.menu_rename_post(request, page=page, menu_url=menu_url)
        if menu_move(page=page, direction=direction, user=request.user):
            self.message_user(
                request,
                f"“{page.short_title}” moved {direction}. Visitors see the new order now.",
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, f"“{page.short_title}” cannot move further {direction}.", messages.WARNING
            )
        return HttpResponseRedirect(f"{menu_url}#menu-{page.pk}")

    def menu_rename_post(self, request, *, page: Page, menu_url: str):
        name = request.POST.get("name", "")
        limit = Page._meta.get_field("nav_title").max_length
        if len(" ".join(name.split())) > limit:
            self.message_user(
                request,
                f"A menu name can be {limit} characters at most, so “{name[:60]}” was not saved. "
                "Try a shorter name.",
                messages.ERROR,
            )
        elif menu_rename(page=page, name=name, user=request.user):
            self.message_user(
                request,
                f"The new menu name of “{page.title}” is saved as a draft. Visitors see it once "
                "it is sent for review and published.",
                messages.SUCCESS,
            )
        else:
            self.message_user(request, "The menu name is unchanged.", messages.INFO)
        return HttpResponseRedirect(f"{menu_url}#menu-{page.pk}")
