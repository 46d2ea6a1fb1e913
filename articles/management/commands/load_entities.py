from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.services.entities import entities_import


class Command(BaseCommand):
    help = (
        "Create or update people, programmes and organisations (with roles and aliases) from a JSON "
        "file such as fixtures/policy_entities.json. When anything the tagger reads changes (names, "
        "aliases, active_from, context_terms, needs_context), every article is re-analysed and re-tagged."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="JSON file with an 'entities' list")
        parser.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")

    def handle(self, *args, path: str, dry_run: bool, verbosity: int, **options) -> None:
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, json.JSONDecodeError) as exc:
            raise CommandError(f"{path}: {exc}") from exc
        with transaction.atomic():
            counts = entities_import(data=data, verbosity=verbosity)
            if dry_run:
                transaction.set_rollback(True)
        if verbosity:
            prefix = "dry run (nothing written) — " if dry_run else ""
            self.stdout.write(
                f"{prefix}entities created: {counts.get('created', 0)}, updated: {counts.get('updated', 0)}, "
                f"new aliases: {counts.get('aliases', 0)}, new roles: {counts.get('roles', 0)}, "
                f"articles re-tagged: {counts['retagged']}"
            )
