"""Ingesting the files a curator uploads in the admin: the command's rules, one transaction per file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from django.conf import settings

from articles.ingest.files import too_large_message
from articles.services.ingest import source_ingest
from articles.services.reports import FileReport

SIDECAR_SUFFIX = ".url"
# A sidecar holds one URL on its first line; anything longer is not read.
SIDECAR_MAX_BYTES = 4096
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

    Each file is its own transaction (``source_ingest``): a file that fails lands nothing, and the
    others land all the same. A file over ``INGEST_MAX_FILE_BYTES`` is refused from its size alone,
    never read. As with the command, ``<file>.url`` uploaded with ``<file>`` gives that file's page
    URL and is not ingested itself; ``url`` gives it for an upload of a single file.

    The history user is the request's (``HistoryRequestMiddleware``), so run this within the
    curator's request; the history rows a file writes carry ``upload_reason``, so an article's
    history page says who uploaded it, from which file.
    """
    names = {f.name or "" for f in files}
    sidecars = [f for f in files if _is_sidecar(f.name or "", names)]
    articles = [f for f in files if all(f is not s for s in sidecars)]
    if url and len(articles) != 1:
        raise ValueError("a page URL applies to an upload of exactly one file")
    urls = {(f.name or "")[: -len(SIDECAR_SUFFIX)]: _sidecar_url(f) for f in sidecars}
    return [_upload_ingest(file=f, url=url or urls.get(f.name or "", ""), dry_run=dry_run) for f in articles]


def _is_sidecar(name: str, names: set[str]) -> bool:
    # "page.html.url" beside "page.html" is that page's URL, as files_under has it for the command.
    return name.endswith(SIDECAR_SUFFIX) and name[: -len(SIDECAR_SUFFIX)] in names


def _sidecar_url(sidecar: UploadedFileLike) -> str:
    """The first line of an uploaded ``<file>.url``, as ``sidecar_url`` reads one on disk."""
    try:
        lines = sidecar.read(SIDECAR_MAX_BYTES).decode("utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    return lines[0].strip() if lines else ""


def _upload_ingest(*, file: UploadedFileLike, url: str, dry_run: bool) -> FileReport:
    name = file.name or "(이름 없는 파일)"
    size = file.size or 0
    if size > settings.INGEST_MAX_FILE_BYTES:
        # Refused before it is read: memory stays bounded whatever was sent.
        return FileReport(
            name=name, status="error", error=too_large_message(size, limit=settings.INGEST_MAX_FILE_BYTES)
        )
    try:
        data = file.read()
    except OSError as exc:
        return FileReport(name=name, status="error", error=f"cannot read: {exc}")
    report = source_ingest(name=name, data=data, dry_run=dry_run, url=url, reason=upload_reason(name))
    return report
