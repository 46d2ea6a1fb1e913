from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.services.analysis import articles_reanalyse


class Command(BaseCommand):
    help = (
        "Re-run the Korean analysis: rebuild the stored vectors and entity tags of every article "
        "with the current user dictionary. Run after changing the dictionary or the analyser; --stale only rebuilds "
        "vectors built with another dictionary version."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--stale", action="store_true", help="only articles whose vector is out of date")
        parser.add_argument("--dry-run", action="store_true", help="rebuild and roll back: a timing run")

    def handle(self, *args, stale: bool, dry_run: bool, verbosity: int, **options) -> None:
        with transaction.atomic():
            count = articles_reanalyse(stale_only=stale, verbosity=verbosity)
            if dry_run:
                transaction.set_rollback(True)
        if verbosity:
            prefix = "dry run (nothing written) — " if dry_run else ""
            self.stdout.write(self.style.SUCCESS(f"{prefix}re-analysed {count} article(s)"))
