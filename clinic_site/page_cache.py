"""Whole public pages served from the cache, ahead of the session, user and database layers.

This is why content pages answer many times faster than a page rendered on each request, so it
is kept, and its rules are all here:

- A view declares its page public with @public_page: the page is the same for every visitor.
- PublicPageCacheMiddleware, near the top of the middleware list, stores such a page only if
  nothing on the response says it became personal on the way out: no cookie set, no
  `Vary: Cookie` (the session or the CSRF token was used), no `Cache-Control` of private,
  no-store or no-cache, and a plain 200.
- Only an address the site's own links lead to is looked up or stored: no query string (a page
  may repeat it in its links, as the language link does, and it would then reach every visitor
  who gets the stored page), and the site's host name exactly as configured (Django accepts a
  configured name with any port, in capitals or with a trailing dot, and a page shows that Host
  in its canonical link; each variant would otherwise be a new entry, pushing the real ones out).
  Other requests are answered by the layers below, as if there were no cache.
- Entries are keyed by two content versions (clinic_site/content_version.py): the one every
  page shares, replaced when something every page shows changes, and the address's own, replaced
  when only that page changes (its text, its FAQ answers). A change shows at once, in every
  process, and publishing one page leaves the others' entries in place; old entries expire
  unused. An address gets its own version only when its page is first stored, so a request for
  an address that serves no page makes none.
- A hit is answered with the stored body and headers, the security headers included.
- Any response that sets a cookie goes out with `Cache-Control: private`, so a shared cache in
  front of the site (a CDN) never hands one visitor's cookie to another either.
"""

import functools
import hashlib
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from .content_version import (
    EVERYTHING,
    address_scope,
    content_version_claim,
    content_versions_read,
)

ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as django.middleware.gzip decides
PERSONAL_CACHE_CONTROL = re.compile(r"\b(private|no-store|no-cache)\b", re.IGNORECASE)
# Entries are keyed by version, so a long lifetime never serves stale text; it only bounds
# how long an unused entry occupies memory.
PAGE_CACHE_SECONDS = 24 * 60 * 60


def public_page(view):
    """Declare that this view's page is the same for every visitor, so it may be cached."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.public_page = True
        return response

    return wrapper


def response_is_shareable(response: HttpResponse) -> bool:
    """Whether a response may be served to other visitors, judged only by what it shows."""
    return (
        getattr(response, "public_page", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "cookie" not in response.get("Vary", "").lower()
        and not PERSONAL_CACHE_CONTROL.search(response.get("Cache-Control", ""))
    )


def host_is_canonical(*, request) -> bool:
    """Whether the request's Host is the site's name as configured, so its page may be cached.

    That is a name in ALLOWED_HOSTS exactly (not a pattern), bare or with the port this server
    listens on, or the host of SITE_URL. SERVER_PORT is the port the WSGI server is bound to
    (gunicorn, runserver), not one the visitor chose; only on a Unix socket does gunicorn take it
    from the Host header, which is why the proxy must send the bare host name (README). Raises
    DisallowedHost for a host the site does not serve.
    """
    host = request.get_host()
    names = [name for name in settings.ALLOWED_HOSTS if "*" not in name and name[:1] != "."]
    port = request.META.get("SERVER_PORT", "")
    canonical = {urlsplit(settings.SITE_URL).netloc, *names}
    canonical.update(f"{name}:{port}" for name in names if port)
    return host in canonical


def page_is_cacheable(*, request) -> bool:
    """Whether the page at this address may be looked up and stored (see the top of this file):
    not with a query string, nor with a Host other than the site's own name."""
    if request.META.get("QUERY_STRING"):
        return False
    try:
        return host_is_canonical(request=request)
    except DisallowedHost:
        return False  # the normal layers answer with the 400 page


def page_cache_key(*, request, version: str) -> str:
    """Return the cache key of the page at this address under this version.

    A page shows its own address (canonical link, current menu item), so it is keyed by scheme,
    host and path.
    """
    address = f"{request.scheme}://{request.get_host()}{request.path}"
    # Stored gzipped for browsers that accept it (GZipMiddleware), as sent for those that do not.
    encoding = "gzip" if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else ""
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{version}:{encoding}:{digest}"


def response_mark_private_if_setting_cookies(response: HttpResponse) -> None:
    """Add `Cache-Control: private` (dropping any `public`) to a response that sets a cookie.

    With SESSION_SAVE_EVERY_REQUEST a visitor with a session gets `Set-Cookie` on every page;
    this stops a shared cache in front of the site from keeping that cookie for others.
    """
    if response.cookies:
        patch_cache_control(response, private=True)


class PublicPageCacheMiddleware:
    """Answer a request for a cached public page before any other layer runs."""

    def __init__(self, get_response):
        self.get_response = get_response
        # Static files, uploaded images and the admin are never public pages: skip even the
        # cache lookup (files carry their own far-future headers).
        self.skipped_prefixes = (settings.STATIC_URL, settings.MEDIA_URL, f"/{settings.ADMIN_URL}")

    def __call__(self, request):
        response = self.response_from_cache_or_layers(request)
        response_mark_private_if_setting_cookies(response)
        return response

    def response_from_cache_or_layers(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(self.skipped_prefixes):
            return self.get_response(request)
        if not page_is_cacheable(request=request):
            return self.get_response(request)
        scope = address_scope(request.path)
        # Read before the page is rendered: a change after this replaces them, so a page
        # rendered from the old text is kept under versions nobody asks for again.
        versions = content_versions_read(scope)
        if versions[scope] is not None:
            version = f"{versions[EVERYTHING]}:{versions[scope]}"
            cached = cache.get(page_cache_key(request=request, version=version))
            if cached is not None:
                content, headers = cached
                response = HttpResponse(content)
                for name, value in headers:
                    response[name] = value
                return response
        response = self.get_response(request)
        if response_is_shareable(response):
            if versions[scope] is None:
                # None if a change made one meanwhile: this page may show the old text.
                versions[scope] = content_version_claim(scope)
            if versions[scope] is not None:
                version = f"{versions[EVERYTHING]}:{versions[scope]}"
                key = page_cache_key(request=request, version=version)
                cache.set(key, (response.content, list(response.items())), PAGE_CACHE_SECONDS)
        return response
