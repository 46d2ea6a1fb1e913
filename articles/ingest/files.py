"""Finding the files an ingest run should read."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def files_under(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Expand files and directories (recursively, hidden files skipped) in a stable order.

    Returns the files (without ``<file>.url`` sidecars, see ``sidecar_url``) and the paths that do
    not exist.
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
    # "page.html.url" beside "page.html" is that page's source URL, not a file to ingest.
    sidecars = {p for p in found if p.suffix == ".url" and p.with_suffix("").is_file()}
    return [p for p in found if p not in sidecars], missing


def sidecar_url(path: Path) -> str:
    """The first line of ``<file>.url`` beside ``path``: the URL the scraper fetched it from, or ""."""
    sidecar = path.with_name(path.name + ".url")
    try:
        lines = sidecar.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    return lines[0].strip() if lines else ""


def too_large_message(size: int, *, limit: int) -> str:
    """Why a file of ``size`` bytes is refused (the command and the admin's upload say the same)."""
    return (
        f"too large: {size / 2**20:.1f} MB, over the {limit / 2**20:.0f} MB limit "
        "(INGEST_MAX_FILE_BYTES); split it, or raise the limit"
    )
