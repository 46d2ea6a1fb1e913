from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.ingest.files import files_under
from articles.services.ingest import FileReport, source_ingest


class Command(BaseCommand):
    help = (
        "Ingest raw scraped files (ZDNet Korea search pages, Aju, Daum copies, JSON Lines, or any "
        "article page) from files and directories. Each file is one transaction; files already "
        "ingested are skipped; exit status 1 when any file failed. A sidecar file <file>.url next to "
        "a file gives the page's source URL on its first line (evidence of the outlet, kept as the "
        "article's URL); sidecars are not ingested themselves."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", help="files or directories (read recursively)")
        parser.add_argument("--dry-run", action="store_true", help="parse and report, write nothing")

    def handle(self, *args, paths: list[str], dry_run: bool, verbosity: int, **options) -> None:
        files, missing = files_under(paths)
        # "page.html.url" beside "page.html" is that page's source URL, not a file to ingest.
        sidecars = {p for p in files if p.suffix == ".url" and p.with_suffix("").is_file()}
        files = [p for p in files if p not in sidecars]
        reports: list[FileReport] = [
            FileReport(name=m, status="error", error="no such file") for m in missing
        ]
        show_bar = verbosity >= 1 and sys.stderr.isatty()
        for path in tqdm(files, desc="ingest", unit="file", disable=not show_bar):
            try:
                data = path.read_bytes()
            except OSError as exc:
                reports.append(FileReport(name=str(path), status="error", error=f"cannot read: {exc}"))
                continue
            report = source_ingest(name=str(path), data=data, dry_run=dry_run, url=_sidecar_url(path))
            reports.append(report)
            self._report_file(report, verbosity=verbosity)
        self._summary(reports, dry_run=dry_run, verbosity=verbosity)
        failed = [r for r in reports if r.status == "error"]
        if failed:
            raise CommandError(f"{len(failed)} file(s) failed", returncode=1)

    def _report_file(self, report: FileReport, *, verbosity: int) -> None:
        if report.status == "error":
            self.stderr.write(self.style.ERROR(f"{report.name}: {report.error}"))
            return
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(f"{report.name}: {warning}"))
        if verbosity >= 2:
            if report.status == "unchanged":
                self.stdout.write(f"{report.name}: already ingested, skipped")
            else:
                self.stdout.write(
                    f"{report.name} [{report.format}]: {report.new} new, {report.duplicates} duplicates, "
                    f"{report.near_duplicates} near-duplicates, {report.needs_review} need review"
                )

    def _summary(self, reports: list[FileReport], *, dry_run: bool, verbosity: int) -> None:
        if verbosity < 1:
            return
        total = {
            "files": len(reports),
            "unchanged": sum(r.status == "unchanged" for r in reports),
            "new articles": sum(r.new for r in reports),
            "duplicates": sum(r.duplicates for r in reports),
            "near-duplicates": sum(r.near_duplicates for r in reports),
            "needs review": sum(r.needs_review for r in reports),
            "warnings": sum(len(r.warnings) for r in reports),
            "errors": sum(r.status == "error" for r in reports),
        }
        line = ", ".join(f"{k}: {v}" for k, v in total.items())
        prefix = "dry run (nothing written) — " if dry_run else ""
        style = self.style.ERROR if total["errors"] else self.style.SUCCESS
        self.stdout.write(style(prefix + line))


def _sidecar_url(path: Path) -> str:
    """The first line of ``<file>.url`` beside the file: the URL the scraper fetched it from."""
    sidecar = path.with_name(path.name + ".url")
    try:
        lines = sidecar.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    return lines[0].strip() if lines else ""
