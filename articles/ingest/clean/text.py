"""Whitespace and line helpers every other cleaning module builds on.

Pages are copied out of browsers with NBSP, zero-width and ideographic spaces; every comparison
the parsers make (boilerplate, bylines, dates) assumes text normalised here first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# NBSP, zero-width and ideographic spaces come from copy-paste out of browsers: the odd spaces
# become spaces and the zero-width ones vanish, in one pass (str.translate; a streamed dump of a
# million articles calls this for every paragraph).
_SPACES = str.maketrans(
    {
        **{ch: " " for ch in ("\u00a0", *map(chr, range(0x2000, 0x200B)), "\u202f", "\u205f", "\u3000")},
        **{ch: None for ch in ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")},
    }
)
_RUNS = re.compile(r"[ \t\f\v]+")


def normalize_space(text: str) -> str:
    """Collapse all kinds of spaces within one line and strip the ends."""
    return _RUNS.sub(" ", text.translate(_SPACES)).strip()


def normalize_lines(text: str) -> list[str]:
    """Split text into whitespace-normalised lines (empty lines kept as "")."""
    return [normalize_space(line) for line in text.split("\n")]


def strip_wrapping_quotes(text: str) -> str:
    """Drop one pair of quotes wrapping the whole text, e.g. a subtitle bullet."""
    text = text.strip()
    for left, right in (('"', '"'), ("“", "”"), ("'", "'"), ("‘", "’"), ("「", "」")):
        if len(text) >= 2 and text.startswith(left) and text.endswith(right):
            inner = text[len(left) : -len(right)]
            # '"A" 그리고 "B"' starts and ends with quotes but is not wrapped by one pair.
            if left not in inner and right not in inner:
                return inner.strip()
    return text


def dedupe(items: Iterable[str]) -> list[str]:
    """Keep the first occurrence of each non-empty item, in order."""
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out
