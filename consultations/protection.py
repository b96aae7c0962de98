"""Guards on the request form: a per-address rate limit and one-time form tokens."""

import hashlib
import ipaddress
import secrets
import time

from django.core import signing
from django.core.cache import cache
from django.utils.crypto import salted_hmac

RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 60 * 60

FORM_TOKEN_SALT = "consultations.form-token"
FORM_TOKEN_MAX_AGE = 24 * 60 * 60


def rate_limit_key(*, address: str, window_seconds: int = RATE_WINDOW_SECONDS) -> str:
    """Key a cache entry by the address, hashed so the cache never holds the address itself."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        network = address
    else:
        # One IPv6 household gets a whole /64: limit the network, not each address in it.
        prefix = 64 if parsed.version == 6 else 32
        network = str(ipaddress.ip_network(f"{parsed}/{prefix}", strict=False))
    digest = salted_hmac("consultations.rate-limit", network).hexdigest()[:32]
    window = int(time.time() // window_seconds)
    return f"consultations:rate:{digest}:{window}"


def rate_limit_allow(
    *, address: str, limit: int = RATE_LIMIT, window_seconds: int = RATE_WINDOW_SECONDS
) -> bool:
    """Count one attempt from this address; False once it has made `limit` in this window."""
    key = rate_limit_key(address=address, window_seconds=window_seconds)
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count <= limit


def form_token_issue() -> str:
    """Return a signed, timestamped token for a freshly shown form; it can send one request."""
    return signing.dumps(secrets.token_urlsafe(16), salt=FORM_TOKEN_SALT)


def form_token_key(*, token: str) -> str | None:
    """Return the key a posted token stores under, or None if it is forged or too old."""
    try:
        signing.loads(token, salt=FORM_TOKEN_SALT, max_age=FORM_TOKEN_MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    return hashlib.sha256(token.encode()).hexdigest()
