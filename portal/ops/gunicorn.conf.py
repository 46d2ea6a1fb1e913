"""Gunicorn settings for production: ``make serve``, or ``gunicorn -c portal/ops/gunicorn.conf.py portal.wsgi``.

Workers are forked from a parent that has already loaded Django and Kiwi's model (unused), so the
model's ~450 MB are shared between the workers instead of loaded once per worker (bench/RESULTS.md
has the measured memory). The bind address and worker count come from the environment
(``--bind`` or GUNICORN_BIND; WEB_CONCURRENCY for the workers).

Sync workers: a request's Kiwi analysis and search are CPU work, so threads would buy little, and
a slow client is the reverse proxy's to buffer (README, "Production").
"""

import os

preload_app = True
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# A sync worker that is streaming an export does not report to the arbiter until it is done, and a
# whole-archive export streams for minutes (about 1,200 rows a second with bodies left out), so
# the worker timeout must outlast the longest export. Hung queries do not wait for it: each gets
# its 503 at REQUEST_STATEMENT_TIMEOUT_MS.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "600"))
graceful_timeout = 30
# A fresh worker now and then bounds slow memory growth; the jitter keeps them from restarting
# together. New workers adopt the parent's preloaded Kiwi, so a restart costs milliseconds.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # "-" for standard output
errorlog = "-"


def on_starting(server) -> None:
    from articles.services.analysis import analyser_preload

    analyser_preload()


def post_fork(server, worker) -> None:
    # Each worker applies the user dictionary and starts Kiwi's threads before it takes a request:
    # otherwise the first search a worker answered paid for it (seconds, on a busy machine).
    from django.db import connections

    from articles.services.analysis import analyser_warm_up

    analyser_warm_up()
    connections.close_all()
