"""Finding the files an ingest run should read."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def files_under(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Expand files and directories (recursively, hidden files skipped) in a stable order.

    Returns the files and the paths that do not exist.
    """
    found: list[Path] = []
    missing: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.is_file():
            found.append(path)
        else:
            missing.append(str(raw))
    return found, missing
