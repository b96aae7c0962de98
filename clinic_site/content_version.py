"""The content version: one token that changes whenever what visitors are shown changes.

Every cache of public content (whole pages, the page index, the site settings, the screener's
guidance) is keyed by this token, so replacing it refreshes them all at once and old entries
simply expire. It is replaced when staff save something a page shows (content/signals.py), and
when a time recorded with content_version_change_due() arrives, such as a scheduled page going
live, so that change shows on time without any staff action.

The token lives in the shared cache (Redis) when there is one. With the per-process memory
cache it lives in a small file instead, so that a change saved by one server process is seen
at once by the others on the same machine. The file is kept in a folder of the site's own
(CONTENT_VERSION_DIR, by default var/ in the project), made for the site's user alone (0700): in
a shared folder such as /tmp another local user could create the file first, and then freeze
the cache or make every staff save fail.
"""

import functools
import hashlib
import os
import secrets
import stat
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction

CONTENT_VERSION_KEY = "content:version:2"


def version_folder() -> Path:
    """The folder of the version file: CONTENT_VERSION_DIR, else var/ in the project."""
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
    """The version file shared by this machine's processes, or None to keep it in the cache."""
    configured = getattr(settings, "CONTENT_VERSION_FILE", None)
    if configured:
        path = Path(configured)
        version_folder_make_private(path.parent)
        return path
    if not isinstance(caches["default"], LocMemCache):
        return None  # a shared cache (Redis) holds the token itself
    database = connection.settings_dict
    name = str(database.get("NAME") or "")
    if connection.vendor == "sqlite" and (name == ":memory:" or "mode=memory" in name):
        return None  # an in-memory database is private to this process, and so is its content
    identity = "|".join([str(settings.BASE_DIR), connection.vendor, name, str(database["HOST"])])
    digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
    folder = version_folder()
    version_folder_make_private(folder)
    return folder / f"clinic-content-version-{digest}"


def _record_parse(text: str) -> tuple[str, float | None] | None:
    """Read "token" or "token due-time" as written by _record_write."""
    parts = text.split()
    if not parts:
        return None
    try:
        due = float(parts[1]) if len(parts) > 1 else None
    except ValueError:
        due = None
    return parts[0], due


def _record_read() -> tuple[str, float | None] | None:
    path = version_file_path()
    if path is None:
        return _record_parse(cache.get(CONTENT_VERSION_KEY) or "")
    try:
        return _record_parse(path.read_text(encoding="ascii", errors="replace"))
    except OSError:
        return None


def _record_write(*, token: str, due: float | None) -> None:
    text = token if due is None else f"{token} {due:.3f}"
    path = version_file_path()
    if path is None:
        cache.set(CONTENT_VERSION_KEY, text, timeout=None)
        return
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{token}")
    # Readable by the site's user alone, like its folder; a new name each time (O_EXCL).
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(text)
    os.replace(temporary, path)  # atomic: readers see the old token or the new one


def content_version_get() -> str:
    """Return the current token; a new one if none is stored or a recorded change is due."""
    record = _record_read()
    if record is None:
        return content_version_bump()
    token, due = record
    if due is not None and time.time() >= due:
        return content_version_bump()
    return token


def content_version_bump() -> str:
    """Replace the token, so that every cached page is rendered afresh."""
    token = secrets.token_hex(8)
    _record_write(token=token, due=None)
    return token


def content_version_change_due(*, at: float) -> None:
    """Record that what visitors see changes at this Unix time (a scheduled page going live)."""
    record = _record_read()
    due = record[1] if record else None
    if due is None or at < due:
        # A fresh token, never the one read: a change saved meanwhile must not be undone.
        _record_write(token=secrets.token_hex(8), due=at)


def content_changed(**kwargs) -> None:
    """Replace the token now and again once the transaction commits (usable as a signal).

    The second time matters: a request that rendered the old text between the save and the
    commit cached it under the token just replaced, never under the one that follows.
    """
    content_version_bump()
    transaction.on_commit(content_version_bump)
