"""Local development: debug on, a fixed throwaway key, SQLite unless DATABASE_URL is set."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-used-in-production"  # noqa: F405
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# Fixed keys for the encrypted contact requests and their search hashes: dev data only.
SALT_KEY = SALT_KEY or ["dev-only-field-encryption-key"]  # noqa: F405
CONSULTATION_SEARCH_KEY = CONSULTATION_SEARCH_KEY or "dev-only-search-key"  # noqa: F405
