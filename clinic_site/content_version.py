"""Content versions: tokens that change when what visitors are shown changes, one per scope.

Every cache of public content (whole pages, the page index, the site settings, the clinic's
facts, the screener's guidance) puts tokens in its keys, so replacing a token refreshes what was
kept under it in every process at once, and old entries simply expire. Publishing one FAQ answer
should not empty every cached page, so there is a token per scope:

- EVERYTHING, in every key: replaced when something every page shows changes (the menu, the
  footer, the site settings, the team, the places) and whenever a kind of change has not been
  narrowed down. When in doubt, a change replaces this one: correctness beats a warm cache.
- One per page address (address_scope): the whole page cached at that address.
- GUIDANCE: the screener's guidance texts. PUBLISHED_PAGES: what is read per live page version
  for every page (the reviewer it names, clinic/facts.py).

What each change replaces is decided where the change is heard: content/signals.py,
clinic/signals.py, clinic_site/models.py and screener/models.py.

A scope token is made when first needed, only if none is stored ("add"), so that a process that
rendered old text never stores it under a token written after a change. A page address's token
is made only when a page is stored there (page_cache.py), so addresses nobody serves make none.

The tokens live in the shared cache (Redis) when there is one. With the per-process memory cache
they live in small files instead, so that a change saved by one server process is seen at once
by the others on the same machine. The files are kept in a folder of the site's own
(CONTENT_VERSION_DIR, by default var/ in the project), made for the site's user alone (0700): in
a shared folder such as /tmp another local user could create a file first, and then freeze the
cache or make every staff save fail.
"""

import functools
import hashlib
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction

CONTENT_VERSION_KEY = "content:version:2"

EVERYTHING = "everything"
GUIDANCE = "guidance"
PUBLISHED_PAGES = "published pages"


def address_scope(path: str) -> str:
    """The scope of the whole page cached at this address (a path, as request.path has it)."""
    return f"address {path}"


def version_folder() -> Path:
    """The folder of the version files: CONTENT_VERSION_DIR, else var/ in the project."""
    configured = getattr(settings, "CONTENT_VERSION_DIR", None)
    return Path(configured) if configured else Path(settings.BASE_DIR) / "var"


@functools.cache
def version_folder_make_private(folder: Path) -> None:
    """Create the folder for this user alone (0700), or check that an existing one is its own.

    An existing folder must belong to this user and be writable by no one else; it is never
    changed, as it may be a folder the operator chose (or /tmp, when the process runs as root).
    """
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    status = folder.stat()
    if status.st_uid != os.geteuid() or status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise ImproperlyConfigured(
            f"The content version's folder {folder} must belong to the user the site runs as "
            "and be writable by no one else: `chmod 700` it, or set CONTENT_VERSION_DIR to a "
            "folder of the site's own."
        )


def version_file_path() -> Path | None:
    """The file of the EVERYTHING token shared by this machine's processes, or None to keep
    the tokens in the cache. The other scopes' files are in a folder beside it."""
    configured = getattr(settings, "CONTENT_VERSION_FILE", None)
    if configured:
        path = Path(configured)
        version_folder_make_private(path.parent)
        return path
    if not isinstance(caches["default"], LocMemCache):
        return None  # a shared cache (Redis) holds the tokens themselves
    database = connection.settings_dict
    name = str(database.get("NAME") or "")
    if connection.vendor == "sqlite" and (name == ":memory:" or "mode=memory" in name):
        return None  # an in-memory database is private to this process, and so is its content
    identity = "|".join([str(settings.BASE_DIR), connection.vendor, name, str(database["HOST"])])
    digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
    folder = version_folder()
    version_folder_make_private(folder)
    return folder / f"clinic-content-version-{digest}"


def _scope_digest(scope: str) -> str:
    return hashlib.sha256(scope.encode()).hexdigest()[:32]


def _scope_file(base: Path, scope: str) -> Path:
    if scope == EVERYTHING:
        return base
    return base.with_name(f"{base.name}.scopes") / _scope_digest(scope)


def _scope_key(scope: str) -> str:
    if scope == EVERYTHING:
        return CONTENT_VERSION_KEY
    return f"{CONTENT_VERSION_KEY}:{_scope_digest(scope)}"


def _token_parse(text: str | None) -> str | None:
    # An older file may hold "token due-time": the token is the first word.
    parts = (text or "").split()
    return parts[0] if parts else None


def _tokens_read(scopes: list[str]) -> dict[str, str | None]:
    base = version_file_path()
    if base is None:
        stored = cache.get_many([_scope_key(scope) for scope in scopes])
        return {scope: _token_parse(stored.get(_scope_key(scope))) for scope in scopes}
    tokens = {}
    for scope in scopes:
        try:
            text = _scope_file(base, scope).read_text(encoding="ascii", errors="replace")
        except OSError:
            text = None
        tokens[scope] = _token_parse(text)
    return tokens


def _token_store(scope: str, token: str, *, only_if_absent: bool) -> bool:
    """Store a scope's token; with only_if_absent, only if it has none. Whether it was stored."""
    base = version_file_path()
    if base is None:
        key = _scope_key(scope)
        if only_if_absent:
            return bool(cache.add(key, token, timeout=None))
        cache.set(key, token, timeout=None)
        return True
    path = _scope_file(base, scope)
    version_folder_make_private(path.parent)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{token}")
    # Readable by the site's user alone, like its folder; a new name each time (O_EXCL).
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(token)
    if not only_if_absent:
        os.replace(temporary, path)  # atomic: readers see the old token or the new one
        return True
    try:
        os.link(temporary, path)  # atomic, and refused when the file exists
    except FileExistsError:
        return False
    finally:
        temporary.unlink()
    return True


def content_version_claim(scope: str) -> str | None:
    """Make a token for a scope that has none, and return it; None if one appeared meanwhile
    (perhaps written by a change since the caller read the content: nothing may be kept)."""
    token = secrets.token_hex(8)
    return token if _token_store(scope, token, only_if_absent=True) else None


def content_versions_read(*scopes: str) -> dict[str, str | None]:
    """The stored token of each scope, None where there is none yet (EVERYTHING always has
    one: it is made here if missing)."""
    tokens = _tokens_read([EVERYTHING, *scopes])
    if tokens[EVERYTHING] is None:
        tokens[EVERYTHING] = (
            content_version_claim(EVERYTHING) or _tokens_read([EVERYTHING])[EVERYTHING]
        )
    if tokens[EVERYTHING] is None:
        # The store does not answer (Redis down): a token of this call's own, so nothing is
        # served from an entry that could be stale.
        tokens[EVERYTHING] = secrets.token_hex(8)
    return tokens


def content_version_get(*scopes: str) -> str:
    """The part of a cache key that changes whenever what these scopes cover changes: the
    EVERYTHING token, then each scope's (made if missing)."""
    tokens = content_versions_read(*scopes)
    for scope in scopes:
        if tokens[scope] is None:
            tokens[scope] = (
                content_version_claim(scope)
                or _tokens_read([scope])[scope]
                or secrets.token_hex(8)  # the store does not answer: never a stale entry
            )
    return ":".join(tokens[scope] for scope in [EVERYTHING, *scopes])


def content_scopes_renew(*scopes: str) -> None:
    """Replace these scopes' tokens, so that what was cached under them is rendered afresh."""
    for scope in scopes:
        _token_store(scope, secrets.token_hex(8), only_if_absent=False)


def content_version_bump() -> str:
    """Replace the EVERYTHING token, so that every cached page is rendered afresh."""
    token = secrets.token_hex(8)
    _token_store(EVERYTHING, token, only_if_absent=False)
    return token


def content_changed(*, scopes: Iterable[str] = (EVERYTHING,), **signal_arguments) -> None:
    """Replace these scopes' tokens (by default EVERYTHING) now and again once the transaction
    commits. Usable as a signal receiver, which renews everything.

    The second time matters: a request that rendered the old text between the save and the
    commit cached it under the token just replaced, never under the one that follows.
    """
    scopes = tuple(scopes)
    content_scopes_renew(*scopes)
    transaction.on_commit(functools.partial(content_scopes_renew, *scopes))
