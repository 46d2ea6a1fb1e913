"""What ingesting files did: one report per file, and the totals the command and the admin's
upload both print."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings

from articles.ingest.files import too_large_message

# Warnings kept on the report (each is also passed to ``on_warning`` as it is met): a file of a
# million bad lines must not hold a million messages.
MAX_WARNINGS = 1000


@dataclass
class FileReport:
    """What ingesting one file did."""

    name: str
    status: str = "new"  # new | unchanged | error
    format: str = ""
    new: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    needs_review: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    article_ids: list[int] = field(default_factory=list)
    created_ids: list[int] = field(default_factory=list)  # the part of article_ids this file created
    resumed_after: int = 0  # a streamed file resumed after this line (a run before it was cut off)


def reports_totals(reports: Iterable[FileReport]) -> dict[str, int]:
    """The closing line of an ingest, item by item: files, unchanged, new articles, duplicates,
    near-duplicates, needs review, warnings, errors."""
    reports = list(reports)
    return {
        "files": len(reports),
        "unchanged": sum(r.status == "unchanged" for r in reports),
        "new articles": sum(r.new for r in reports),
        "duplicates": sum(r.duplicates for r in reports),
        "near-duplicates": sum(r.near_duplicates for r in reports),
        "needs review": sum(r.needs_review for r in reports),
        "warnings": sum(len(r.warnings) for r in reports),
        "errors": sum(r.status == "error" for r in reports),
    }


def file_too_large(*, name: str, size: int) -> FileReport | None:
    """The refusal of a file read whole that is over ``INGEST_MAX_FILE_BYTES`` (an admin upload, a
    page on disk), from its size alone, before it is read; None when it is within the limit.

    The one home of the limit. Record files on disk (JSON Lines, CSV, .xlsx) are streamed, whatever
    their size, and never meet it."""
    if size <= settings.INGEST_MAX_FILE_BYTES:
        return None
    return FileReport(
        name=name, status="error", error=too_large_message(size, limit=settings.INGEST_MAX_FILE_BYTES)
    )


@dataclass(frozen=True)
class Progress:
    """How far a streamed file is, after a committed batch."""

    line: int  # the last line filed
    articles: int  # records filed in this run
    bytes_read: int  # 0 when the reader cannot tell (a workbook)
    size: int  # the file's size in bytes
    seconds: float  # since this run started
    unit: str = "line"  # what ``line`` counts: "item" in a JSON array
    bytes_skipped: int = 0  # a resumed run: the bytes through its first record (those before cost no time)

    @property
    def rate(self) -> float:
        """Articles a second."""
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left at this run's pace, or None when unknown."""
        done = self.bytes_read - self.bytes_skipped
        if done <= 0 or not self.seconds:
            return None
        return max(self.size - self.bytes_read, 0) * self.seconds / done


def report_warner(report: FileReport, on_warning: Callable[[str], None] | None) -> Callable[[str], None]:
    """A function that passes each warning on (``on_warning``) and keeps the first ``MAX_WARNINGS``
    of them on ``report``, then only their count."""
    dropped = 0

    def warn(message: str) -> None:
        nonlocal dropped
        if on_warning is not None:
            on_warning(message)
        if len(report.warnings) < MAX_WARNINGS:
            report.warnings.append(message)
        else:
            dropped += 1
            report.warnings[-1] = f"… and {dropped} more warnings"

    return warn
