from __future__ import annotations

import shlex
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from portal.ops.backups import BackupError, Database, backup_create, backup_plan


def human_size(size: int) -> str:
    """Bytes as a person reads them: 512 B, 40.2 KB, 1.3 GB."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def shown_path(path: Path) -> str:
    """The path as `make restore BACKUP=…` takes it: relative to the project when inside it (make
    runs there), quoted for the shell."""
    base = Path(settings.BASE_DIR).resolve()
    if path.resolve().is_relative_to(base):
        path = path.resolve().relative_to(base)
    return shlex.quote(str(path))


class Command(BaseCommand):
    help = (
        "Dump the whole database (articles, raw sources, entities, tags, curation history, users) with "
        "pg_dump's custom format into BACKUP_DIR/archive-YYYYmmdd-HHMMSS.dump (UTC). The dump is one "
        "transaction, a consistent snapshot while the site keeps writing. The search index is not in "
        "it: `manage.py restore` rebuilds it."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="say what would be done, dump nothing")

    def handle(self, *args, dry_run: bool, verbosity: int, **options) -> None:
        database = Database.from_settings(connections[DEFAULT_DB_ALIAS].settings_dict)
        try:
            plan = backup_plan(database=database, directory=Path(settings.BACKUP_DIR))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if verbosity >= 2 or dry_run:
            self.stdout.write(
                f"database {database.label}, pg_dump {plan.tools.major} from {plan.tools.bindir}: "
                f"{shlex.join(plan.argv)} > {plan.path}"
            )
        if dry_run:
            self.stdout.write(f"--dry-run: would write {shown_path(plan.path)}; nothing written")
            return
        try:
            path = backup_create(plan=plan)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if verbosity == 0:
            self.stdout.write(str(path))  # for scripts: path=$(manage.py backup -v 0)
            return
        shown = shown_path(path)
        self.stdout.write(self.style.SUCCESS(f"backup written: {shown} ({human_size(path.stat().st_size)})"))
        self.stdout.write(f"restore it into an empty database with: make restore BACKUP={shown}")
