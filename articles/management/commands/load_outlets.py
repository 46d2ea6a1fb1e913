"""``manage.py load_outlets fixtures/outlets.json``: the outlet registry from its seed file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.services.outlets import outlets_load


class Command(BaseCommand):
    help = (
        "Load the outlet registry (names, aliases, former names, domains, Naver oid, Daum CP codes, "
        "dateline marks, parent) from a JSON file such as fixtures/outlets.json. Outlets are matched "
        "by name, then slug: existing rows are updated (their slug, a public URL, is kept), new ones "
        "created. Idempotent; all or nothing (one transaction)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="JSON file: {'outlets': [...]} or a list of outlet objects")
        parser.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")

    def handle(self, *args, path: str, dry_run: bool, verbosity: int, **options) -> None:
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            report = outlets_load(text=file.read_text(encoding="utf-8"), dry_run=dry_run)
        except ValueError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        if verbosity:
            prefix = "dry run (nothing written) — " if dry_run else ""
            self.stdout.write(
                self.style.SUCCESS(
                    f"{prefix}outlets: {report.created} created, {report.updated} updated, "
                    f"{report.unchanged} unchanged"
                )
            )
