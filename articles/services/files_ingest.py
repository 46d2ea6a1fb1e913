"""Ingesting many files one after another, Kiwi analysing the next file while one is filed."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from django.db import transaction

from articles.ingest.files import sidecar_url
from articles.ingest.stream import stream_format
from articles.services.analysis import analysis_ahead
from articles.services.ingest import SourceAhead, source_read_ahead
from articles.services.reports import FileReport, Progress, file_too_large
from articles.services.streaming import BATCH, StreamAhead, path_ingest, stream_read_ahead


def path_read_ahead(
    *, path: Path, dry_run: bool, batch: int, ahead: analysis_ahead
) -> SourceAhead | StreamAhead | None:
    """What ``path_ingest`` reads first of ``path`` and the analysis of it, submitted to ``ahead``
    (``source_read_ahead``, ``stream_read_ahead``); None when there is nothing to read ahead.
    Writes nothing and takes no lock."""
    fmt = stream_format(path)
    if fmt is not None:
        # A dry run of a record file counts its records: no analysis to start.
        return None if dry_run else stream_read_ahead(path=path, fmt=fmt, batch=batch, ahead=ahead)
    try:
        if file_too_large(name=str(path), size=path.stat().st_size):
            return None
        data = path.read_bytes()
    except OSError:
        return None
    return source_read_ahead(name=str(path), data=data, url=sidecar_url(path), ahead=ahead)


def paths_ingest(
    *,
    paths: Sequence[Path],
    dry_run: bool = False,
    batch: int = BATCH,
    on_progress: Callable[[str, Progress], None] | None = None,
    on_warning: Callable[[str, str], None] | None = None,
) -> Iterator[FileReport]:
    """``path_ingest`` of each file in turn, its report yielded as it ends, without Kiwi waiting
    between files: once the analysis of a file's last batch is submitted, the next file is read
    and the analysis of its first batch submitted (``path_read_ahead``), so Kiwi analyses it while
    the file before is filed, committed and indexed. At most one file is read ahead (a record
    file: its first batch). Everything else is as ``path_ingest``'s, file by file: a file's
    transactions, locks, report, resumption. At the file's turn, what was read ahead is used when
    the file and its lines done are the same, and the outlet registry (else the file is parsed
    again: new outlets may change what the parser makes of a page); its analysis when the
    dictionary and the texts are the same.
    """
    with analysis_ahead() as ahead:
        read: SourceAhead | StreamAhead | None = None
        for index, path in enumerate(paths):
            following = paths[index + 1] if index + 1 < len(paths) else None
            nexts: list[SourceAhead | StreamAhead | None] = []

            def read_next(following: Path | None = following, nexts: list = nexts) -> None:
                if following is not None and not nexts:
                    nexts.append(_read_ahead(path=following, dry_run=dry_run, batch=batch, ahead=ahead))

            report = path_ingest(
                path=path,
                dry_run=dry_run,
                batch=batch,
                on_progress=None if on_progress is None else functools.partial(on_progress, str(path)),
                on_warning=None if on_warning is None else functools.partial(on_warning, str(path)),
                ahead=ahead,
                read=read,
                read_next=read_next,
            )
            read = nexts[0] if nexts else None
            yield report


def _read_ahead(
    *, path: Path, dry_run: bool, batch: int, ahead: analysis_ahead
) -> SourceAhead | StreamAhead | None:
    """``path_read_ahead``, which must not change how the file being filed ends: in a savepoint (a
    page is read ahead inside the transaction of the file before), and whatever goes wrong is
    met again at the file's own turn, and reported there."""
    try:
        with transaction.atomic():
            return path_read_ahead(path=path, dry_run=dry_run, batch=batch, ahead=ahead)
    except Exception:
        return None
