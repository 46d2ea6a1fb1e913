"""``manage.py reanalyse_queue``: the re-analysis of the archive as jobs of a few hundred articles each."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from procrastinate.types import JSONDict

from articles.models import Article
from articles.tasks import reanalyse_articles

DEFAULT_BATCH = 500


class Command(BaseCommand):
    help = (
        "Queue a re-analysis of every article (or of the given ids) for the task-queue workers "
        "(`manage.py procrastinate worker --queues analysis --concurrency 1`, one per core): one job "
        "per batch of articles, each rebuilding vectors, tags and search-index documents in one "
        "transaction. `manage.py reanalyse` does the same in this process."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--ids", nargs="+", type=int, help="only these article ids")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH,
            help=f"articles per job (default {DEFAULT_BATCH})",
        )
        parser.add_argument("--dry-run", action="store_true", help="count the jobs, queue nothing")

    def handle(
        self,
        *args: Any,
        ids: list[int] | None,
        batch_size: int,
        dry_run: bool,
        verbosity: int,
        **options: Any,
    ) -> None:
        queryset = Article.objects.order_by("pk")
        if ids:
            queryset = queryset.filter(pk__in=ids)
        all_ids = list(queryset.values_list("pk", flat=True))
        batch_size = max(1, batch_size)
        batches = [all_ids[start : start + batch_size] for start in range(0, len(all_ids), batch_size)]
        if batches and not dry_run:
            # One round trip for all the jobs; workers start on the first as soon as it commits.
            jobs: list[JSONDict] = [{"ids": list(batch)} for batch in batches]
            job_ids = reanalyse_articles.batch_defer(*jobs)
            if verbosity >= 2:
                for job_id, batch in zip(job_ids, batches, strict=True):
                    self.stdout.write(f"job {job_id}: articles {batch[0]}–{batch[-1]} ({len(batch)})")
        if verbosity >= 1:
            prefix = "dry run (nothing queued) — " if dry_run else ""
            verb = "would queue" if dry_run else "queued"
            self.stdout.write(
                self.style.SUCCESS(f"{prefix}{verb} {len(batches)} job(s) for {len(all_ids)} article(s)")
            )
