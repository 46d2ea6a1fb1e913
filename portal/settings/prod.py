"""Production: `make serve`, or any WSGI server given ``portal.wsgi``.

Everything secret or host-specific comes from the environment. With none set (a fresh clone),
it still serves safely on loopback: a secret key is generated once into ``var/secret_key``
(never committed) and the allowed hosts are the machine's own names.
"""

import os
import secrets
from pathlib import Path

from .base import *  # noqa: F403
from .base import SECRET_KEY, VAR_DIR, env, env_bool, env_list

SECRET_KEY_FILE = Path(env("SECRET_KEY_FILE", str(VAR_DIR / "secret_key")))


def _secret_key_from_file() -> str:
    """The key in ``var/secret_key``, created on first use. O_EXCL, so that two processes starting
    at once cannot each write a different key and sign each other's sessions invalid."""
    SECRET_KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(SECRET_KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return SECRET_KEY_FILE.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(64))
    return SECRET_KEY_FILE.read_text().strip()


if not SECRET_KEY:
    SECRET_KEY = _secret_key_from_file()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# HTTPS everywhere, behind a TLS-terminating proxy that sets X-Forwarded-Proto. Only a server that
# answers to the machine's own names alone (a fresh clone's `make serve`, where no certificate can
# exist) is not redirected to HTTPS; as soon as ALLOWED_HOSTS names a real host, it is.
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not set(ALLOWED_HOSTS) <= LOOPBACK_HOSTS)
if set(ALLOWED_HOSTS) <= LOOPBACK_HOSTS and not SECURE_SSL_REDIRECT:
    SILENCED_SYSTEM_CHECKS = ["security.W008"]  # loopback only: there is no host to redirect to
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # Django logs every 4xx as a warning; a 400 for a malformed query is the reader's, not ours.
    "loggers": {"django.request": {"level": env("LOG_LEVEL_REQUESTS", "ERROR")}},
}
