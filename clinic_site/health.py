"""Whether the services the site stands on answer: for /healthz and the error pages."""

import secrets

from django.core.cache import cache
from django.db import Error, connection

CACHE_PROBE_SECONDS = 10


def database_reachable() -> bool:
    """Whether the database answers a query now (opening a connection if it has to)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Error:  # DatabaseError, or InterfaceError for a connection the server closed
        return False
    return True


def cache_reachable() -> bool:
    """Whether the cache keeps what is written to it.

    With DJANGO_REDIS_IGNORE_EXCEPTIONS a Redis that is down raises nothing: writes do nothing
    and reads miss. So write a value of this call's own and read it back.
    """
    key = f"clinic_site:health:{secrets.token_hex(8)}"
    value = secrets.token_hex(8)
    try:
        cache.set(key, value, timeout=CACHE_PROBE_SECONDS)
        kept = cache.get(key) == value
        cache.delete(key)
    except Exception:  # a cache backend that raises instead
        return False
    return kept
