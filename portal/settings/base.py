"""Settings shared by every environment. The environment is read here and only here."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, overload

from csp.constants import NONE, SELF

if TYPE_CHECKING:
    from dj_database_url import DBConfig

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = BASE_DIR / "var"


@overload
def env(name: str, default: str) -> str: ...
@overload
def env(name: str, default: None = None) -> str | None: ...


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


def database_from_env() -> DBConfig:
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


# The database cache's table, made by portal's migration 0002 whatever CACHES says (a deployment may
# move between Redis and the database; the test settings use neither).
CACHE_TABLE = "portal_cache"


def cache_from_env() -> dict[str, object]:
    """Redis when CACHE_URL (or REDIS_URL) names one; otherwise the database (``CACHE_TABLE``).
    Either way one cache shared by every server process."""
    url = env("CACHE_URL") or env("REDIS_URL")
    if url:
        if not url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError(f"CACHE_URL must be a redis:// URL, not {url.split(':', 1)[0]}://")
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    return {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": CACHE_TABLE,
        # Pages of old versions are culled a third at a time past this many (about 50 KB each).
        "OPTIONS": {"MAX_ENTRIES": int(env("CACHE_MAX_ENTRIES", "5000")), "CULL_FREQUENCY": 3},
    }


def replica_databases_from_env() -> dict[str, DBConfig]:
    """Read replicas from DATABASE_REPLICA_URLS (comma-separated postgres:// URLs), as aliases
    ``replica_1``, ``replica_2``, ... in the order given; none when unset (docs/scaling.md).

    Each is a test mirror of ``default``: the test run creates no database for it, and its
    connection reaches the test database, as a real replica would reach the primary's data.
    """
    replicas: dict[str, DBConfig] = {}
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
    # Failed logins counted in the database: the throttle holds across processes and restarts.
    "axes",
    # The task queue for ingest and re-index workers (docs/scaling.md): its tables, by migrations.
    "procrastinate.contrib.django",
    "policy",
    "articles",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Per-client limits on the API and the exports (429 with Retry-After).
    "portal.ops.ratelimit.RateLimitMiddleware",
    # Every query made for a request runs under REQUEST_STATEMENT_TIMEOUT_MS; a cancelled one is a 503.
    "portal.ops.statement_timeout.StatementTimeoutMiddleware",
    # Anonymous GETs answered from the shared cache under the archive's version, 304s, Cache-Control;
    # outside the session, CSRF and message middleware, so it sees every cookie they set.
    "portal.ops.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Curators' edits are recorded with the request user as the history user.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
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
DATABASE_ROUTERS = ["portal.ops.db_router.PrimaryReplicaRouter"] if len(DATABASES) > 1 else []
if DATABASE_ROUTERS:
    # Outermost, so that every query of the request, the session's included, runs in its scope.
    MIDDLEWARE = ["portal.ops.db_router.ReplicaReadsMiddleware", *MIDDLEWARE]
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
STATIC_ROOT: Path | None = VAR_DIR / "staticfiles"  # None where the app serves them (dev, test)
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
# The tantivy search index (docs/search-engine.md), derived from PostgreSQL: one directory per
# database under this one. Synced after each commit; the tests, which never commit, sync at once.
SEARCH_INDEX_DIR = Path(env("SEARCH_INDEX_DIR", str(VAR_DIR / "search")))
SEARCH_SYNC_IMMEDIATE = False
# Which search backend answers searches (articles/search/backends/): "tantivy", that index; or
# "postgres", PostgreSQL alone (no index to build or keep; the reference the index is tested against).
SEARCH_BACKEND = env("SEARCH_BACKEND", "tantivy")

# --- Serving and defending (README "Production") ------------------------------------------------

# One cache for every server process (docs/scaling.md): readers' pages and the home page's blocks,
# keyed by the archive's version, so never stale (portal/ops/page_cache.py).
CACHES = {"default": cache_from_env()}
# How long the server keeps an anonymous page of one version (0: not at all; 304s still answered).
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "3600"))
# A streamed answer (an export) is kept as well when it ends within this many bytes: a search's
# export, asked for again in the same version, is then one cache read instead of every row again.
PAGE_CACHE_STREAM_MAX_BYTES = int(env("PAGE_CACHE_STREAM_MAX_BYTES", str(2 * 1024 * 1024)))
# How long a browser or a reverse proxy may reuse an anonymous page before revalidating it (a 304
# when nothing changed): up to this many seconds behind a write, at the proxy, never at the server.
HTTP_CACHE_MAX_AGE = int(env("HTTP_CACHE_MAX_AGE", "30"))

# How many proxies (nginx, a load balancer) sit in front of the server and append to
# X-Forwarded-For. 0: the client is REMOTE_ADDR. Never more than the real number, or a client can
# choose its own address (and its own throttle and rate-limit buckets).
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))

# Every SQL statement run while answering a request is cancelled after this long, and the reader
# gets a 503 (JSON on the API) instead of a worker held for minutes. Commands are not limited.
REQUEST_STATEMENT_TIMEOUT_MS = int(env("REQUEST_STATEMENT_TIMEOUT_MS", "10000"))

# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere. The portal's
# scripts and styles are static files; charts are inline SVG drawn with attributes, not styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Login throttling (django-axes, counted in the database): after LOGIN_FAILURE_LIMIT failures for
# one username from one address, that pair is refused for LOGIN_COOLOFF_MINUTES.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# portal.ops.clients.client_ip, checked to be an address (the column is inet); see portal/admin/login.py.
AXES_CLIENT_IP_CALLABLE = "portal.admin.login.login_client_ip"
# Refused attempts during a lockout are not counted, so the lock ends LOGIN_COOLOFF_MINUTES after
# the last failure, as the lockout page says, however often the curator retries meanwhile.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The admin login page with a Korean message and a 429, not axes' bare English text.
AXES_LOCKOUT_CALLABLE = "portal.admin.login.login_lockout_response"

# Per-client request limits, "<requests>/<seconds>"; an empty value turns a group off. Staff are
# not limited. A client over its limit gets a 429 with Retry-After; exports also allow at most
# EXPORTS_PER_CLIENT at once, so one script cannot hold every worker.
RATE_LIMITS = {
    "api": env("RATE_LIMIT_API", "120/60"),
    "export": env("RATE_LIMIT_EXPORT", "10/60"),
}
EXPORTS_PER_CLIENT = int(env("EXPORTS_PER_CLIENT", "2"))

# The largest article file accepted, by `manage.py ingest` and by the admin's upload alike: a
# bigger file is refused by name before it is read, so memory stays bounded.
INGEST_MAX_FILE_BYTES = int(env("INGEST_MAX_FILE_BYTES", str(20 * 1024 * 1024)))
# The admin's upload form: how many files one upload may hold.
DATA_UPLOAD_MAX_NUMBER_FILES = int(env("INGEST_UPLOAD_MAX_FILES", "200"))

# Where `make backup` writes its dumps.
BACKUP_DIR = Path(env("BACKUP_DIR", str(VAR_DIR / "backups")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
