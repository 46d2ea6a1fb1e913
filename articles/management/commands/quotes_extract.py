from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.models import Article
from articles.services.quotes import quotes_extract_archive, quotes_relink


class Command(BaseCommand):
    help = (
        "(Re)build the quotes (인용문) of the archive from the article bodies: the extractor's own quotes "
        "are replaced, a curator's added, corrected or removed ones stay. Batched, one transaction a "
        "batch; --dry-run rolls every batch back and only reports. --relink only links the stored "
        "quotes' speakers to entities again (after names or aliases changed)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--ids", help="only these article ids, comma-separated")
        parser.add_argument(
            "--batch-size", type=int, default=500, help="articles a transaction (default 500)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="extract and roll back: counts and timing only"
        )
        parser.add_argument("--relink", action="store_true", help="only re-link speakers to entities")

    def handle(
        self, *args, ids: str | None, batch_size: int, dry_run: bool, relink: bool, verbosity: int, **options
    ):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        started = time.monotonic()
        if relink:
            changed = quotes_relink()
            if verbosity:
                self.stdout.write(self.style.SUCCESS(f"re-linked {changed} quote speaker(s)"))
            return
        if ids:
            try:
                wanted = sorted({int(x) for x in ids.split(",") if x.strip()})
            except ValueError as exc:
                raise CommandError(f"--ids takes article ids separated by commas: {exc}") from exc
        else:
            wanted = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        tty = sys.stderr.isatty()
        bar = tqdm(total=len(wanted), desc="quotes", unit="article", disable=verbosity < 1 or not tty)
        done = 0

        def progress(n: int) -> None:
            nonlocal done
            done += n
            bar.update(n)
            if verbosity >= 2 and not tty:  # a log, not a terminal: one line a batch
                rate = done / max(time.monotonic() - started, 1e-9)
                self.stdout.write(f"{done}/{len(wanted)} articles, {rate:.0f}/s")

        report = quotes_extract_archive(ids=wanted, batch_size=batch_size, dry_run=dry_run, progress=progress)
        bar.close()
        seconds = time.monotonic() - started
        if verbosity:
            prefix = "dry run (nothing written) — " if dry_run else ""
            kinds = ", ".join(f"{n} {k}" for k, n in sorted(report.by_kind.items())) or "none"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{prefix}{report.articles} article(s) read in {seconds:.1f} s: {kinds}; "
                    f"{report.created} created, {report.updated} updated, {report.deleted} deleted; "
                    f"{report.curated} curated kept ({report.relocated} found again in a changed body)"
                )
            )
        if verbosity >= 2:
            self.stdout.write(f"{report.articles / seconds:.0f} articles/s" if seconds else "")
