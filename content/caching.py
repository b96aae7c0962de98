"""Serve public pages from the cache, keyed by a content version that every staff edit changes.

Every save or delete of a page, FAQ entry, redirect or the site settings replaces the version
token, so the next request for any page misses the cache and renders the change; old entries
simply expire. The token lives in the shared cache (Redis) when there is one. With the
per-process local-memory cache it lives in a small file instead, so an edit saved by one server
process is seen at once by the others.
"""

import functools
import hashlib
import os
import secrets
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.http import HttpResponse

CONTENT_VERSION_KEY = "content:version"
# Entries are keyed by version, so a long lifetime never serves stale text; it only bounds
# how long an unused entry occupies memory.
PAGE_CACHE_SECONDS = 24 * 60 * 60


def new_token() -> str:
    return secrets.token_hex(8)


def version_file_path() -> Path | None:
    """Return the shared version file for a process-local cache, or None to use the cache."""
    configured = getattr(settings, "CONTENT_VERSION_FILE", None)
    if configured:
        return Path(configured)
    if not isinstance(caches["default"], LocMemCache):
        return None  # a shared cache (Redis) holds the token itself
    name = str(connection.settings_dict.get("NAME") or "")
    if connection.vendor == "sqlite" and (name == ":memory:" or "mode=memory" in name):
        return None  # an in-memory database is private to this process, so is its content
    identity = "|".join(
        [str(settings.BASE_DIR), connection.vendor, name, str(connection.settings_dict.get("HOST"))]
    )
    digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"clinic-content-version-{digest}"


def content_version_get() -> str:
    """Return the current content version token (never a database query)."""
    path = version_file_path()
    if path is not None:
        try:
            token = path.read_text()
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


def page_cache_key(*, request, version: str) -> str:
    # The page shows its own address (canonical link, current menu item), so key by host and
    # path. The query string is ignored: these pages do not read it.
    address = f"{request.scheme}://{request.get_host()}{request.path}"
    return f"content:html:{version}:{hashlib.sha256(address.encode()).hexdigest()}"


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
    """Answer GET requests from the cache when possible; render and store them otherwise.

    The lookup happens before the view touches the database or the session, so a cached page
    costs no query at all.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = page_cache_key(request=request, version=content_version_get())
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response_is_shareable(request=request, response=response):
            from .navigation import page_index_get

            cache.set(
                key,
                (response.content, response["Content-Type"]),
                timeout=page_index_get().cache_seconds(limit=PAGE_CACHE_SECONDS),
            )
        return response

    return wrapper
