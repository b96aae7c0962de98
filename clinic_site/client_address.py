"""The visitor's address, as the nearest trusted proxy saw it."""

from django.conf import settings
from django.http import HttpRequest


def client_ip_address(request: HttpRequest) -> str | None:
    """Return the visitor's IP address for login rate limiting.

    Behind TRUSTED_PROXY_COUNT proxies, the address the nearest trusted proxy saw is the entry
    that many places from the right of X-Forwarded-For; entries further left are whatever the
    client chose to send, so they are never trusted.
    """
    proxy_count = settings.TRUSTED_PROXY_COUNT
    if proxy_count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxy_count:
            return forwarded[-proxy_count]
    return request.META.get("REMOTE_ADDR")
