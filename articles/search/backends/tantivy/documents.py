"""Index documents built from PostgreSQL rows: the stored tsvector, not the text, so the index
holds exactly the lexemes and positions PostgreSQL matches on, and rebuilding needs no Kiwi."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import tantivy

from articles.search.backends.tantivy import schema

# One lexeme of tsvector text: 'quoted lexeme' (quotes doubled, backslashes escaped):positions.
_ENTRY = re.compile(r"'((?:[^'\\]|''|\\.)*)'(?::([0-9A-D,]+))?")


def parse_tsvector(text: str) -> list[tuple[str, int, str]]:
    """``(lexeme, position, weight)`` for each position of PostgreSQL's tsvector text output.

    A lexeme without positions (never written by this archive) yields nothing. Runs for every
    article the index takes in, so the entries are cut by one ``findall`` and the positions read
    with plain string operations.
    """
    out: list[tuple[str, int, str]] = []
    append = out.append
    read = _POSITIONS.get
    for raw, positions in _ENTRY.findall(text or ""):
        if not positions:
            continue
        lexeme = raw
        if "'" in raw or "\\" in raw:  # rare: only quoted quotes and backslashes need unescaping
            lexeme = re.sub(r"\\(.)", r"\1", raw.replace("''", "'"))
        for position in positions.split(","):
            found = read(position)
            if found is None:
                found = _position(position)
            append((lexeme, *found))
    return out


# "12A" -> (12, "A"): the same few thousand position strings come back in every vector.
_POSITIONS: dict[str, tuple[int, str]] = {}


def _position(text: str) -> tuple[int, str]:
    found = (int(text[:-1]), text[-1]) if text[-1] in "ABCD" else (int(text), "D")
    if len(_POSITIONS) < 100_000:
        _POSITIONS[text] = found
    return found


@dataclass
class Row:
    """What the index needs of one readable article, read in bulk by ``store.rows``."""

    id: int
    vector: str
    outlet_id: int
    published_date: dt.date | None
    published_time: dt.time | None
    reporters: list[str]
    updated_at: dt.datetime
    entities: dict[str, list[int]] = field(default_factory=dict)  # kind → entity ids
    words: list[str] = field(default_factory=list)  # content words


def _tokens(entries: list[tuple[str, int, str]], weight: str | None = None) -> tantivy.PreTokenizedString:
    # Positions are what phrases compare; the text and character offsets are not used (snippets are
    # made from the article's text), so each token's offsets are nominal.
    token = tantivy.Token
    if weight is None:
        tokens = [token(lexeme, position, 0, 0) for lexeme, position, _ in entries]
    else:
        tokens = [token(lexeme, position, 0, 0) for lexeme, position, w in entries if w == weight]
    return tantivy.PreTokenizedString("", tokens)


def document(row: Row) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_unsigned(schema.ID, row.id)
    entries = parse_tsvector(row.vector)
    doc.add_pre_tokenized_text(schema.TEXT, _tokens(entries))
    doc.add_pre_tokenized_text(schema.TITLE, _tokens(entries, "A"))
    doc.add_unsigned(schema.OUTLET, row.outlet_id)
    codes = sorted(
        {schema.entity_code(kind, entity_id) for kind, ids in row.entities.items() for entity_id in ids}
    )
    for kind, ids in row.entities.items():
        for entity_id in ids:
            doc.add_unsigned(schema.ENTITY_FIELDS[kind], entity_id)
    for i, code in enumerate(codes):
        doc.add_unsigned(schema.ENTITY, code)
        for other in codes[i + 1 :]:
            doc.add_unsigned(schema.PAIRS, schema.pair_code(code, other))
    for reporter in row.reporters:
        doc.add_text(schema.REPORTER, reporter)
    for word in row.words:
        doc.add_text(schema.WORDS, word)
    day = row.published_date
    if day is not None:
        doc.add_unsigned(schema.MONTH, day.year * 100 + day.month)
        doc.add_unsigned(schema.DAY, schema.day_number(day))
    doc.add_unsigned(schema.NEWEST, schema.newest_key(day, row.published_time, row.id))
    doc.add_unsigned(schema.OLDEST, schema.oldest_key(day, row.published_time, row.id))
    doc.add_unsigned(schema.UPDATED, int(row.updated_at.timestamp() * 1_000_000))
    return doc
