"""Production: every secret and service comes from the environment, or the site refuses to start."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

# FIELD_ENCRYPTION_KEYS and CONSULTATION_SEARCH_KEY: patients' details are encrypted with them.
REQUIRED_ENVIRONMENT = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "FIELD_ENCRYPTION_KEYS",
    "CONSULTATION_SEARCH_KEY",
)
_missing = [name for name in REQUIRED_ENVIRONMENT if not os.environ.get(name)]
if _missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: " + ", ".join(_missing)
    )

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = [host.strip() for host in os.environ["ALLOWED_HOSTS"].split(",") if host.strip()]
CSRF_TRUSTED_ORIGINS = [
    origin.strip() for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if origin
]

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

# HTTPS everywhere; the proxy in front terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The proxy that terminates TLS also appends the visitor's address to X-Forwarded-For; login
# rate limiting reads it from there (set 0 when nothing stands in front of gunicorn).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() == "true"

# --- Unsafe values refused (security review F11) --------------------------------------------
# Set but unsafe is refused too. A short or known key lets anyone forge sessions, password-reset
# links and CSRF tokens (Django's deployment check warns, W009, with these same limits); "*" in
# ALLOWED_HOSTS lets a request's Host header write the links in staff emails; a trusted origin
# over plain http lets a page on the network path post forms as the site.
_SECRET_KEY_MIN_LENGTH = 50
_SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
_SECRET_KEY_INSECURE_PREFIX = "django-insecure-"
_SECRET_KEY_MAKE = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"


def _secret_key_is_weak(key: str) -> bool:
    return (
        len(key) < _SECRET_KEY_MIN_LENGTH
        or len(set(key)) < _SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or key.startswith(_SECRET_KEY_INSECURE_PREFIX)
    )


def _unsafe_values() -> list[str]:
    """What is wrong with the environment's values, named without repeating a secret."""
    problems = []
    if _secret_key_is_weak(SECRET_KEY):
        problems.append(
            f"SECRET_KEY must be at least {_SECRET_KEY_MIN_LENGTH} random characters, not "
            f"starting with '{_SECRET_KEY_INSECURE_PREFIX}' (make one with: {_SECRET_KEY_MAKE})"
        )
    fallbacks = [key.strip() for key in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",")]
    if any(_secret_key_is_weak(key) for key in fallbacks if key):
        problems.append("SECRET_KEY_FALLBACKS must hold only keys as strong as SECRET_KEY")
    if not ALLOWED_HOSTS or any("*" in host for host in ALLOWED_HOSTS):
        problems.append(
            "ALLOWED_HOSTS must name the site's host names, comma-separated (for example "
            "clinic.example,www.clinic.example), without '*'"
        )
    if any(not origin.startswith("https://") for origin in CSRF_TRUSTED_ORIGINS):
        problems.append("CSRF_TRUSTED_ORIGINS must each start with https://")
    # Links in emails sent without a request (reminders, invitations, password resets) use
    # SITE_URL; over plain http they would send staff to an address anyone on the path can read.
    # A server that is not behind TLS at all says so with SECURE_SSL_REDIRECT=false.
    if SECURE_SSL_REDIRECT and not SITE_URL.startswith("https://"):  # noqa: F405
        problems.append("SITE_URL must be the site's https:// address (as staff reach it)")
    if TRUSTED_PROXY_COUNT < 0:
        problems.append("TRUSTED_PROXY_COUNT must be 0 (no proxy) or more")
    return problems


if _unsafe_values():
    raise ImproperlyConfigured(
        "Production settings refuse unsafe values:\n- " + "\n- ".join(_unsafe_values())
    )

# --- The content version's folder (security review F14) -------------------------------------
# The content version's file (clinic_site/content_version.py) is kept in a folder of the site's
# own, never a shared temporary one; by default var/ in the project.
CONTENT_VERSION_DIR = os.environ.get("CONTENT_VERSION_DIR", "")

# --- Uploaded images (issue 26) -------------------------------------------------------------
# With AWS_STORAGE_BUCKET_NAME set, uploads go to an S3-compatible store through
# django-storages, which needs boto3: refuse to start without it, rather than fail at the
# first upload. Without a bucket, uploads stay in MEDIA_ROOT on this server: with more than one
# server, that folder must be one they all share, or the bucket used instead.
if AWS_STORAGE_BUCKET_NAME:  # noqa: F405
    try:
        import boto3  # noqa: F401
    except ImportError:
        raise ImproperlyConfigured(
            "AWS_STORAGE_BUCKET_NAME is set, so uploaded images go to an S3-compatible store, "
            "which needs boto3 installed (pip install boto3)."
        ) from None
