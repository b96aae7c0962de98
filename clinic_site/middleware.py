import logging
import re
import time
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.core.exceptions import BadRequest
from django.http import HttpRequest
from django.utils.cache import patch_cache_control

request_logger = logging.getLogger("clinic_site.requests")
deployment_logger = logging.getLogger("clinic_site.deployment")

# Hostile requests can carry enormous paths or invented methods; a log line stays small.
LOGGED_PATH_LIMIT = 300
LOGGED_METHOD_LIMIT = 16

STAFF_LAST_SEEN_KEY = "clinic_site:staff-last-seen"


def forwarded_for_is_short(request: HttpRequest) -> bool:
    """Whether X-Forwarded-For has fewer addresses than the TRUSTED_PROXY_COUNT proxies append.

    Then no trusted proxy added the visitor's address (clinic_site.client_address falls back to
    the connection's own), or there is no proxy at all and a visitor may claim any address.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return len([part for part in forwarded.split(",") if part.strip()]) < (
        settings.TRUSTED_PROXY_COUNT
    )


class RequestLogMiddleware:
    """Log one line per request: method, path, status and duration.

    The query string, body, cookies and headers are never logged: a search term or a form value
    can be health information.

    It also warns, once per process, when TRUSTED_PROXY_COUNT says a proxy appends the visitor's
    address to X-Forwarded-For but a request arrives without it. The setting is then wrong, and
    with no proxy in front, a visitor who sends the header chooses the address that the sign-in
    lockout and the contact form's limit count.
    The health check is left out, as a monitor may call it without going through the proxy.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.proxy_warning_logged = False

    def __call__(self, request):
        started = time.perf_counter()
        if self.proxy_warning_due(request):
            self.proxy_warning_logged = True
            deployment_logger.warning(
                "TRUSTED_PROXY_COUNT is %d, but a request came with fewer addresses in "
                "X-Forwarded-For: set TRUSTED_PROXY_COUNT=0 when nothing stands in front of "
                "gunicorn, or have the proxy append the visitor's address (README, "
                "Production). Logged once per process.",
                settings.TRUSTED_PROXY_COUNT,
            )
        response = self.get_response(request)
        request_logger.info(
            "request",
            extra={
                "method": request.method[:LOGGED_METHOD_LIMIT],
                "path": request.path[:LOGGED_PATH_LIMIT],
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response

    def proxy_warning_due(self, request) -> bool:
        return (
            not self.proxy_warning_logged
            and request.path != "/healthz"
            and forwarded_for_is_short(request)
        )


def permissions_policy_header(*, policy: dict[str, list[str]]) -> str:
    """Build a Permissions-Policy value; an empty allow-list denies the feature everywhere."""
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in policy.items())


class PermissionsPolicyMiddleware:
    """Add the Permissions-Policy header from settings.PERMISSIONS_POLICY to every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(policy=settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


# Session keys Django issues are 32 lowercase letters and digits. Anything else in the cookie is
# forged; a NUL byte in it would even make PostgreSQL's driver raise instead of finding nothing.
SESSION_KEY_PATTERN = re.compile(r"[a-z0-9]{8,64}")


class ForgedSessionCookieMiddleware:
    """Drop a session cookie that cannot be a key Django issued, before the session reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = settings.SESSION_COOKIE_NAME
        value = request.COOKIES.get(name)
        forged = value is not None and not SESSION_KEY_PATTERN.fullmatch(value)
        if forged:
            del request.COOKIES[name]
        response = self.get_response(request)
        if forged and name not in response.cookies:
            response.delete_cookie(
                name,
                path=settings.SESSION_COOKIE_PATH,
                domain=settings.SESSION_COOKIE_DOMAIN,
                samesite=settings.SESSION_COOKIE_SAMESITE,
            )
            # A shared cache must not hand this deletion to visitors whose cookie is real.
            patch_cache_control(response, private=True)
        return response


def form_body_is_utf8(request: HttpRequest) -> bool:
    """Whether a posted form decodes as UTF-8, the only encoding the site's pages send."""
    if request.content_type == "application/x-www-form-urlencoded":
        try:
            # Browsers percent-encode every byte outside ASCII, and the bytes encode UTF-8.
            unquote_to_bytes(request.body.decode("ascii").replace("+", " ")).decode("utf-8")
        except UnicodeDecodeError:
            return False
    elif request.content_type == "multipart/form-data":
        # Django decodes each part itself, putting U+FFFD where bytes were not UTF-8.
        return not any(
            "\ufffd" in key or any("\ufffd" in value for value in values)
            for key, values in request.POST.lists()
        )
    return True


class UndecodableFormMiddleware:
    """Refuse a posted form that is not UTF-8 with the friendly 400 page, before any view.

    Django would read such bytes as Latin-1 or as replacement characters, and a form could then
    store the garbled text (a name in a consultation request, for instance).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and not form_body_is_utf8(request):
            raise BadRequest("form data is not UTF-8")
        return self.get_response(request)


class StaffSessionMiddleware:
    """End a signed-in (staff) session when the browser closes or after a spell of inactivity.

    Visitors' sessions are left alone: the screener keeps their answers for SESSION_COOKIE_AGE
    of inactivity in a cookie that survives a browser restart. Only staff sign in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = int(time.time())
        # Only a request that carries a session cookie can belong to a signed-in user; checking
        # the cookie first keeps cookie-less page views from touching the session at all.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and SESSION_KEY in request.session:
            last_seen = request.session.get(STAFF_LAST_SEEN_KEY, now)
            if now - last_seen > settings.STAFF_SESSION_IDLE_SECONDS:
                logout(request)
            else:
                request.session[STAFF_LAST_SEEN_KEY] = now

        response = self.get_response(request)

        # Just signed in: make the cookie last only until the browser closes.
        if request.session.modified and SESSION_KEY in request.session:
            if not request.session.get_expire_at_browser_close():
                request.session.set_expiry(0)
            request.session.setdefault(STAFF_LAST_SEEN_KEY, now)
        return response
