"""Serve public pages from the cache, keyed by a content version that every staff edit changes.

Every save or delete of a page, FAQ entry, redirect or the site settings replaces the version
token, so the next request for any page misses the cache and renders the change; old entries
simply expire. The token lives in the shared cache (Redis) when there is one. With the
per-process local-memory cache it lives in a small file instead, so an edit saved by one server
process is seen at once by the others.

Views mark their page shareable with @cached_public_page; PublicPageCacheMiddleware, near the
top of the middleware list, stores such pages whole and answers later requests for them before
the session, user and database layers run.
"""

import functools
import hashlib
import os
import re
import secrets
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import HttpResponse

CONTENT_VERSION_KEY = "content:version"
ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as django.middleware.gzip decides
# Entries are keyed by version, so a long lifetime never serves stale text; it only bounds
# how long an unused entry occupies memory.
PAGE_CACHE_SECONDS = 24 * 60 * 60


def new_token() -> str:
    return secrets.token_hex(8)


def version_file_path() -> Path | None:
    """Return the shared version file for a process-local cache, or None to use the cache."""
    database = connection.settings_dict
    return _version_file_for(
        configured=getattr(settings, "CONTENT_VERSION_FILE", None),
        cache_is_local=isinstance(caches["default"], LocMemCache),
        vendor=connection.vendor,
        name=str(database.get("NAME") or ""),
        host=str(database.get("HOST")),
    )


@functools.lru_cache(maxsize=16)  # read on every request; the answer depends only on these
def _version_file_for(
    *, configured: str | None, cache_is_local: bool, vendor: str, name: str, host: str
) -> Path | None:
    if configured:
        return Path(configured)
    if not cache_is_local:
        return None  # a shared cache (Redis) holds the token itself
    if vendor == "sqlite" and (name == ":memory:" or "mode=memory" in name):
        return None  # an in-memory database is private to this process, so is its content
    identity = "|".join([str(settings.BASE_DIR), vendor, name, host])
    digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"clinic-content-version-{digest}"


def _file_read(path: Path) -> str:
    # os.open and os.read: several times cheaper than Path.read_text, and this runs per request.
    descriptor = os.open(path, os.O_RDONLY)
    try:
        return os.read(descriptor, 256).decode("ascii", "replace")
    finally:
        os.close(descriptor)


def content_version_get() -> str:
    """Return the current content version token (never a database query)."""
    path = version_file_path()
    if path is not None:
        try:
            token = _file_read(path)
        except FileNotFoundError:
            return content_version_bump()
        except OSError:
            pass
        else:
            if token:
                return token
            return content_version_bump()
    token = cache.get(CONTENT_VERSION_KEY)
    if token is None:
        # A fresh token, never an old one: entries cached under an earlier token stay unused.
        cache.add(CONTENT_VERSION_KEY, new_token(), timeout=None)
        token = cache.get(CONTENT_VERSION_KEY)
    return token


def content_version_bump() -> str:
    """Replace the content version so every cached page is rendered afresh."""
    token = new_token()
    path = version_file_path()
    if path is not None:
        try:
            temporary = path.with_name(f"{path.name}.{os.getpid()}.{token}")
            temporary.write_text(token)
            os.replace(temporary, path)  # atomic: readers see the old token or the new one
            return token
        except OSError:
            pass
    cache.set(CONTENT_VERSION_KEY, token, timeout=None)
    return token


def page_cache_key(*, request, version: str) -> str | None:
    """Return the cache key of the page at this address, or None if the address is not valid.

    The page shows its own address (canonical link, current menu item), so it is keyed by
    scheme, host and path. The query string is ignored: cached pages do not read it.
    """
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the normal layers answer with the 400 page
    address = f"{request.scheme}://{host}{request.path}"
    # Stored gzipped for browsers that accept it (GZipMiddleware), as sent for those that do not.
    encoding = "gzip" if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else ""
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"content:html:{version}:{encoding}:{digest}"


def response_is_shareable(*, request, response) -> bool:
    """Only a plain page that reveals nothing about this visitor may be served to others."""
    if response.status_code != 200 or response.cookies or response.streaming:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page carries this visitor's form token
    session = getattr(request, "session", None)
    if session is not None and session.accessed:
        return False
    messages = getattr(request, "_messages", None)
    return not (messages is not None and getattr(messages, "used", False))


def cached_public_page(view):
    """Let PublicPageCacheMiddleware keep this view's page, when it is the same for everyone."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response_is_shareable(
            request=request, response=response
        ):
            response.shareable_public_page = True
        return response

    return wrapper


class PublicPageCacheMiddleware:
    """Answer a request for a cached public page before any other layer runs.

    It sits just inside the request log, so a hit costs no session, user or database work at
    all. On a miss it stores what the other layers produced, their security headers included,
    when the view marked the page shareable (see cached_public_page) and nothing on the way out
    made it personal: no cookie set and no Vary on the cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # Static files and the admin are never cached pages; skip even the cache lookup.
        self.skipped_prefixes = (settings.STATIC_URL, f"/{settings.ADMIN_URL}")

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(self.skipped_prefixes):
            return self.get_response(request)
        key = page_cache_key(request=request, version=content_version_get())
        if key is None:
            return self.get_response(request)
        cached = cache.get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if (
            getattr(response, "shareable_public_page", False)
            and response.status_code == 200
            and not response.cookies
            and "cookie" not in response.get("Vary", "").lower()
        ):
            from .navigation import page_index_get

            cache.set(
                key,
                (response.content, list(response.items())),
                timeout=page_index_get().cache_seconds(limit=PAGE_CACHE_SECONDS),
            )
        return response
