"""The test suite: `make test`."""

import os

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env("SECRET_KEY", "test-only-not-secret")
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; tests only
# Static files come straight from the app and static/ folders; no collectstatic outside production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Several test runs may share one PostgreSQL (parallel work in one checkout): give each run its own
# test database so they never drop each other's.
DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}  # noqa: F405

# Tests never commit: the search index is synced inside the transaction (tests/conftest.py
# re-syncs what a test touched after its rollback).
SEARCH_SYNC_IMMEDIATE = True

# The suite calls the API and the exports far more often than any reader; the rate-limit tests
# turn the limits on for themselves.
RATE_LIMITS = {"api": "", "export": ""}
EXPORTS_PER_CLIENT = 0

# A cache of the test process's own (cleared around each test, no database needed). Tests never
# commit, so the archive's version never moves within a test: a page stored before a test's write
# would be served after it. The page-cache tests commit (transactional_db) and turn the store on.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGE_CACHE_SECONDS = 0
