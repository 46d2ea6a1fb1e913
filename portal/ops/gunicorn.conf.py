"""Gunicorn settings for production: ``make serve``, or ``gunicorn -c portal/ops/gunicorn.conf.py portal.wsgi``.

Workers are forked from a parent that has already loaded Django and Kiwi's model (unused), so the
model's ~450 MB are shared between the workers instead of loaded once per worker (bench/RESULTS.md
has the measured memory). The bind address and worker count come from the environment
(``--bind`` or GUNICORN_BIND; WEB_CONCURRENCY for the workers).

Threaded workers (``gthread``, GUNICORN_THREADS per worker, 4 by default): a request's Kiwi
analysis and search are CPU work, so threads add little throughput, but with one request per
process a cache hit (a few ms) waited behind whatever its worker was doing, an export streaming
for seconds or an analysis made afresh; with threads it is answered between them. Kiwi, the
search index's searcher and Django's per-thread connections are safe to share this way
(``tests/articles/korean/test_threads.py``). A slow client is still the reverse proxy's to buffer
(README, "Production").
"""

import os

preload_app = True
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# No keep-alive by default, as with sync workers: a client reusing a connection at the moment the
# server's keep-alive timeout closes it gets a reset (seen under load with readers pausing 1-3 s).
# Behind a proxy that pools its upstream connections, set it above the proxy's idle timeout.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "0"))
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# A threaded worker reports to the arbiter while its threads stream; the long timeout stays for a
# deployment that sets sync workers back (GUNICORN_CMD_ARGS="--worker-class sync"), whose worker
# says nothing until a whole-archive export (minutes) is done. Hung queries do not wait for it:
# each gets its 503 at REQUEST_STATEMENT_TIMEOUT_MS.
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
