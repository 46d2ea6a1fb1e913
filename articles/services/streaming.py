"""Ingesting files on disk: record files (JSON Lines, CSV, BigKinds .xlsx) of any size as a stream
committed in batches, resumable; any other file read whole (``source_ingest``)."""

from __future__ import annotations

import ctypes
import hashlib
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, connection, transaction

from articles.ingest.files import sidecar_url
from articles.ingest.outlets import OutletRecord
from articles.ingest.stream import Record, record_format, records, stream_format
from articles.ingest.types import ParsedArticle, ParseError
from articles.models import Source
from articles.search.backends import search_sync
from articles.search.dictionary import dictionary_refresh
from articles.services.analysis import Analysed, analysis_ahead
from articles.services.filing import FileIngest, parsed_texts, stories_lock
from articles.services.ingest import SourceAhead, source_ingest
from articles.services.outlets import outlet_registry, outlets_get_or_create
from articles.services.reports import MAX_WARNINGS, FileReport, Progress, file_too_large, report_warner

# Articles per batch: each batch is one transaction, so the advisory locks it holds (two per
# story: ``stories_lock``) stay far below the shared lock table (max_locks_per_transaction × max
# connections: 6,400 by default) whatever the file's size; MAX_BATCH caps what --batch may ask.
BATCH = 500
MAX_BATCH = 1000
# Article ids kept on the report (the admin's upload lists them); a dump's millions are not.
MAX_IDS = 10_000


def path_ingest(
    *,
    path: Path,
    dry_run: bool = False,
    batch: int = BATCH,
    on_progress: Callable[[Progress], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    ahead: analysis_ahead | None = None,
    read: SourceAhead | StreamAhead | None = None,
    read_next: Callable[[], None] | None = None,
) -> FileReport:
    """Ingest the file at ``path``: what ``manage.py ingest`` and the queue's ``ingest_file`` job do.

    A record file (JSON Lines, CSV with a header, a BigKinds ``.xlsx``) of any size goes through
    ``stream_ingest``; any other file is read whole (its ``<file>.url`` sidecar, when there is one,
    giving the page's URL) and refused over ``INGEST_MAX_FILE_BYTES``, before it is read.
    ``ahead``, ``read`` and ``read_next``: see ``articles.services.files_ingest.paths_ingest``.
    """
    fmt = stream_format(path)
    if fmt is not None:
        return stream_ingest(
            path=path,
            fmt=fmt,
            dry_run=dry_run,
            batch=batch,
            on_progress=on_progress,
            on_warning=on_warning,
            ahead=ahead,
            read=read if isinstance(read, StreamAhead) else None,
            read_next=read_next,
        )
    try:
        refused = file_too_large(name=str(path), size=path.stat().st_size)
        if refused:
            return refused
        data = path.read_bytes()
    except OSError as exc:
        return FileReport(name=str(path), status="error", error=f"cannot read: {exc}")
    return source_ingest(
        name=str(path),
        data=data,
        dry_run=dry_run,
        url=sidecar_url(path),
        ahead=ahead,
        read=read if isinstance(read, SourceAhead) else None,
        read_next=read_next,
    )


def stream_ingest(
    *,
    path: Path,
    fmt: str,
    dry_run: bool = False,
    batch: int = BATCH,
    on_progress: Callable[[Progress], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    name: str = "",
    reason: str = "",
    ahead: analysis_ahead | None = None,
    read: StreamAhead | None = None,
    read_next: Callable[[], None] | None = None,
) -> FileReport:
    """Ingest a record file as a stream, ``batch`` articles per transaction; resumable.

    The file's ``Source`` (keyed by its sha256, no raw text) is committed first and records the
    lines filed so far in the same transaction as each batch: a run killed at any point and started
    again skips exactly those lines, so every article lands once. A complete file is skipped. Each
    article's line is its ``ArticleSource.position``. A bad line is a warning naming the file and
    the line, and the others land. Memory stays flat: one batch (and the next, analysed ahead) is
    held at a time. With ``dry_run`` the file is read and reported, nothing written.
    ``ahead``, ``read`` and ``read_next``: see ``articles.services.files_ingest.paths_ingest``.
    """
    name = name or str(path)
    batch = max(1, min(batch, MAX_BATCH))
    report = FileReport(name=name)
    warn = report_warner(report, on_warning)
    try:
        size = path.stat().st_size
        digest = read.digest if read is not None else _sha256(path)
        report.format = record_format(path, fmt)
    except (OSError, ParseError) as exc:
        report.status, report.error = "error", f"cannot read: {exc}"
        return _dropped(report, read)
    if dry_run:
        _dropped(report, read)
        return _stream(path, fmt, report, None, batch, on_progress, warn, reason)
    source = _source_for(name=name, digest=digest, fmt=report.format, size=size)
    # One run per file at a time (a session lock, released when the run ends or its process dies):
    # a second run waits, then finds the file complete, or resumes where a killed one stopped.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [_file_lock_key(digest)])
    try:
        source.refresh_from_db(fields=["lines_done", "complete"])
        if source.complete:
            report.status = "unchanged"
            return _dropped(report, read)
        _stream(path, fmt, report, source, batch, on_progress, warn, reason, ahead, read, read_next)
        if report.status == "error" and not source.article_sources.exists():
            # Nothing of it was filed: no trace, so that the file is read again next time.
            source.delete()
        return report
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_file_lock_key(digest)])


def _dropped(report: FileReport, read: StreamAhead | None) -> FileReport:
    if read is not None:
        read.drop()
    return report


def _stream(
    path: Path,
    fmt: str,
    report: FileReport,
    source: Source | None,
    batch: int,
    on_progress: Callable[[Progress], None] | None,
    warn: Callable[[str], None],
    reason: str,
    ahead: analysis_ahead | None = None,
    read: StreamAhead | None = None,
    read_next: Callable[[], None] | None = None,
) -> FileReport:
    """The records of ``path`` after its lines done, filed into ``source`` (None: a dry run, read
    and counted only) a batch at a time, Kiwi analysing the next batch while one is written."""
    size = path.stat().st_size
    after = report.resumed_after = source.lines_done if source is not None else 0
    state = None
    if source is not None:
        state = FileIngest(source=source, report=report, version=dictionary_refresh(), reason=reason or None)
    registry = outlet_registry()
    if read is not None and (state is None or (read.after, read.version) != (after, state.version)):
        read.drop()
        read = None
    started = time.monotonic()
    filed = skipped = 0  # skipped: bytes of the lines a resumed run passes over (no time spent)

    def file_pending(state: FileIngest, pending: tuple[list[Record], Future[list[Analysed]]]) -> None:
        nonlocal filed, skipped
        if not filed and after:
            skipped = pending[0][0].offset
        filed += _batch_file(state, *pending)
        _progress(on_progress, pending[0], filed, size, started, skipped)

    pending: tuple[list[Record], Future[list[Analysed]]] | None = None
    if read is not None and read.outlets == registry.records:
        read.warnings.attach(warn)  # the warnings met while it was read ahead, and those to come
        batches, pending = read.batches, (read.first, read.analysed)
    else:
        batches = _batches(records(path, fmt=fmt, outlets=registry, after=after), batch, warn)
    try:
        with nullcontext(ahead) if ahead is not None else analysis_ahead() as pool:
            if pending is None and read is not None:
                pending = _read_again(read, batches, pool)
            for chunk in batches:
                if state is None:
                    report.new += len(chunk)
                    continue
                future = pool.submit([parsed_texts(r.article) for r in chunk if r.article is not None])
                if pending is not None:
                    file_pending(state, pending)
                pending = (chunk, future)
            if read_next is not None:
                read_next()  # every analysis of this file is submitted: the next file's may start
            if pending is not None and state is not None:
                file_pending(state, pending)
    except ParseError as exc:
        report.status, report.error = "error", str(exc)
        return report
    if source is not None and (filed or after):
        Source.objects.filter(pk=source.pk).update(complete=True)
    if not filed and not report.new and not after:
        detail = "; ".join(report.warnings[:3]) or "no records"
        report.status, report.error = "error", f"{report.name}: no article in the file ({detail})"
    return report


def _read_again(
    read: StreamAhead, batches: Iterator[list[Record]], pool: analysis_ahead
) -> tuple[list[Record], Future[list[Analysed]]] | None:
    """The first batch parsed again (the outlet registry changed since it was read ahead), with the
    analysis read ahead when its texts are the same, else a new one."""
    read.close()
    first = next(batches, None)
    if first is None:
        read.analysed.cancel()
        return None
    texts = [parsed_texts(r.article) for r in first if r.article is not None]
    if [r.line for r in first] == [r.line for r in read.first] and texts == [
        parsed_texts(r.article) for r in read.first if r.article is not None
    ]:
        return first, read.analysed
    read.analysed.cancel()
    return first, pool.submit(texts)


class _TooManyWarnings(Exception):
    pass


class _HeldWarnings:
    """Warnings met while a file is read ahead: held until its turn, then passed on as they come."""

    def __init__(self) -> None:
        self.held: list[str] = []
        self.warn: Callable[[str], None] | None = None

    def __call__(self, message: str) -> None:
        if self.warn is not None:
            self.warn(message)
        elif len(self.held) < MAX_WARNINGS:
            self.held.append(message)
        else:  # a file of bad lines is not held in memory: it is read at its turn
            raise _TooManyWarnings

    def attach(self, warn: Callable[[str], None]) -> None:
        self.warn = warn
        for message in self.held:
            warn(message)
        self.held.clear()


@dataclass
class StreamAhead:
    """A record file's first batch read before its turn (``stream_read_ahead``), its analysis under
    way while the file before it is filed; the reader stays open on the rest."""

    digest: str
    after: int  # its lines done when it was read
    outlets: tuple[OutletRecord, ...]  # the registry it was parsed against
    version: str  # the dictionary it is analysed with
    batches: Iterator[list[Record]]
    first: list[Record]
    analysed: Future[list[Analysed]]
    warnings: _HeldWarnings

    def drop(self) -> None:
        """Give it up: its analysis is not used, its reader closed."""
        self.analysed.cancel()
        self.close()

    def close(self) -> None:
        """Close its reader (the file is read again)."""
        close = getattr(self.batches, "close", None)
        if close is not None:
            close()


def stream_read_ahead(*, path: Path, fmt: str, batch: int, ahead: analysis_ahead) -> StreamAhead | None:
    """Read the first batch of a record file after its lines done and submit its analysis to
    ``ahead``, as ``stream_ingest`` will; None when there is none (a complete or unreadable file,
    no record). Reads, writes nothing and takes no lock: ``stream_ingest`` checks, under the
    file's lock, that the lines done are still those it read after."""
    batch = max(1, min(batch, MAX_BATCH))
    try:
        digest = _sha256(path)
        record_format(path, fmt)
    except (OSError, ParseError):
        return None
    done = Source.objects.filter(sha256=digest).values_list("lines_done", "complete").first()
    if done is not None and done[1]:
        return None
    after = done[0] if done is not None else 0
    registry = outlet_registry()
    version = dictionary_refresh()
    held = _HeldWarnings()
    batches = _batches(records(path, fmt=fmt, outlets=registry, after=after), batch, held)
    try:
        first = next(batches, None)
    except (OSError, ParseError, _TooManyWarnings):
        return None
    if first is None:
        return None
    analysed = ahead.submit([parsed_texts(r.article) for r in first if r.article is not None])
    return StreamAhead(digest, after, registry.records, version, batches, first, analysed, held)


def _file_lock_key(digest: str) -> int:
    # Its own key space beside stories_lock's (the first 15 hex digits of a text key, positive).
    return -int(digest[:15], 16) - 1


def _source_for(*, name: str, digest: str, fmt: str, size: int) -> Source:
    """The file's Source: created, and committed at once, when new."""
    source = Source.objects.filter(sha256=digest).first()
    if source is None:
        try:
            source = Source.objects.create(
                file_name=name, sha256=digest, format=fmt, size=size, raw_text="", complete=False
            )
        except IntegrityError:  # created by another run meanwhile
            source = Source.objects.get(sha256=digest)
    return source


def _batch_file(state: FileIngest, chunk: list[Record], analysed: Future[list[Analysed]]) -> int:
    """File one batch in its own transaction, with the file's progress; returns its size."""
    articles: list[ParsedArticle] = [r.article for r in chunk]  # type: ignore[misc]
    # New outlets are committed before the batch, as source_ingest does for a file.
    state.outlets.update(
        outlets_get_or_create(names={a.outlet for a in articles if (a.outlet or "") not in state.outlets})
    )
    with transaction.atomic():
        stories_lock(articles)
        state.chunk([r.line for r in chunk], articles, analysed)
        Source.objects.filter(pk=state.source.pk).update(lines_done=chunk[-1].line)
        search_sync(ids=list(state.touched))
    # What the batch touched is committed and indexed: nothing of it is held for the next one but
    # the first MAX_IDS ids on the report (what the admin's upload lists).
    report = state.report
    report.article_ids.extend(list(state.touched)[: max(0, MAX_IDS - len(report.article_ids))])
    del report.created_ids[MAX_IDS:]
    state.touched.clear()
    state.indexed.clear()
    release_freed_memory()
    return len(chunk)


# glibc's malloc_trim, or None where the C library has none (musl, macOS).
_malloc_trim = getattr(ctypes.CDLL(None), "malloc_trim", None)


def release_freed_memory() -> None:
    """Give the C heap's free pages back to the system, after a batch is committed.

    Filing a batch allocates and frees a lot in several threads (Kiwi's workers, the analysis
    thread, the search index's writer): glibc keeps what is freed in its arenas and rarely returns
    it, so a long file's RSS only grew, ~10 KiB per article, with the heap's bytes in use flat
    (bench/STREAMING.md). ``malloc_trim(0)`` returns every whole free page of every arena.
    """
    if _malloc_trim is not None:
        _malloc_trim(0)


def _batches(stream, size: int, warn: Callable[[str], None]):
    chunk: list[Record] = []
    for record in stream:
        if record.message:
            warn(f"{record.unit} {record.line}: {record.message}")
        if record.article is None:
            continue
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _progress(
    on_progress: Callable[[Progress], None] | None,
    chunk: list[Record],
    filed: int,
    size: int,
    started: float,
    skipped: int,
) -> None:
    if on_progress is not None:
        last = chunk[-1]
        seconds = time.monotonic() - started
        on_progress(Progress(last.line, filed, last.offset, size, seconds, last.unit, bytes_skipped=skipped))


def _sha256(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()
