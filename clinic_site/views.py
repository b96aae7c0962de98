"""The health check and the error pages.

No visitor should meet a bare "Internal Server Error", whatever is down, so the error pages
never depend on the cache or the database: SiteSettings.load() and the menu fall back to the
defaults and an empty menu, and if a page still cannot be rendered with the site's context it
is rendered once more with those defaults alone.

A session that cannot be saved makes Django raise SessionInterrupted, a BadRequest, from
SessionMiddleware; Django turns it into a response at once (in the layer around that
middleware), so no middleware outside it could catch it, and it reaches the 400 handler below
as its exception. The same error also means "the session was deleted meanwhile" (a sign-out in
another tab), which is the visitor's 400; only when the database does not answer now is it our
outage, and the visitor gets the 503 page instead, which says their answers are kept.
"""

import logging
import sys

from django.conf import settings
from django.contrib.sessions.exceptions import SessionInterrupted
from django.db import Error
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from .branding import brand_css_text, brand_css_version
from .health import cache_reachable, database_reachable
from .models import SiteSettings

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30


@require_safe
def brand_css(request):
    """The accent colour's stylesheet (clinic_site/branding.py). Pages link it with a hash of
    its text, so an address that matches is kept for a year; any other, for a few minutes."""
    accent = SiteSettings.load().accent_colour
    response = HttpResponse(brand_css_text(accent=accent), content_type="text/css; charset=utf-8")
    current = request.GET.get("v") == brand_css_version(accent=accent)
    response["Cache-Control"] = (
        "public, max-age=31536000, immutable" if current else "public, max-age=300"
    )
    return response


@require_safe
def favicon(request):
    """Browsers ask /favicon.ico of a document that names no icon (a PDF, robots.txt) and for
    bookmarks: the clinic's icon (the logo made small, else the site's own), for a day."""
    icons = SiteSettings.load().favicon_urls
    response = HttpResponseRedirect(icons.get("icon") or static("img/favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


@never_cache
def healthz(request):
    """200 while the database answers (saying whether the cache does), else 503."""
    database = database_reachable()
    cache = "ok" if cache_reachable() else "degraded"
    if not database:
        return HttpResponse(
            f"database unavailable\ndatabase: unavailable\ncache: {cache}\n",
            status=503,
            content_type="text/plain",
        )
    return HttpResponse(f"ok\ndatabase: ok\ncache: {cache}\n", content_type="text/plain")


def error_page(request, template: str, *, status: int) -> HttpResponse:
    """Render an error page; with the settings' defaults and no menu if that fails.

    In the language of the address: an error may come from a layer that runs before
    LocaleMiddleware has chosen it.
    """
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            return render(request, template, status=status)
        except Exception:
            logger.exception("Error page %s rendered with the default settings", template)
            context = {"site_settings": SiteSettings(pk=1), "nav_pages": []}
            return render(request, template, context, status=status)


def service_unavailable(request) -> HttpResponse:
    response = error_page(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def bad_request(request, exception=None):
    if isinstance(exception, SessionInterrupted) and not database_reachable():
        return service_unavailable(request)
    return error_page(request, "400.html", status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return error_page(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return error_page(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    """Show the friendly 503 page when the database is the cause, else the 500 page.

    Django calls this for an uncaught exception from any layer, the view or a middleware, so
    this one place covers a database lost mid-request wherever it shows.
    """
    _, error, _ = sys.exc_info()
    # Only an unreachable database is an outage; a database error with the database up (a
    # broken constraint, say) is a fault of ours, and retrying would not help.
    if isinstance(error, Error) and not database_reachable():
        return service_unavailable(request)
    return error_page(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    """A missing or stale form token: explain it kindly; the visitor's session is untouched."""
    return error_page(request, "403_csrf.html", status=403)
