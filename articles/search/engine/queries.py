"""The parsed query tree as a tantivy query, with PostgreSQL's meaning.

A word is its parts as a phrase, or one of its compound lexemes (``korean.query_groups``), exactly
as ``articles.search.query`` compiles it to a tsquery; a quoted phrase puts the words' choices next
to each other, which tantivy expresses as a union of phrase queries with explicit positions.
"""

from __future__ import annotations

import itertools

import tantivy

from articles import korean
from articles.search.engine import schema
from articles.search.query import And, Node, Not, Or, Term, term_groups

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


def _choices(group: korean.QueryGroup) -> list[list[str]]:
    return [list(group.parts), *([alt] for alt in group.alternatives)]


def _phrase(s: tantivy.Schema, field: str, groups: list[korean.QueryGroup]) -> tantivy.Query:
    options = [_choices(g) for g in groups]
    variants = 1
    for o in options:
        variants *= len(o)
    if variants > MAX_PHRASE_VARIANTS:
        options = [o[:1] for o in options]
    return _any([_sequence(s, field, [w for c in combo for w in c]) for combo in itertools.product(*options)])


def _term(s: tantivy.Schema, term: Term) -> tantivy.Query | None:
    groups = term_groups(term)
    if not groups:
        return None

    def in_field(field: str) -> tantivy.Query:
        if term.phrase:
            return _phrase(s, field, groups)
        # Listed names (배경훈·하정우) must each appear, not next to each other.
        parts = [_phrase(s, field, [g]) for g in groups]
        return parts[0] if len(parts) == 1 else tantivy.Query.boolean_query([(_MUST, p) for p in parts])

    if term.title_only:
        return in_field(schema.TITLE)
    boosted = tantivy.Query.boost_query(in_field(schema.TITLE), TITLE_BOOST)
    return tantivy.Query.boolean_query([(_MUST, in_field(schema.TEXT)), (_SHOULD, boosted)])


def engine_query(s: tantivy.Schema, node: Node) -> tantivy.Query | None:
    """The tantivy query for a parsed query tree; None when nothing searchable is left (as
    ``compile_query`` reports)."""
    if isinstance(node, Term):
        return _term(s, node)
    if isinstance(node, Not):
        inner = engine_query(s, node.child)
        if inner is None:
            return None
        return tantivy.Query.boolean_query([(_MUST, tantivy.Query.all_query()), (_MUST_NOT, inner)])
    if isinstance(node, And):
        clauses = []
        for child in node.children:
            if isinstance(child, Not):
                inner = engine_query(s, child.child)
                if inner is not None:
                    clauses.append((_MUST_NOT, inner))
            elif (q := engine_query(s, child)) is not None:
                clauses.append((_MUST, q))
        if not any(occur == _MUST for occur, _ in clauses):
            return None
        return clauses[0][1] if len(clauses) == 1 else tantivy.Query.boolean_query(clauses)
    assert isinstance(node, Or)
    children = [q for q in (engine_query(s, c) for c in node.children) if q is not None]
    if not children:
        return None
    return _any(children)
