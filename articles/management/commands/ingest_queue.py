"""``manage.py ingest_queue PATH...``: one ingest job per file, for the queue workers."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from procrastinate.exceptions import AlreadyEnqueued

from articles.ingest.files import files_under
from articles.tasks import ingest_file


class Command(BaseCommand):
    help = (
        "Queue raw files for ingest by the task-queue workers (`manage.py procrastinate worker "
        "--queues ingest --concurrency 1`, one per core): one job per file, files read recursively "
        "from directories. A file already waiting in the queue is not queued twice. The workers "
        "must be able to read the same paths. Exit status 1 when a path does not exist."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", help="files or directories (read recursively)")
        parser.add_argument("--dry-run", action="store_true", help="list the files, queue nothing")

    def handle(self, *args: Any, paths: list[str], dry_run: bool, verbosity: int, **options: Any) -> None:
        files, missing = files_under(paths)
        for name in missing:
            self.stderr.write(self.style.ERROR(f"{name}: no such file"))
        queued = waiting = 0
        for path in files:
            # Absolute, so that a worker started in another directory reads the same file.
            name = str(path.resolve())
            if dry_run:
                queued += 1
                if verbosity >= 2:
                    self.stdout.write(f"{name}: would be queued")
                continue
            try:
                # The lock is the path: a file still waiting is not queued again (a re-run after a
                # crash); once its job has started, queueing it again is allowed and harmless.
                job_id = ingest_file.configure(queueing_lock=name).defer(path=name)
            except AlreadyEnqueued:
                waiting += 1
                if verbosity >= 2:
                    self.stdout.write(f"{name}: already waiting in the queue")
                continue
            queued += 1
            if verbosity >= 2:
                self.stdout.write(f"{name}: job {job_id}")
        if verbosity >= 1:
            prefix = "dry run (nothing queued) — " if dry_run else ""
            verb = "would queue" if dry_run else "queued"
            summary = f"{prefix}{verb} {queued} file(s)"
            if waiting:
                summary += f", {waiting} already waiting"
            self.stdout.write(self.style.SUCCESS(summary))
        if missing:
            raise CommandError(f"{len(missing)} path(s) not found", returncode=1)
