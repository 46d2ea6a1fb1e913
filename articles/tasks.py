"""Ingest and re-analysis as jobs on a task queue, for parallel workers (docs/scaling.md).

The queue is procrastinate on the PostgreSQL we already run: a job is a row, deferred in the
enqueuer's transaction and taken by a worker with ``SELECT ... FOR UPDATE SKIP LOCKED``, so no
broker is added and a job is never run twice at once. Workers run
``manage.py procrastinate worker --queues ingest,analysis --concurrency 1``, one process per core:
Kiwi is CPU-bound and releases the GIL only inside its own threads, so parallelism comes from
processes, not from a worker's concurrency.

The tasks only call the services; every rule (one transaction per file, dedup, indexing, the search
index sync after commit) stays where it is, so a job does exactly what ``manage.py ingest`` does
for one file.
"""

from __future__ import annotations

from pathlib import Path

from django.db import InterfaceError, OperationalError
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from articles.services.analysis import articles_analyse
from articles.services.reports import FileReport
from articles.services.streaming import path_ingest

INGEST_QUEUE = "ingest"
ANALYSIS_QUEUE = "analysis"

# A lost connection, a failover or a deadlock is worth another try: ingest is idempotent (a file
# already stored is skipped by its sha256) and re-analysis rewrites the same rows. A parse error or a
# missing file is not: it fails the job at once, to be read in the job list.
_TRANSIENT = RetryStrategy(
    max_attempts=3, exponential_wait=2, retry_exceptions=[OperationalError, InterfaceError]
)


class IngestFailed(Exception):
    """The file could not be ingested (unreadable, or no parser could read it)."""


@app.task(queue=INGEST_QUEUE, retry=_TRANSIENT)
def ingest_file(*, path: str) -> dict:
    """Ingest one file, as ``manage.py ingest PATH`` does; the job fails when the file does.

    ``path`` must be readable by the worker: workers on other machines need the same path mounted.
    Returns the file's report (logged by the worker).
    """
    report: FileReport = path_ingest(path=Path(path))
    if report.status == "error":
        raise IngestFailed(f"{path}: {report.error}")
    return {
        "status": report.status,
        "format": report.format,
        "new": report.new,
        "duplicates": report.duplicates,
        "needs_review": report.needs_review,
        "article_ids": report.article_ids,
    }


@app.task(queue=ANALYSIS_QUEUE, retry=_TRANSIENT)
def reanalyse_articles(*, ids: list[int]) -> int:
    """Rebuild the vectors, tags and search-index documents of these articles; returns how many."""
    return articles_analyse(ids=ids)
