#!/usr/bin/env python
"""Django's command-line utility for the archive."""

import os
import sys

# Commands that file articles in batches for as long as a file lasts: Python's small-object
# allocator keeps a 1 MiB arena as long as one object in it lives, and the few objects each batch
# keeps (cache entries, ids) pin ever more arenas, so RSS grows with the file. Under
# PYTHONMALLOC=malloc every object is glibc's, whose free pages the streaming ingest gives back
# after each batch (``articles.services.streaming.release_freed_memory``; bench/STREAMING.md).
SYSTEM_MALLOC_COMMANDS = frozenset({"ingest"})


def _with_system_malloc(argv: list[str], environ: dict[str, str]) -> dict[str, str] | None:
    """The environment to run ``argv`` again in, or None when this process is already right.

    Only the allocator differs; an explicit PYTHONMALLOC (e.g. ``debug``) is left as it is.
    """
    if len(argv) < 2 or argv[1] not in SYSTEM_MALLOC_COMMANDS or "PYTHONMALLOC" in environ:
        return None
    return {**environ, "PYTHONMALLOC": "malloc"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    env = _with_system_malloc(sys.argv, dict(os.environ))
    if env is not None:
        # The allocator is chosen when the interpreter starts: start again (same pid, so a
        # supervisor or a kill still reaches it), before anything is loaded.
        os.execve(sys.executable, [sys.executable, *sys.orig_argv[1:]], env)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
