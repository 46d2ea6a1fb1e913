from __future__ import annotations

from django.core.management.base import BaseCommand

from articles.search.backends import search_backend


class Command(BaseCommand):
    help = (
        "The search index the search backend derives from PostgreSQL (docs/search-engine.md): --check "
        "compares it with PostgreSQL and re-syncs what differs; --rebuild builds it afresh from the "
        "stored vectors. With SEARCH_BACKEND=postgres there is nothing derived: both find nothing to do."
    )

    def add_arguments(self, parser) -> None:
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--check", action="store_true", help="find and re-sync articles that differ")
        action.add_argument("--rebuild", action="store_true", help="rebuild the whole index from PostgreSQL")
        parser.add_argument("--dry-run", action="store_true", help="with --check: report, change nothing")

    def handle(self, *args, check: bool, rebuild: bool, dry_run: bool, verbosity: int, **options) -> None:
        if rebuild:
            if dry_run:
                self.stdout.write("--dry-run: nothing rebuilt")
                return
            count = search_backend().rebuild()
            self.stdout.write(self.style.SUCCESS(f"search index rebuilt: {count} articles"))
            return
        stale, extra = search_backend().differences()
        if verbosity >= 2:
            for pk in sorted(stale | extra)[:50]:
                self.stdout.write(
                    f"  #{pk}: {'stale or missing' if pk in stale else 'not readable any more'}"
                )
        if stale or extra:
            if not dry_run:
                search_backend().sync(stale | extra)
            verb = "would re-sync" if dry_run else "re-synced"
            self.stdout.write(f"{verb} {len(stale)} stale or missing and {len(extra)} extra documents")
        else:
            self.stdout.write(self.style.SUCCESS("search index agrees with PostgreSQL"))
