"""Finding the files an ingest run should read."""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
    sidecars = {p for p in found if is_sidecar(p.name, exists=_beside(p))}
    return [p for p in found if p not in sidecars], missing


def _beside(path: Path) -> Callable[[str], bool]:
    """Whether a file of a given name is in ``path``'s directory."""
    return lambda name: (path.parent / name).is_file()


SIDECAR_SUFFIX = ".url"
# A sidecar holds one URL on its first line; anything longer is not read.
SIDECAR_MAX_BYTES = 4096


def is_sidecar(name: str, *, exists: Callable[[str], bool]) -> bool:
    """Whether ``name`` is the sidecar of a file that ``exists`` beside it: "page.html.url" beside
    "page.html" gives that page's source URL and is not a file to ingest (on disk and among
    uploads alike)."""
    return name.endswith(SIDECAR_SUFFIX) and exists(name[: -len(SIDECAR_SUFFIX)])


def sidecar_first_line(data: bytes) -> str:
    """The URL a sidecar's bytes hold: their first line, or "" when they are not text."""
    try:
        lines = data[:SIDECAR_MAX_BYTES].decode("utf-8-sig").splitlines()
    except UnicodeDecodeError:
        return ""
    return lines[0].strip() if lines else ""


def sidecar_url(path: Path) -> str:
    """The first line of ``<file>.url`` beside ``path``: the URL the scraper fetched it from, or ""."""
    try:
        with path.with_name(path.name + SIDECAR_SUFFIX).open("rb") as sidecar:
            return sidecar_first_line(sidecar.read(SIDECAR_MAX_BYTES))
    except OSError:
        return ""


def too_large_message(size: int, *, limit: int) -> str:
    """Why a file of ``size`` bytes is refused (the command and the admin's upload say the same)."""
    return (
        f"too large: {size / 2**20:.1f} MB, over the {limit / 2**20:.0f} MB limit "
        "(INGEST_MAX_FILE_BYTES); split it, or raise the limit"
    )
