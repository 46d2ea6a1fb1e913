"""Ingesting raw files: parse, store the source, create or link articles, index them."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from contextlib import nullcontext
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from articles.ingest.outlets import OutletRecord
from articles.ingest.registry import parse_bytes
from articles.ingest.types import ParsedArticle, ParseError, ParseResult
from articles.models import Source
from articles.search.backends import search_sync
from articles.search.dictionary import dictionary_refresh
from articles.services.analysis import (
    Analysed,
    analysis_ahead,
)
from articles.services.filing import FileIngest, parsed_texts, stories_lock
from articles.services.outlets import (
    outlet_registry,
    outlets_get_or_create,
)
from articles.services.reports import FileReport

# Articles filed per chunk (a few queries each), and how many chunks Kiwi analyses ahead.
CHUNK = 200
AHEAD = 1


@dataclass
class SourceAhead:
    """A whole file read before its turn (``source_read_ahead``): its parse, and the analysis of its
    first chunks under way while the file before it is filed."""

    digest: str
    outlets: tuple[OutletRecord, ...]  # the registry it was parsed against
    version: str  # the dictionary it is analysed with
    result: ParseResult
    futures: dict[int, Future[list[Analysed]]]

    def drop(self) -> None:
        """Give it up (the file changed, or the dictionary): its analyses are not used."""
        for future in self.futures.values():
            future.cancel()

    def analyses(self, parsed: Sequence[ParsedArticle]) -> dict[int, Future[list[Analysed]]]:
        """The analyses that hold for ``parsed``, the file parsed again (the outlet registry changed
        since it was read): those of the chunks whose texts are the same."""
        kept = {}
        for start, future in self.futures.items():
            if parsed is self.result.articles or _chunk_texts(parsed, start) == _chunk_texts(
                self.result.articles, start
            ):
                kept[start] = future
            else:
                future.cancel()
        return kept


def _chunk_texts(parsed: Sequence[ParsedArticle], start: int) -> list[tuple[str, str, str]]:
    return [parsed_texts(p) for p in parsed[start : start + CHUNK]]


def source_read_ahead(*, name: str, data: bytes, url: str = "", ahead: analysis_ahead) -> SourceAhead | None:
    """Parse a file and submit the analysis of its first chunks to ``ahead``, as ``source_ingest``
    will; None when it would analyse nothing (a file already ingested, or unparsable).

    Reads, writes nothing and takes no lock, so it may run inside the previous file's transaction.
    """
    digest = hashlib.sha256(data).hexdigest()
    if Source.objects.filter(sha256=digest).exists():
        return None
    registry = outlet_registry()
    try:
        result = parse_bytes(data, name=name, outlets=registry, url=url)
    except ParseError:
        return None
    version = dictionary_refresh()
    parsed = result.articles
    starts = range(0, len(parsed), CHUNK)[: AHEAD + 1]
    futures = {s: ahead.submit(_chunk_texts(parsed, s)) for s in starts}
    return SourceAhead(digest, registry.records, version, result, futures)


def source_ingest(
    *,
    name: str,
    data: bytes,
    dry_run: bool = False,
    url: str = "",
    reason: str = "",
    ahead: analysis_ahead | None = None,
    read: SourceAhead | None = None,
    read_next: Callable[[], None] | None = None,
) -> FileReport:
    """Ingest one raw file in one transaction: keep it as a Source and file its articles.

    A file already ingested (same sha256) changes nothing. A story already in the archive gets
    the new Source linked and only its empty, uncurated fields filled. A near-duplicate is
    stored, linked to its twin and sent to review. With ``dry_run`` everything is rolled back.

    Articles are filed in chunks of ``CHUNK`` (a few queries each, whatever the chunk's size)
    while Kiwi analyses the next chunks in a background thread.

    ``url`` is the page's address when the scraper knows it: the parser takes it as evidence of
    the outlet (the page's own host) and as the article's URL. ``reason`` is the change reason on
    the history rows the file writes (an admin upload names its file there).

    Files ingested one after another (``articles.services.files_ingest.paths_ingest``) share one analysis thread (``ahead``): the
    file was read ahead (``read``: its parse used when the outlet registry is still what it was
    parsed against, its analyses when the dictionary and the texts are the same) and ``read_next`` is called once the analysis of the file's
    last chunk is submitted, so that the next file's starts while this one is filed.
    """
    report = FileReport(name=name)
    digest = hashlib.sha256(data).hexdigest()
    existing = Source.objects.filter(sha256=digest).first()
    if existing:
        if read is not None:
            read.drop()
        report.status, report.format = "unchanged", existing.format
        return report
    registry = outlet_registry()
    if read is not None and read.digest != digest:
        read.drop()
        read = None
    if read is not None and read.outlets == registry.records:
        result = read.result
    else:
        # Parsed (again: the outlets may name more than when it was read ahead); its analyses are
        # kept where the texts are the same.
        try:
            result = parse_bytes(data, name=name, outlets=registry, url=url)
        except ParseError as exc:
            report.status, report.error = "error", str(exc)
            return report
    report.format, report.warnings = result.format, list(result.warnings)
    # New outlets are committed before the file's transaction: files ingested in parallel that meet
    # the same new outlet must not hold each other's uncommitted rows until their ends (a deadlock).
    outlets = {} if dry_run else outlets_get_or_create(names={p.outlet for p in result.articles})

    with transaction.atomic():
        try:
            with transaction.atomic():
                source = Source.objects.create(
                    file_name=name, sha256=digest, format=result.format, size=len(data), raw_text=result.text
                )
        except IntegrityError:  # the same bytes, ingested by another process meanwhile
            report.status = "unchanged"
            if read is not None:
                read.drop()
            return report
        stories_lock(result.articles)
        state = FileIngest(
            source=source, report=report, version=dictionary_refresh(), reason=reason or None, outlets=outlets
        )
        futures: dict[int, Future[list[Analysed]]] = {}
        if read is not None and read.version == state.version:
            futures = read.analyses(result.articles)
        elif read is not None:
            read.drop()
        parsed = result.articles
        starts = range(0, len(parsed), CHUNK)
        with nullcontext(ahead) if ahead is not None else analysis_ahead() as pool:
            for i, start in enumerate(starts):
                # Keep Kiwi AHEAD chunks ahead of the database work.
                for s in starts[i : i + AHEAD + 1]:
                    if s not in futures:
                        futures[s] = pool.submit(_chunk_texts(parsed, s))
                if read_next is not None and i == len(starts) - 1:
                    read_next()
                positions = range(start + 1, start + 1 + len(parsed[start : start + CHUNK]))
                state.chunk(positions, parsed[start : start + CHUNK], futures.pop(start))
        touched = list(state.touched)
        search_sync(ids=touched)
        report.article_ids = touched
        if dry_run:
            transaction.set_rollback(True)
    return report
