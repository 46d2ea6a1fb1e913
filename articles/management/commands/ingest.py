from __future__ import annotations

import itertools
import multiprocessing
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import django
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.ingest.files import files_under
from articles.services.files_ingest import paths_ingest
from articles.services.reports import FileReport, Progress, reports_totals
from articles.services.streaming import BATCH, path_ingest


class Command(BaseCommand):
    help = (
        "Ingest raw scraped files (ZDNet Korea search pages, Aju, Daum copies, any article page, and "
        "record files: JSON Lines, CSV with a header, BigKinds downloads .xlsx/.csv) from files and "
        "directories. A page is one transaction; a record file of any size is read as a stream and "
        "committed in batches, resumable: run again after an interruption, it files exactly the lines "
        "it had not. Files already ingested are skipped; a bad line is reported by file and line "
        "number while the rest land; exit status 1 when any file failed. A sidecar file <file>.url "
        "next to a file gives the page's source URL on its first line (evidence of the outlet, kept "
        "as the article's URL); sidecars are not ingested themselves."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", help="files or directories (read recursively)")
        parser.add_argument("--dry-run", action="store_true", help="parse and report, write nothing")
        parser.add_argument(
            "--batch",
            type=int,
            default=BATCH,
            help=f"articles per transaction in a record file read as a stream (default {BATCH})",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="files ingested at once, each in its own process with its own Kiwi (use the number of "
            "cores; each process takes about 0.5 GB)",
        )

    def handle(
        self, *args, paths: list[str], dry_run: bool, jobs: int, batch: int, verbosity: int, **options
    ) -> None:
        if batch < 1:
            raise CommandError("--batch must be at least 1")
        files, missing = files_under(paths)
        reports: list[FileReport] = [
            FileReport(name=m, status="error", error="no such file") for m in missing
        ]
        show_bar = verbosity >= 1 and sys.stderr.isatty()
        bar = tqdm(total=len(files), desc="ingest", unit="file", disable=not show_bar)
        self._live = 0  # warnings of the current file already printed as they were met
        watch = {
            "batch": batch,
            "on_progress": self._progress_printer(bar, verbosity),
            "on_warning": self._warning_printer(),
        }
        for report in _ingested(files, dry_run=dry_run, jobs=jobs, watch=watch):
            reports.append(report)
            self._report_file(report, verbosity=verbosity)
            bar.update()
        bar.close()
        self._summary(reports, dry_run=dry_run, verbosity=verbosity)
        failed = [r for r in reports if r.status == "error"]
        if failed:
            raise CommandError(f"{len(failed)} file(s) failed", returncode=1)

    def _report_file(self, report: FileReport, *, verbosity: int) -> None:
        if report.status == "error":
            self.stderr.write(self.style.ERROR(f"{report.name}: {report.error}"))
            return
        for warning in report.warnings[self._live :]:
            self.stderr.write(self.style.WARNING(f"{report.name}: {warning}"))
        self._live = 0
        if verbosity >= 2:
            if report.resumed_after:
                self.stdout.write(f"{report.name}: resumed after line {report.resumed_after}")
            if report.status == "unchanged":
                self.stdout.write(f"{report.name}: already ingested, skipped")
            else:
                self.stdout.write(
                    f"{report.name} [{report.format}]: {report.new} new, {report.duplicates} duplicates, "
                    f"{report.near_duplicates} near-duplicates, {report.needs_review} need review"
                )

    def _warning_printer(self) -> Callable[[str, str], None]:
        def warn(name: str, message: str) -> None:
            self._live += 1
            self.stderr.write(self.style.WARNING(f"{name}: {message}"))

        return warn

    def _progress_printer(self, bar: tqdm, verbosity: int) -> Callable[[str, Progress], None]:
        """Rate and ETA of a streamed file: on the bar (a terminal), as lines at verbosity 2."""

        def show(name: str, progress: Progress) -> None:
            eta = "?" if progress.eta is None else f"{progress.eta / 60:.1f} min"
            status = f"{progress.unit} {progress.line:,}, {progress.articles:,} articles, {progress.rate:,.0f}/s, ETA {eta}"
            if not bar.disable:
                bar.set_postfix_str(f"{Path(name).name}: {status}")
            elif verbosity >= 2:
                self.stdout.write(f"{name}: {status}")

        return show

    def _summary(self, reports: list[FileReport], *, dry_run: bool, verbosity: int) -> None:
        if verbosity < 1:
            return
        total = reports_totals(reports)
        line = ", ".join(f"{k}: {v}" for k, v in total.items())
        prefix = "dry run (nothing written) — " if dry_run else ""
        style = self.style.ERROR if total["errors"] else self.style.SUCCESS
        self.stdout.write(style(prefix + line))


def ingest_file(path: Path, dry_run: bool = False, batch: int = BATCH) -> FileReport:
    """One file through the ingest service (module level: worker processes receive it by name)."""
    return path_ingest(path=path, dry_run=dry_run, batch=batch)


def _ingested(files: list[Path], *, dry_run: bool, jobs: int, watch: dict[str, Any]) -> Iterator[FileReport]:
    """Reports in file order. With ``jobs`` > 1, files go to that many worker processes: each file
    is still one transaction (or a stream of them), and Kiwi runs on every core instead of one;
    progress and warnings are then printed per file, at its end."""
    if jobs <= 1 or len(files) <= 1:
        # One after another, the next file read and analysed while this one is filed.
        yield from paths_ingest(
            paths=files,
            dry_run=dry_run,
            batch=watch["batch"],
            on_progress=watch["on_progress"],
            on_warning=watch["on_warning"],
        )
        return
    # Spawned, not forked: a Kiwi used in this process would hang in a forked child.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=django.setup) as pool:
        yield from pool.map(
            ingest_file, files, itertools.repeat(dry_run), itertools.repeat(watch["batch"]), chunksize=1
        )
