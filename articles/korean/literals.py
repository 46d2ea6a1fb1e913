"""PostgreSQL ``tsvector``/``tsquery`` literal syntax: quoting, positions and their limits.

Lexemes are stored through literals (``%s::tsvector``, ``%s::tsquery``), never through
``to_tsvector``/``to_tsquery``, whose parser would split Korean lexemes again. Owned here: how a
lexeme is quoted, which positions each lexeme of ``lexemes()`` gets, and PostgreSQL's position
limit; apart from the lexeme rules, because these follow PostgreSQL's grammar, not Korean's.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from articles.korean.lexemes import Lexeme

# PostgreSQL positions are 1..16383; larger ones are clamped, as PostgreSQL itself would.
_MAX_POSITION = 16383


def _quote(lexeme: str) -> str:
    """Quote a lexeme for tsvector/tsquery literal syntax."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def positions(lexemes: Sequence[Lexeme]) -> list[tuple[int, int]]:
    """tsvector positions for ``lexemes()`` output: ``(first, last)`` per lexeme, 1-based.

    Base lexemes are numbered 1..n in order (first == last); particles and other unindexed
    morphemes take no position, so "A의 B" is the phrase A <-> B just as "A B" is. An extra lexeme
    (same ``start`` as the lexeme before it) gets the position of that base as ``first`` and of the
    last base it covers as ``last``; storing it at both keeps ``x <-> compound`` and
    ``compound <-> y`` phrase queries working when the document split the compound into parts.
    """
    base_starts: list[int] = []
    base_positions: list[int] = []
    kinds: list[bool] = []  # True for base
    for i, lex in enumerate(lexemes):
        is_base = i == 0 or lex.start != lexemes[i - 1].start
        kinds.append(is_base)
        if is_base:
            base_starts.append(lex.start)
            base_positions.append(len(base_positions) + 1)
    out: list[tuple[int, int]] = []
    current = 0
    for lex, is_base in zip(lexemes, kinds, strict=True):
        if is_base:
            current += 1
            out.append((current, current))
        else:
            last_index = bisect.bisect_left(base_starts, lex.end) - 1
            out.append((current, max(current, base_positions[last_index] if last_index >= 0 else current)))
    return out


def tsvector_literal(lexemes: Sequence[Lexeme], *, weight: str | None = None) -> str:
    """The ``lexemes()`` output as tsvector text, e.g. ``'국가':1 'ai':2``; cast with ``::tsvector``.

    ``weight`` ('A'..'D') labels every position (title vs body). Positions above 16383 are clamped,
    as PostgreSQL would.
    """
    if weight is not None and weight not in ("A", "B", "C", "D"):
        raise ValueError(f"weight must be A, B, C or D, not {weight!r}")
    suffix = weight or ""
    merged: dict[str, set[int]] = {}
    for lex, (first, last) in zip(lexemes, positions(lexemes), strict=True):
        merged.setdefault(lex.text, set()).update((min(first, _MAX_POSITION), min(last, _MAX_POSITION)))
    return " ".join(
        _quote(text) + ":" + ",".join(f"{p}{suffix}" for p in sorted(ps)) for text, ps in merged.items()
    )
