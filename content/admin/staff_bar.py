""" "Edit this page" on the live site, for signed-in staff only, without a staff link ever being
in a page the cache serves to visitors.

Public pages are cached whole and served to everyone (clinic_site/page_cache.py), so they carry
nothing staff-specific. static/js/staff-bar.js asks this view, from staff's browser only, where
the page being read is edited; the view is never cached and answers 204 (nothing) to anyone who
is not signed-in staff. The script asks only in a browser that has opened the page admin, which
leaves a harmless hint cookie (STAFF_HINT_COOKIE, no session or name in it), so visitors' page
views never make the extra request.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ..models import Page

STAFF_HINT_COOKIE = "clinic_staff_hint"
STAFF_HINT_SECONDS = 30 * 24 * 60 * 60


def staff_hint_set(response) -> None:
    """Tell static/js/staff-bar.js that this browser is staff's (only whether to ask)."""
    response.set_cookie(
        STAFF_HINT_COOKIE,
        "1",
        max_age=STAFF_HINT_SECONDS,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=False,  # the script reads it; it holds no secret
    )


def page_edit_url(*, path: str) -> str:
    """Where the page at `path` (a public address) is edited, or "" when it is none of ours."""
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            try:
                match = resolve(path)
            except Resolver404:
                continue
        if match.view_name == "content:page":
            page = Page.objects.filter(language=language, slug=match.kwargs["slug"]).first()
            if page is not None:
                return reverse("admin:content_page_change", args=[page.pk])
        elif match.view_name == "content:home":
            try:
                return reverse("admin:content_homepage_changelist")
            except NoReverseMatch:
                return ""
    return ""


@never_cache
@require_safe
def staff_bar_view(request):
    """Where staff edit the page at ?path=; 204 for everyone else."""
    user = request.user
    if not (user.is_active and user.is_staff and user.has_perm("content.change_page")):
        response = HttpResponse(status=204)
        response.delete_cookie(STAFF_HINT_COOKIE, samesite="Lax")
        return response
    edit_url = page_edit_url(path=request.GET.get("path", "")[:300])
    if not edit_url:
        return HttpResponse(status=204)
    return JsonResponse({"edit_url": edit_url, "label": "Edit this page"})
