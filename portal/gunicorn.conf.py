"""Gunicorn settings for production: ``gunicorn -c portal/gunicorn.conf.py portal.wsgi``.

Workers are forked from a parent that has already loaded Django and Kiwi's model (unused), so the
model's ~450 MB are shared between the workers instead of loaded once per worker (docs/scaling.md
has the measured memory). Bind address and worker count come from the environment, as gunicorn
reads them (GUNICORN_CMD_ARGS, or WEB_CONCURRENCY for the workers).
"""

import os

preload_app = True
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
timeout = 60


def on_starting(server) -> None:
    from articles.korean.kiwi import preload

    preload()
