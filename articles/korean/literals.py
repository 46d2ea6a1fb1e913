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
    # Two plain passes (ingest runs this for every field of every article): the bases' starts,
    # then each lexeme's positions; an extra covers up to the last base starting before its end.
    base_starts: list[int] = []
    previous_start = None
    for lex in lexemes:
        if lex.start != previous_start:
            base_starts.append(lex.start)
            previous_start = lex.start
    out: list[tuple[int, int]] = []
    previous_start = None
    current = 0
    bisect_left = bisect.bisect_left
    for lex in lexemes:
        start = lex.start
        if start != previous_start:
            current += 1
            out.append((current, current))
            previous_start = start
        else:
            out.append((current, max(current, bisect_left(base_starts, lex.end))))
    return out


def tsvector_literal(lexemes: Sequence[Lexeme], *, weight: str | None = None) -> str:
    """The ``lexemes()`` output as tsvector text, e.g. ``'국가':1 'ai':2``; cast with ``::tsvector``.

    ``weight`` ('A'..'D') labels every position (title vs body). Positions above 16383 are clamped,
    as PostgreSQL would.
    """
    if weight is not None and weight not in ("A", "B", "C", "D"):
        raise ValueError(f"weight must be A, B, C or D, not {weight!r}")
    labels = _labels(weight or "")
    merged: dict[str, list[int]] = {}
    found_for = merged.get
    limit = _MAX_POSITION
    for lex, (first, last) in zip(lexemes, positions(lexemes), strict=True):
        if last > limit:
            first, last = min(first, limit), limit
        found = found_for(lex.text)
        if found is None:
            merged[lex.text] = [first] if first == last else [first, last]
        else:
            found.append(first)
            if last != first:
                found.append(last)
    parts = []
    for text, ps in merged.items():
        quoted = _quote(text) if ("'" in text or "\\" in text) else f"'{text}'"
        if len(ps) > 1:
            ps = sorted(set(ps))
        parts.append(quoted + ":" + ",".join([labels[p] for p in ps]))
    return " ".join(parts)


# "12A" for each position and weight, made once: ingest writes a few hundred positions an article.
_LABELS: dict[str, list[str]] = {}


def _labels(suffix: str) -> list[str]:
    found = _LABELS.get(suffix)
    if found is None:
        found = _LABELS[suffix] = [f"{p}{suffix}" for p in range(_MAX_POSITION + 1)]
    return found
