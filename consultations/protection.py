"""Guards on the request form: a per-address rate limit and one-time form tokens.

Both live in the database, shared by every worker and server and up whenever a request can be
saved at all: the rate limit counts in RateLimitCount, and a form token is spent by the request
it sent (ConsultationRequest.submission_key is unique), so no cache outage weakens either.
"""

import hashlib
import ipaddress
import secrets
import time
from datetime import UTC, datetime

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import RateLimitCount

RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 60 * 60

FORM_TOKEN_SALT = "consultations.form-token"
FORM_TOKEN_MAX_AGE = 24 * 60 * 60


def rate_limit_key(
    *, address: str, window: int | None = None, window_seconds: int = RATE_WINDOW_SECONDS
) -> str:
    """Key a window's count by the address, hashed so the database never holds the address."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        network = address
    else:
        # One IPv6 household gets a whole /64: limit the network, not each address in it.
        prefix = 64 if parsed.version == 6 else 32
        network = str(ipaddress.ip_network(f"{parsed}/{prefix}", strict=False))
    digest = salted_hmac("consultations.rate-limit", network).hexdigest()[:32]
    if window is None:
        window = int(time.time() // window_seconds)
    return f"{digest}:{window}"


def rate_limit_allow(
    *, address: str, limit: int = RATE_LIMIT, window_seconds: int = RATE_WINDOW_SECONDS
) -> bool:
    """Count one attempt from this address; False once it has made `limit` in the last window.

    The last window slides (security review F14): counts are kept per clock hour, and the
    previous hour's count weighs as much as the part of it that is still within the last hour.
    Five requests at 12:59 therefore still count at 13:05, where whole clock hours would let
    another five through.
    """
    now = time.time()
    window = int(now // window_seconds)
    key = rate_limit_key(address=address, window=window, window_seconds=window_seconds)
    previous_key = rate_limit_key(address=address, window=window - 1, window_seconds=window_seconds)
    # Kept until the end of the next window, while it still weighs on that window's requests.
    kept_until = datetime.fromtimestamp((window + 2) * window_seconds, tz=UTC)
    counts = RateLimitCount.objects.filter(key=key)
    with transaction.atomic():
        RateLimitCount.objects.filter(expires_at__lt=timezone.now()).delete()
        # An UPDATE of F("count") + 1 is atomic, so concurrent requests each count.
        if not counts.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateLimitCount.objects.create(key=key, count=1, expires_at=kept_until)
            except IntegrityError:  # another request created it first
                counts.update(count=F("count") + 1)
        count = counts.values_list("count", flat=True).get()
        previous = (
            RateLimitCount.objects.filter(key=previous_key).values_list("count", flat=True).first()
            or 0
        )
    still_within = 1 - (now % window_seconds) / window_seconds
    return count + previous * still_within <= limit


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
