"""Settings shared by every environment; each environment module imports and adjusts these."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    # Django's admin app with the clinic's admin site (second factor required) as admin.site.
    "clinic_site.apps.ClinicAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
    "crispy_forms",
    "reversion",
    "csp",
    "axes",
    # Second factor for staff: codes from an authenticator app (TOTP) and one-time backup codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # After django_otp, whose device admins clinic_site/admin.py takes out again.
    "clinic_site.apps.ClinicSiteConfig",
    "editorial.apps.EditorialConfig",
    "content.apps.ContentConfig",
    # The main menu's entries that are not pages (the screener, contact, the clinic's pages).
    "navigation.apps.NavigationConfig",
    "screener.apps.ScreenerConfig",
    "consultations.apps.ConsultationsConfig",
    # The image library staff put in pages; django-imagekit makes its renditions.
    "imagekit",
    "images.apps.ImagesConfig",
    "clinic.apps.ClinicConfig",
    # Staff accounts a practice manager runs (invitations, set-up links, unlocking sign-in);
    # after clinic_site, as its user admin replaces Django's.
    "accounts.apps.AccountsConfig",
]

MIDDLEWARE = [
    # First, so every response is logged, whichever layer below produced it.
    "clinic_site.middleware.RequestLogMiddleware",
    "clinic_site.middleware.ForgedSessionCookieMiddleware",
    # Next, so a cached public page is answered before the session, user and axes layers run;
    # it keeps the headers the layers below added when the page was first rendered.
    "clinic_site.page_cache.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "clinic_site.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages go out gzipped to browsers that accept it (static files are already compressed);
    # a cached page is stored compressed, so it is compressed once, not on every request.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "clinic_site.middleware.UndecodableFormMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Tells whether the signed-in user passed the second factor (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    "clinic_site.middleware.StaffSessionMiddleware",
    # Ends a staff session STAFF_SESSION_MAX_SECONDS after sign-in, however busy it has been.
    "accounts.middleware.StaffSessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic_site.urls"
WSGI_APPLICATION = "clinic_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinic_site.context_processors.site",
                "content.context_processors.navigation",
                "clinic_site.context_processors.language_alternates",
            ],
        },
    },
]

FORM_RENDERER = "django.forms.renderers.TemplatesSetting"  # widget templates in templates/

# SQLite by default so a newcomer needs no server; DATABASE_URL selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The admin lives at ADMIN_URL (default "admin/"); a less obvious path draws fewer robots.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"

# Axes first: it refuses a locked-out username and address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one username from one address lock that pair out for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A sign-in succeeds only once the second factor is passed (clinic_site/sign_in.py), so a right
# password followed by wrong codes keeps counting; wrong codes count like wrong passwords.
AXES_RESET_ON_SUCCESS = True
# Left out of the request details axes keeps of a failed attempt (the password always is).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
AXES_LOCKOUT_TEMPLATE = "clinic_site/lockout.html"
AXES_CLIENT_IP_CALLABLE = "clinic_site.client_address.client_ip_address"
# How many reverse proxies in front of the site append to X-Forwarded-For (0: none).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English at /, Spanish under /es/ (clinic_site/urls.py). The language comes from the address
# alone, so a page's cache entry and every link on it are in one language; nothing stores the
# choice beyond the visit. The admin stays English, in Django's own words.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploaded files (the image library) go through Django's storage API. By default the media
# folder, served by the site itself (images/urls.py), so `make run` needs nothing else. With
# more than one server, AWS_STORAGE_BUCKET_NAME selects an S3-compatible store that all of them
# share (django-storages; needs boto3 installed); its other settings come from the environment
# too (README, "Images"). Credentials are boto3's own AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY, read by boto3 itself, never kept here.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Where pages' images come from, for the Content Security Policy's img-src: the site alone, or
# the site and the store's host.
MEDIA_IMAGE_SOURCES: list[str] = []
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    # A CDN or the bucket's public host name, as visitors' browsers reach it.
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    # Images are public once on a page: plain addresses (no signed, expiring query strings),
    # which browsers and proxies can cache. Names are content hashes, so nothing is guessable
    # or ever overwritten, and each file may be cached for a year.
    AWS_QUERYSTRING_AUTH = False
    AWS_DEFAULT_ACL = None  # the bucket's own policy decides who may read
    AWS_S3_FILE_OVERWRITE = False
    AWS_S3_OBJECT_PARAMETERS = {"CacheControl": "public, max-age=31536000, immutable"}
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_IMAGE_SOURCES = [f"https://{AWS_S3_CUSTOM_DOMAIN.split('/')[0]}"]
    elif AWS_S3_ENDPOINT_URL:  # another S3-compatible store: its own origin
        _scheme, _, _rest = AWS_S3_ENDPOINT_URL.partition("://")
        MEDIA_IMAGE_SOURCES = [f"{_scheme}://{_rest.split('/')[0]}"]
    else:  # Amazon S3's addresses for the bucket, with and without its region
        MEDIA_IMAGE_SOURCES = [f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"]
        if AWS_S3_REGION_NAME:
            MEDIA_IMAGE_SOURCES.append(
                f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{AWS_S3_REGION_NAME}.amazonaws.com"
            )
# Renditions are made when an image is saved (images/models.py), and then assumed to exist.
IMAGEKIT_CACHEFILE_DIR = "images/renditions"
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.Optimistic"
# How hard Pillow works at making each AVIF rendition small (0 slowest to 10 fastest; 6 is
# Pillow's own default): the smallest files for visitors, paid once, when staff upload.
IMAGE_AVIF_ENCODER_SPEED = 6
# The Markdown renderer (clinic_site/markdown.py) shows `![alt](image:42)` with this function.
MARKDOWN_IMAGE_RENDERER = "images.rendering.image_html"
# ... and `[words](page:42)` with the page's current address.
MARKDOWN_PAGE_ADDRESS = "content.links.page_address"
# ... and `[[clinic:phone]]` (hours, address, email) with the clinic's current detail.
MARKDOWN_CLINIC_DETAIL = "content.clinic_details.clinic_detail_html"

# Cache: local memory unless REDIS_URL names a shared Redis (needed with more than one server).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Sites (or test runs) sharing one Redis database each need their own prefix.
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "clinic"),
            # A Redis that stops answering costs each cache call half a second at most.
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    # While Redis is down every cache call is a miss (a write does nothing) and logs one
    # warning (clinic_site.logging.CacheFailureFilter), so pages render without the cache,
    # sessions are read from the database they are written through to, and everything is
    # back to normal when Redis answers again, without a restart. Stock django-redis.
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "django_redis.cache"
    # Sessions read from the shared cache, so any server continues any visitor's journey,
    # and are written through to the database, so a Redis restart loses nobody's answers.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "clinic",
        }
    }
    # Sessions in the database, shared by every process and server that shares it.
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Screener answers live only in the session; an idle visitor's answers expire after 30 minutes.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A staff session ends when the browser closes or after this long without a request.
STAFF_SESSION_IDLE_SECONDS = 30 * 60
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "clinic_site.views.csrf_failure"
# The screener warns this long before the answers expire (WCAG 2.2.1); the time limit itself is
# SESSION_COOKIE_AGE, which the pages state and the warning counts down.
SCREENER_TIMEOUT_WARNING_SECONDS = 2 * 60
# "Exit this page" on the screener and crisis pages leaves for this neutral site (same tab).
QUICK_EXIT_URL = os.environ.get("QUICK_EXIT_URL", "https://www.google.com/")

# Oversized requests are refused with a friendly 400 page instead of being read into memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

# Forms render through our own pack, templates/govuk/ (see clinic_site/form_layout.py).
CRISPY_ALLOWED_TEMPLATE_PACKS = ("govuk",)
CRISPY_TEMPLATE_PACK = "govuk"
# A layout naming a field the form lacks, or a field twice, is an error, not a missing input.
CRISPY_FAIL_SILENTLY = False

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The site's own address, for links in emails sent without a request (review reminders).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "website@clinic.example")

# How long consultation requests are kept before `purge_consultation_requests` deletes them.
CONSULTATION_RETENTION_DAYS = int(os.environ.get("CONSULTATION_RETENTION_DAYS", "90"))
# Contact requests' personal details are encrypted (django-fernet-encrypted-fields), with a key
# made from SECRET_KEY and the first of FIELD_ENCRYPTION_KEYS; the others, and
# SECRET_KEY_FALLBACKS, still read older rows (README, "Rotating the keys"). Search uses keyed
# hashes made with CONSULTATION_SEARCH_KEY. prod.py requires both.
SALT_KEY = [
    key.strip() for key in os.environ.get("FIELD_ENCRYPTION_KEYS", "").split(",") if key.strip()
]
SECRET_KEY_FALLBACKS = [
    key.strip() for key in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",") if key.strip()
]
CONSULTATION_SEARCH_KEY = os.environ.get("CONSULTATION_SEARCH_KEY", "")

LOGIN_URL = "admin:login"


def _totp_issuer(device) -> str:
    """The name staff see beside the account in their authenticator app: the clinic's."""
    from clinic_site.models import SiteSettings

    return SiteSettings.load().clinic_name


OTP_TOTP_ISSUER = _totp_issuer
# A half-finished sign-in (right password, no code yet) is forgotten after this long.
SECOND_FACTOR_PENDING_SECONDS = 10 * 60
# Setting up a second factor starts only from a one-time link emailed to the person (an
# invitation, or after a reset), never from the password alone; the link works this long.
STAFF_SET_UP_LINK_HOURS = int(os.environ.get("STAFF_SET_UP_LINK_HOURS", "72"))
# A set-up begun from a link (its key shown in that one session) is dropped after this long.
SECOND_FACTOR_SET_UP_SECONDS = 30 * 60
# However active, a staff session ends this long after signing in (ASVS 3.3.2: 12 hours at most).
STAFF_SESSION_MAX_SECONDS = 10 * 60 * 60
# Wrong passwords and codes for one account, from any number of addresses, pause its sign-in
# after this many within the window (counted since its last sign-in or unlock), until a practice
# manager unlocks it or the window passes. django-axes still pauses one address after five.
STAFF_SIGN_IN_FAILURE_LIMIT = 20
STAFF_SIGN_IN_FAILURE_WINDOW = timedelta(hours=24)
# Staff sign-in activity is kept this long (six years, HIPAA's documentation period), then
# `purge_staff_activity` deletes it.
STAFF_ACTIVITY_RETENTION_DAYS = int(os.environ.get("STAFF_ACTIVITY_RETENTION_DAYS", "2190"))
# A "forgot your password" link works for an hour, once (Django's own reset views).
PASSWORD_RESET_TIMEOUT = 60 * 60
# Where signing in leads when the page asked for is not safe to go to.
LOGIN_REDIRECT_URL = "admin:index"

# Content Security Policy in every environment, so tests and browsers see the production policy.
# No inline scripts or styles anywhere: templates load CSS and JS from static files only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_IMAGE_SOURCES],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
# Features no page uses, denied so injected or embedded content cannot ask for them either.
PERMISSIONS_POLICY = {"camera": [], "microphone": [], "geolocation": [], "interest-cohort": []}
X_FRAME_OPTIONS = "DENY"

# One JSON line per record, with only the fields clinic_site.logging allows: requests are logged
# by method, path, status and duration, never by query string, body or cookies.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "clinic_site.logging.JsonFormatter"},
    },
    "filters": {
        "cache_failure": {"()": "clinic_site.logging.CacheFailureFilter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Replace Django's default handlers (its admin e-mail handler would send request data).
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # SQL logging would print query parameters, that is, visitors' answers.
        "django.db.backends": {"level": "WARNING"},
        # django-redis logs each cache call it carried on without; one warning line each.
        "django_redis.cache": {"filters": ["cache_failure"]},
    },
}
