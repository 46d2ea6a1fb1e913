"""Ingesting the files a curator uploads in the admin: the command's rules, one transaction per file."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import Protocol

from articles.ingest.files import SIDECAR_MAX_BYTES, SIDECAR_SUFFIX, is_sidecar, sidecar_first_line
from articles.ingest.stream import HEAD_BYTES, head_format
from articles.services.ingest import source_ingest
from articles.services.reports import FileReport, file_too_large
from articles.services.streaming import stream_ingest

# HistoricalArticle.history_change_reason is a CharField(max_length=100).
REASON_MAX_LENGTH = 100


class UploadedFileLike(Protocol):
    """What the service reads of an uploaded file (Django's ``UploadedFile`` is one)."""

    name: str | None
    size: int | None

    def read(self, size: int = -1) -> bytes: ...


def upload_reason(name: str) -> str:
    """The change reason on the history rows of the articles an upload created."""
    return f"관리자 화면에서 올림: {name}"[:REASON_MAX_LENGTH]


def uploads_ingest(
    *, files: Sequence[UploadedFileLike], url: str = "", dry_run: bool = False
) -> list[FileReport]:
    """Ingest uploaded files as ``manage.py ingest`` ingests paths, and report on each.

    Each page is its own transaction (``source_ingest``): a file that fails lands nothing, and the
    others land all the same; a record file (JSON Lines, CSV, a BigKinds download) is filed in
    batches (``stream_ingest``), its bad lines reported by number. A file over ``INGEST_MAX_FILE_BYTES`` is refused from its size alone,
    never read. As with the command, ``<file>.url`` uploaded with ``<file>`` gives that file's page
    URL and is not ingested itself; ``url`` gives it for an upload of a single file.

    The history user is the request's (``HistoryRequestMiddleware``), so run this within the
    curator's request; the history rows a file writes carry ``upload_reason``, so an article's
    history page says who uploaded it, from which file.
    """
    names = {f.name or "" for f in files}
    sidecars = [f for f in files if is_sidecar(f.name or "", exists=names.__contains__)]
    articles = [f for f in files if all(f is not s for s in sidecars)]
    if url and len(articles) != 1:
        raise ValueError("a page URL applies to an upload of exactly one file")
    urls = {(f.name or "")[: -len(SIDECAR_SUFFIX)]: _sidecar_url(f) for f in sidecars}
    return [_upload_ingest(file=f, url=url or urls.get(f.name or "", ""), dry_run=dry_run) for f in articles]


def _sidecar_url(sidecar: UploadedFileLike) -> str:
    """The URL in an uploaded ``<file>.url``, as ``sidecar_url`` reads one on disk."""
    try:
        return sidecar_first_line(sidecar.read(SIDECAR_MAX_BYTES))
    except OSError:
        return ""


def _upload_ingest(*, file: UploadedFileLike, url: str, dry_run: bool) -> FileReport:
    name = file.name or "(이름 없는 파일)"
    # Refused before it is read: memory stays bounded whatever was sent.
    refused = file_too_large(name=name, size=file.size or 0)
    if refused:
        return refused
    try:
        data = file.read()
    except OSError as exc:
        return FileReport(name=name, status="error", error=f"cannot read: {exc}")
    suffix = PurePath(name).suffix
    fmt = head_format(data[:HEAD_BYTES], suffix=suffix)
    if fmt is None:
        return source_ingest(name=name, data=data, dry_run=dry_run, url=url, reason=upload_reason(name))
    # A record file (JSON Lines, CSV, a BigKinds download) is filed in batches, as on disk: its
    # transactions and locks stay bounded however many articles it holds.
    with tempfile.TemporaryDirectory(prefix="upload-") as directory:
        path = Path(directory) / f"upload{suffix}"
        path.write_bytes(data)
        return stream_ingest(path=path, fmt=fmt, dry_run=dry_run, name=name, reason=upload_reason(name))
