"""The index's fields, and the sort keys that reproduce the archive's date orders.

Facet and filter fields are columnar ("fast") so counting never touches stored documents; the text
fields keep positions so phrases are position arithmetic, as in PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import tantivy

ID = "id"
TEXT = "text"  # every lexeme of title, subtitle and body at its tsvector position
TITLE = "title"  # the title's lexemes (tsvector weight A), for title: and for ranking
OUTLET = "outlet"
PERSON = "person"
PROGRAMME = "programme"
ORGANISATION = "organisation"
REPORTER = "reporter"
MONTH = "month"  # yyyymm; absent when the article has no date
DAY = "day"  # yyyymmdd; absent when the article has no date
NEWEST = "newest"  # sort key: newest first when ordered descending, undated last
OLDEST = "oldest"  # sort key: oldest first when ordered ascending, undated last
UPDATED = "updated"  # the row's updated_at (microseconds): what `search_index --check` compares
WORDS = "words"  # the article's content words (Article.content_words), counted by word_counts
ENTITY = "entity"  # every entity it is tagged with, of any kind, as entity_code()
PAIRS = "pairs"  # every two of those, as pair_code(): co-mentions counted by one flat aggregation

# Bump when a field is added or changes: an index of another version is rebuilt, not reused.
SCHEMA_VERSION = "4"

ENTITY_FIELDS = {"person": PERSON, "programme": PROGRAMME, "organisation": ORGANISATION}
# The kind of an entity inside the combined ``entity`` field's values (id * 4 + code).
KIND_CODES = {"person": 1, "programme": 2, "organisation": 3}
KINDS_BY_CODE = {code: kind for kind, code in KIND_CODES.items()}


def entity_code(kind: str, entity_id: int) -> int:
    return entity_id * 4 + KIND_CODES[kind]


def entity_decoded(code: int) -> tuple[str, int]:
    """``(kind, id)`` of an ``entity`` field value."""
    return KINDS_BY_CODE[code % 4], code // 4


def pair_code(a: int, b: int) -> int:
    """Two ``entity`` values (``a < b``) as one ``pairs`` value."""
    return (a << 32) | b


def pair_decoded(code: int) -> tuple[int, int]:
    return code >> 32, code & 0xFFFFFFFF


# The backend interface's document fields (``base.FIELDS``) and the index field holding each.
FIELD_NAMES = {
    **ENTITY_FIELDS,
    "outlet": OUTLET,
    "reporter": REPORTER,
    "month": MONTH,
    "date": DAY,
    "words": WORDS,
}


def day_number(day: dt.date) -> int:
    """A date as the index holds it: yyyymmdd."""
    return day.year * 10000 + day.month * 100 + day.day


def decoded(field: str, value: Any) -> int | str | dt.date:
    """An index value of ``field`` as the backend interface gives it (``"YYYY-MM"``, a date)."""
    if field == "month":
        return f"{value // 100:04d}-{value % 100:02d}"
    if field == "date":
        return dt.date(value // 10000, value // 100 % 100, value % 100)
    as_is: int | str = value  # an id or a reporter's name
    return as_is


# Lexemes are already normalised by Kiwi: the index takes them as they are.
_RAW = "raw"


@functools.cache
def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field(ID, stored=True, indexed=True, fast=True)
    builder.add_text_field(TEXT, stored=False, tokenizer_name=_RAW, index_option="position")
    builder.add_text_field(TITLE, stored=False, tokenizer_name=_RAW, index_option="position")
    for name in (OUTLET, PERSON, PROGRAMME, ORGANISATION, ENTITY, PAIRS, MONTH, DAY, NEWEST, OLDEST, UPDATED):
        builder.add_unsigned_field(name, stored=False, indexed=True, fast=True)
    builder.add_text_field(REPORTER, stored=False, tokenizer_name=_RAW, fast=True)
    builder.add_text_field(WORDS, stored=False, tokenizer_name=_RAW, index_option="basic", fast=True)
    return builder.build()


_EPOCH = dt.date(1900, 1, 1)
_SECONDS = 86_400
_ID_BITS = 31  # article ids below 2^31, as PostgreSQL's integer ids are
_MOMENT_BITS = 33  # seconds since 1900 fit until the 2170s


def newest_key(day: dt.date | None, time: dt.time | None, pk: int) -> int:
    """Descending order of this key is ``newest_first_fields``: date, then time (untimed after timed
    on the same day), then id; undated articles last (key 0 region)."""
    if day is None:
        return pk
    seconds = 0 if time is None else time.hour * 3600 + time.minute * 60 + time.second + 1
    moment = (day - _EPOCH).days * (_SECONDS + 1) + seconds + 1
    return (moment << _ID_BITS) | pk


def oldest_key(day: dt.date | None, time: dt.time | None, pk: int) -> int:
    """Ascending order of this key is ``oldest_first_fields``: untimed after timed on the same day,
    undated articles last."""
    if day is None:
        return (((1 << _MOMENT_BITS) - 1) << _ID_BITS) | pk
    seconds = _SECONDS + 1 if time is None else time.hour * 3600 + time.minute * 60 + time.second
    moment = (day - _EPOCH).days * (_SECONDS + 2) + seconds
    return (moment << _ID_BITS) | pk
