"""Keyed hashes that let the front desk find a request whose details are encrypted.

A request's name, phone and email are stored encrypted, so the database cannot compare them
with what is typed in the search box. Beside each, the request keeps an HMAC-SHA256 of the
value written one standard way (digits of a phone number, a lower-cased email, each word of a
name). The same value typed any way gives the same hash; without CONSULTATION_SEARCH_KEY the
hashes reveal nothing and cannot be tested against guesses. After changing that key, run
`manage.py consultation_requests_reencrypt` so stored hashes are made with the new one.
"""

import hashlib
import hmac
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# 64 bits of each HMAC: plenty to tell a clinic's requests apart, and short to store.
HASH_HEX_LENGTH = 16
PHONE_EXTENSION = re.compile(r"(ext\.?|x)\s*\d+\s*$", re.IGNORECASE)


def _key() -> bytes:
    key = settings.CONSULTATION_SEARCH_KEY
    if not key:
        raise ImproperlyConfigured("CONSULTATION_SEARCH_KEY is not set")
    return key.encode()


def value_hash(*, value: str) -> str:
    """The keyed hash of an already normalised value; empty for an empty value."""
    if not value:
        return ""
    return hmac.new(_key(), value.encode(), hashlib.sha256).hexdigest()[:HASH_HEX_LENGTH]


def phone_normalise(*, phone: str) -> str:
    """The digits of a phone number, without an extension or the USA's country code 1.

    "(555) 010-9999", "555.010.9999", "+1 555 010 9999" and "1-555-010-9999" all give
    "5550109999".
    """
    digits = "".join(ch for ch in PHONE_EXTENSION.sub("", phone or "") if ch.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits


def email_normalise(*, email: str) -> str:
    return (email or "").strip().lower()


def name_words(*, name: str) -> list[str]:
    """The words of a name, lower-cased and without accents, so "José" finds "jose"."""
    decomposed = unicodedata.normalize("NFKD", (name or "").casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return [word for word in re.split(r"[^\w]+", plain) if word]


def phone_hash(*, phone: str) -> str:
    return value_hash(value=phone_normalise(phone=phone))


def email_hash(*, email: str) -> str:
    return value_hash(value=email_normalise(email=email))


def name_index(*, name: str) -> str:
    """Each word's hash between spaces (" a b "), so one word is found with " a "."""
    hashes = sorted({value_hash(value=word) for word in name_words(name=name)})
    return f" {' '.join(hashes)} " if hashes else ""


def looks_like_phone(*, text: str) -> bool:
    """Whether a search is a phone number: only phone characters, and 7 digits or more."""
    return bool(re.fullmatch(r"[\d\s().+\-]+", text.strip())) and (
        len(phone_normalise(phone=text)) >= 7
    )
