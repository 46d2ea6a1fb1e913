"""A selection as a tantivy query, with PostgreSQL's meaning.

A word is its parts as a phrase, or one of its compound lexemes, exactly as the PostgreSQL backend
writes it as a tsquery; a quoted phrase puts the words' choices next to each other, which tantivy
expresses as a union of phrase queries with explicit positions. Conditions narrow the match
without changing scores.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from collections.abc import Sequence
from typing import Final

import tantivy

from articles.search.backends.base import (
    And,
    AnyOf,
    Between,
    Condition,
    Group,
    Match,
    Not,
    Or,
    Selection,
    Words,
)
from articles.search.backends.tantivy import schema

# A title hit outranks a body hit, as the tsvector weights did.
TITLE_BOOST = 4.0
# A phrase of many compound words could expand to many phrase queries; past this the parts-only
# reading is kept (it is the one every analysed document has).
MAX_PHRASE_VARIANTS = 64

_MUST = tantivy.Occur.Must
_SHOULD = tantivy.Occur.Should
_MUST_NOT = tantivy.Occur.MustNot


def _sequence(s: tantivy.Schema, field: str, words: list[str]) -> tantivy.Query:
    if len(words) == 1:
        return tantivy.Query.term_query(s, field, words[0], index_option="position")
    return tantivy.Query.phrase_query(s, field, list(enumerate(words)))


def _any(queries: list[tantivy.Query]) -> tantivy.Query:
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(_SHOULD, q) for q in queries])


def _choices(group: Group) -> list[list[str]]:
    return [list(group.parts), *([alt] for alt in group.alternatives)]


def _phrase(s: tantivy.Schema, field: str, groups: tuple[Group, ...]) -> tantivy.Query:
    options = [_choices(g) for g in groups]
    variants = 1
    for o in options:
        variants *= len(o)
    if variants > MAX_PHRASE_VARIANTS:
        options = [o[:1] for o in options]
    return _any([_sequence(s, field, [w for c in combo for w in c]) for combo in itertools.product(*options)])


def _words(s: tantivy.Schema, term: Words) -> tantivy.Query | None:
    groups = term.groups
    if not groups:
        return None

    def in_field(field: str) -> tantivy.Query:
        if term.phrase:
            return _phrase(s, field, groups)
        # Listed names (배경훈·하정우) must each appear, not next to each other.
        parts = [_phrase(s, field, (g,)) for g in groups]
        return parts[0] if len(parts) == 1 else tantivy.Query.boolean_query([(_MUST, p) for p in parts])

    if term.title_only:
        return in_field(schema.TITLE)
    boosted = tantivy.Query.boost_query(in_field(schema.TITLE), TITLE_BOOST)
    return tantivy.Query.boolean_query([(_MUST, in_field(schema.TEXT)), (_SHOULD, boosted)])


def match_query(s: tantivy.Schema, node: Match) -> tantivy.Query | None:
    """The tantivy query for a text match; None when nothing searchable is left."""
    if isinstance(node, Words):
        return _words(s, node)
    if isinstance(node, Not):
        inner = match_query(s, node.child)
        if inner is None:
            return None
        return tantivy.Query.boolean_query([(_MUST, tantivy.Query.all_query()), (_MUST_NOT, inner)])
    if isinstance(node, And):
        clauses = []
        for child in node.children:
            if isinstance(child, Not):
                inner = match_query(s, child.child)
                if inner is not None:
                    clauses.append((_MUST_NOT, inner))
            elif (q := match_query(s, child)) is not None:
                clauses.append((_MUST, q))
        if not any(occur == _MUST for occur, _ in clauses):
            return None
        return clauses[0][1] if len(clauses) == 1 else tantivy.Query.boolean_query(clauses)
    assert isinstance(node, Or)
    children = [q for q in (match_query(s, c) for c in node.children) if q is not None]
    if not children:
        return None
    return _any(children)


def _encoded(field: str, value: int | str | dt.date) -> int | str | dt.date:
    # Months and dates are integers in the index (yyyymm, yyyymmdd): ranges and sorts are numeric.
    if field == "month" and isinstance(value, str):
        year, month = value.split("-")
        return int(year) * 100 + int(month)
    if field == "date" and isinstance(value, dt.date):
        return schema.day_number(value)
    return value


def condition_query(s: tantivy.Schema, condition: Condition) -> tantivy.Query:
    """One filter condition as a tantivy query on the field that holds it."""
    name = schema.FIELD_NAMES[condition.field]
    if isinstance(condition, AnyOf):
        return tantivy.Query.term_set_query(s, name, [_encoded(condition.field, v) for v in condition.values])
    assert isinstance(condition, Between)
    low = schema.day_number(condition.low) if condition.low is not None else 0
    high = schema.day_number(condition.high) if condition.high is not None else 99_999_999
    return tantivy.Query.range_query(s, name, tantivy.FieldType.Unsigned, low, high)


class Empty(enum.Enum):
    """A selection whose text match has nothing searchable left: it matches nothing."""

    EMPTY = "empty"


EMPTY: Final = Empty.EMPTY


def selection_query(
    s: tantivy.Schema, selection: Selection, *, extra: Sequence[tantivy.Query] = ()
) -> tantivy.Query | Empty:
    """The whole selection as one query, or ``EMPTY`` when nothing can match.

    Conditions are wrapped in a zero constant score, so relevance is the text's alone."""
    clauses = []
    if selection.match is not None:
        text = match_query(s, selection.match)
        if text is None:
            return EMPTY
        clauses.append((_MUST, text))
    filters = [condition_query(s, c) for c in selection.conditions] + list(extra)
    clauses += [(_MUST, tantivy.Query.const_score_query(f, 0.0)) for f in filters]
    if not clauses:
        return tantivy.Query.all_query()
    return clauses[0][1] if len(clauses) == 1 else tantivy.Query.boolean_query(clauses)
