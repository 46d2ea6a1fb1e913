from __future__ import annotations

from django.core.management.base import BaseCommand

from articles.services.near_duplicates import near_keys_backfill


class Command(BaseCommand):
    help = (
        "Compute the near-duplicate keys (MinHash LSH bands) of articles that have none, e.g. rows "
        "written by hand with SQL; --rebuild recomputes every article's, after a change to "
        "articles/ingest/minhash.py. Ingest and every save keep them current otherwise."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rebuild", action="store_true", help="recompute the keys of every article")
        parser.add_argument("--dry-run", action="store_true", help="only count the articles concerned")

    def handle(self, *args, rebuild: bool, dry_run: bool, verbosity: int, **options) -> None:
        count = near_keys_backfill(rebuild=rebuild, dry_run=dry_run, verbosity=verbosity)
        if verbosity:
            verb = "would compute" if dry_run else "computed"
            self.stdout.write(self.style.SUCCESS(f"{verb} the near-duplicate keys of {count} article(s)"))
