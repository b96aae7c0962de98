"""The menu screen: each language's main menu in order, its pages and its other links (the
screener, contact, the clinic's pages), moved with up and down buttons.

Plain forms that post and come back, so it works without JavaScript. An order-only change, or
taking a link out of the menu, goes live at once, without clinical review, and shows in each
moved item's history (content/menu.py). A new menu name is words visitors read, so it is saved
as the page's or the link's draft for review.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from navigation.models import MenuLink

from ..menu import (
    menu_items,
    menu_link_rename,
    menu_link_show,
    menu_links,
    menu_match_english,
    menu_move,
    menu_rename,
)
from ..models import Page

# In the admin's words (English), not each language's own name for itself.
LANGUAGE_NAMES = {**dict(settings.LANGUAGES), "en": "English", "es": "Spanish"}
NAME_LIMIT = MenuLink._meta.get_field("label").max_length


def menu_row(item: Page | MenuLink) -> dict:
    """What the screen shows of one menu item."""
    if isinstance(item, Page):
        draft = item.draft_object
        return {
            "kind": "page",
            "record": item,
            "anchor": f"menu-{item.pk}",
            "input_id": f"menu-name-{item.pk}",
            "name": item.short_title,
            "full_title": item.title if item.nav_title and item.nav_title != item.title else "",
            "draft_name": draft.short_title,
            "change_url": reverse("admin:content_page_change", args=[item.pk]),
        }
    draft = item.draft_object
    review = item.review if item.has_unpublished_changes else None
    return {
        "kind": "link",
        "record": item,
        "anchor": f"menu-link-{item.pk}",
        "input_id": f"menu-link-name-{item.pk}",
        "name": item.label,
        "draft_name": draft.label,
        "waiting": draft.label if draft.label != item.label else "",
        "in_review": review is not None and review.state != "changes_requested",
        "change_url": reverse("admin:navigation_menulink_change", args=[item.pk]),
        "submit_url": reverse("admin:navigation_menulink_submit", args=[item.pk]),
        "history_url": reverse("admin:navigation_menulink_history", args=[item.pk]),
    }


class MenuMixin:
    """The menu screen, on the page admin (admin_view wraps it: staff only, never cached)."""

    def menu_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            return self.menu_move_post(request)
        menus = [
            {
                "language": code,
                "name": LANGUAGE_NAMES[code],
                "items": [menu_row(item) for item in menu_items(language=code)],
                "hidden": [
                    menu_row(link) for link in menu_links(language=code) if not link.show_in_nav
                ],
            }
            for code, _name in settings.LANGUAGES
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Main menu",
            "menus": menus,
            "can_rename_links": request.user.has_perm("navigation.change_menulink"),
            "name_limit": NAME_LIMIT,
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
                f"({moved} item(s) moved). Visitors see it now."
                if moved
                else f"The {LANGUAGE_NAMES[language]} menu already follows the English order.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(f"{menu_url}#menu-heading-{language}")
        if "link" in request.POST:
            item = MenuLink.objects.filter(pk=request.POST["link"][:12] or None).first()
        else:
            item = Page.objects.filter(pk=request.POST.get("page", "")[:12] or None).first()
        if item is None:
            self.message_user(
                request, "That item is no longer in the menu. Here is the menu now.", messages.ERROR
            )
            return HttpResponseRedirect(menu_url)
        anchor = menu_row(item)["anchor"]
        if "rename" in request.POST:
            if isinstance(item, MenuLink):
                self.menu_link_rename_post(request, link=item)
            else:
                self.menu_rename_post(request, page=item)
        elif "show" in request.POST and isinstance(item, MenuLink):
            self.menu_link_show_post(request, link=item)
        else:
            self.menu_item_move_post(request, item=item)
        return HttpResponseRedirect(f"{menu_url}#{anchor}")

    def menu_item_move_post(self, request, *, item: Page | MenuLink) -> None:
        direction = request.POST.get("direction", "")
        if menu_move(item=item, direction=direction, user=request.user):
            self.message_user(
                request,
                f"“{item.short_title}” moved {direction}. Visitors see the new order now.",
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, f"“{item.short_title}” cannot move further {direction}.", messages.WARNING
            )

    def menu_link_show_post(self, request, *, link: MenuLink) -> None:
        show = request.POST["show"] == "1"
        if not menu_link_show(link=link, show=show, user=request.user):
            self.message_user(request, "The menu is unchanged.", messages.INFO)
        elif show:
            self.message_user(
                request,
                f"“{link.label}” is back in the {LANGUAGE_NAMES[link.language]} menu, at the end. "
                "Visitors see it now.",
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                f"“{link.label}” is out of the {LANGUAGE_NAMES[link.language]} menu. Visitors "
                f"still find it from {link.also_linked_from}.",
                messages.SUCCESS,
            )

    def menu_name_too_long(self, request, *, name: str) -> bool:
        if len(" ".join(name.split())) <= NAME_LIMIT:
            return False
        self.message_user(
            request,
            f"A menu name can be {NAME_LIMIT} characters at most, so “{name[:60]}” was not saved. "
            "Try a shorter name.",
            messages.ERROR,
        )
        return True

    def menu_rename_post(self, request, *, page: Page) -> None:
        name = request.POST.get("name", "")
        if self.menu_name_too_long(request, name=name):
            return
        if menu_rename(page=page, name=name, user=request.user):
            self.message_user(
                request,
                f"The new menu name of “{page.title}” is saved as a draft. Visitors see it once "
                "it is sent for review and published.",
                messages.SUCCESS,
            )
        else:
            self.message_user(request, "The menu name is unchanged.", messages.INFO)

    def menu_link_rename_post(self, request, *, link: MenuLink) -> None:
        if not request.user.has_perm("navigation.change_menulink"):
            raise PermissionDenied
        name = request.POST.get("name", "")
        if self.menu_name_too_long(request, name=name):
            return
        if not name.strip():
            self.message_user(
                request,
                f"A menu name cannot be empty, so “{link.label}” keeps its name. To take it out "
                "of the menu, use “Take out of the menu”.",
                messages.ERROR,
            )
        elif menu_link_rename(link=link, name=name, user=request.user):
            self.message_user(
                request,
                f"The new menu name “{' '.join(name.split())}” is saved as a draft. Visitors see "
                "it once it is sent for review and published.",
                messages.SUCCESS,
            )
        else:
            self.message_user(request, "The menu name is unchanged.", messages.INFO)
