from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from portal.ops.backups import (
    BackupError,
    Database,
    backup_restore,
    database_counts,
    database_create,
    database_exists,
    dump_check,
    dump_tables,
    restore_check,
    search_index_rebuild,
    server_major,
    tools_find,
)


class Command(BaseCommand):
    help = (
        "Restore a dump made by `manage.py backup` into an empty database — one with no tables, or "
        "only the empty schema `migrate` makes — then rebuild its search index and print what it "
        "holds. One transaction: a failed restore leaves nothing behind. A database holding data is "
        "refused."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="the .dump file, e.g. var/backups/archive-20250101-120000.dump")
        parser.add_argument(
            "--database-url",
            help="restore into this database (postgres://…) instead of the configured one",
        )
        parser.add_argument("--create", action="store_true", help="create the database if it does not exist")

    def handle(self, *args, path: str, database_url: str | None, create: bool, verbosity: int, **options):
        if database_url is not None and not database_url.startswith(("postgres://", "postgresql://")):
            raise CommandError(
                f"--database-url must be a postgres:// URL, not {database_url.split(':', 1)[0]}://"
            )
        config = (
            dj_database_url.parse(database_url)
            if database_url
            else connections[DEFAULT_DB_ALIAS].settings_dict
        )
        database = Database.from_settings(config)
        try:
            self._restore(path=Path(path), database=database, create=create, verbosity=verbosity)
            if verbosity:
                self.stdout.write("rebuilding the search index")
            rebuilt = search_index_rebuild(database=database)
            counts = database_counts(database)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if verbosity:
            self.stdout.write(rebuilt)
            self.stdout.write(self.style.SUCCESS(f"restored {path} into {database.label}:"))
            for label, count in counts.items():
                self.stdout.write(f"  {label}: {count}")

    def _restore(self, *, path: Path, database: Database, create: bool, verbosity: int) -> None:
        dump_check(path)
        if not database_exists(database):
            if not create:
                raise BackupError(
                    f"database {database.label} does not exist: create it (createdb -T template0 "
                    f"{database.name}) or pass --create"
                )
            database_create(database)
            if verbosity:
                self.stdout.write(f"created database {database.label}")
        tools = tools_find(server_major=server_major(database))
        tables = dump_tables(path=path, tools=tools)
        replace_schema = restore_check(database=database, tables=tables)
        if verbosity:
            self.stdout.write(f"restoring {path} into {database.label} (pg_restore {tools.major})")
        backup_restore(path=path, database=database, tools=tools, replace_schema=replace_schema)
