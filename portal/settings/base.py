"""Settings shared by every environment. The environment is read here and only here."""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = BASE_DIR / "var"


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


def database_from_env() -> dict:
    """DATABASE_URL when set (parsed by dj-database-url); otherwise the embedded cluster in var/run."""
    url = env("DATABASE_URL")
    if url:
        import dj_database_url

        if not url.startswith(("postgres://", "postgresql://")):
            raise ValueError(f"DATABASE_URL must be a postgres:// URL, not {url.split(':', 1)[0]}://")
        return dj_database_url.parse(url, conn_max_age=60)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": env("EMBEDDED_PG_DB", "archive"),
        "USER": env("EMBEDDED_PG_USER", "archive"),
        "HOST": str(VAR_DIR / "run"),
        "PORT": env("EMBEDDED_PG_PORT", "54329"),
        "CONN_MAX_AGE": 60,
    }


def replica_databases_from_env() -> dict[str, dict]:
    """Read replicas from DATABASE_REPLICA_URLS (comma-separated postgres:// URLs), as aliases
    ``replica_1``, ``replica_2``, ... in the order given; none when unset (docs/scaling.md).

    Each is a test mirror of ``default``: the test run creates no database for it, and its
    connection reaches the test database, as a real replica would reach the primary's data.
    """
    replicas: dict[str, dict] = {}
    for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
        import dj_database_url

        if not url.startswith(("postgres://", "postgresql://")):
            raise ValueError(
                f"DATABASE_REPLICA_URLS must hold postgres:// URLs, not {url.split(':', 1)[0]}://"
            )
        config = dj_database_url.parse(url, conn_max_age=60)
        config["TEST"] = {"MIRROR": "default"}
        replicas[f"replica_{number}"] = config
    return replicas


SECRET_KEY = env("SECRET_KEY")  # each environment decides what an unset key means
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    # django-ninja: its Swagger UI templates and static files, served from here (no CDN).
    "ninja",
    "simple_history",
    # The task queue for ingest and re-index workers (docs/scaling.md): its tables, by migrations.
    "procrastinate.contrib.django",
    "policy",
    "articles",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Curators' edits are recorded with the request user as the history user.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {"default": database_from_env()}
# Read replicas, when configured: public reads go to one of them, everything else to the primary.
# Without replicas neither the router nor its middleware is installed (docs/scaling.md).
DATABASES |= replica_databases_from_env()
DATABASE_ROUTERS = ["portal.db_router.PrimaryReplicaRouter"] if len(DATABASES) > 1 else []
if DATABASE_ROUTERS:
    # Outermost, so that every query of the request, the session's included, runs in its scope.
    MIDDLEWARE = ["portal.db_router.ReplicaReadsMiddleware", *MIDDLEWARE]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ko"
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Where `make run` and `loaddemo` read the demo articles from.
DEMO_DATA_DIR = BASE_DIR / "fixtures"
# Extra Kiwi user-dictionary words (loanwords, product names), one per line; see the file.
USER_DICTIONARY_FILE = Path(env("USER_DICTIONARY_FILE", str(BASE_DIR / "fixtures" / "dictionary.txt")))
# A process learns of entity edits made in this process at once (signals); of edits made by another
# process, at most this many seconds later.
DICTIONARY_RECHECK_SECONDS = float(env("DICTIONARY_RECHECK_SECONDS", "5"))
# The public search index (docs/search-engine.md), derived from PostgreSQL: one directory per
# database under this one. Synced after each commit; the tests, which never commit, sync at once.
SEARCH_INDEX_DIR = Path(env("SEARCH_INDEX_DIR", str(VAR_DIR / "search")))
SEARCH_SYNC_IMMEDIATE = False
# "index" answers public searches from that index; "sql" from PostgreSQL alone (the reference).
SEARCH_BACKEND = env("SEARCH_BACKEND", "index")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
