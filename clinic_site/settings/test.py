"""Test runs: fast hashing, in-memory email, plain static storage."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_AUTOREFRESH = True
# The browser tests' axe-core, which they load into the live server's pages from this address
# (tests/browser/support/axe.py): in the test settings only, so the site never serves it.
STATICFILES_DIRS = [*STATICFILES_DIRS, ("axe-core", BASE_DIR / "tests" / "browser" / "vendor")]  # noqa: F405
# The test client's login() calls authenticate() without a request, which django-axes refuses;
# tests of the lockout itself turn it back on with override_settings(AXES_ENABLED=True).
AXES_ENABLED = False
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# "Exit this page" leaves for a page of the site under test: no test may load another site.
QUICK_EXIT_URL = "/"
# Fixed keys for the encrypted contact requests and their search hashes: test data only.
SALT_KEY = SALT_KEY or ["test-only-field-encryption-key"]  # noqa: F405
CONSULTATION_SEARCH_KEY = CONSULTATION_SEARCH_KEY or "test-only-search-key"  # noqa: F405
# Uploaded images in tests go to a folder of the test run's own, never the developer's media/.
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# Tests that upload images each have a media folder of their own, but the same photo gives the
# same rendition names, and imagekit's record that a rendition exists would outlive the folder:
# tests keep no such record (production keeps it in the shared cache).
CACHES = {**CACHES, "imagekit": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # noqa: F405
IMAGEKIT_CACHE_BACKEND = "imagekit"
# The tests check which renditions are made, their pixel sizes and who may see them, never how
# small the encoder gets them: at Pillow's default effort, AVIF encoding took about 14 of the fast
# tier's 245 worker-seconds.
IMAGE_AVIF_ENCODER_SPEED = 10
