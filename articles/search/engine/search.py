"""Searching the index: total, one ranked or dated page, and exact disjunctive facet counts."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import tantivy

from articles.search.engine import schema
from articles.search.engine.queries import engine_query
from articles.search.engine.store import searcher
from articles.search.query import Node

FACET_FIELDS = {
    "person": schema.PERSON,
    "programme": schema.PROGRAMME,
    "organisation": schema.ORGANISATION,
    "outlet": schema.OUTLET,
    "reporter": schema.REPORTER,
    "month": schema.MONTH,
    "day": schema.DAY,  # not a facet of the page: the weekly timeline and date spans count by day
}
# Terms aggregations return every bucket up to this many: far above any facet's distinct values, so
# counts are exact rather than a top-k estimate.
_ALL_BUCKETS = 1_000_000


@dataclass(frozen=True)
class EngineFilters:
    """A search's filters as index values. Values of one filter are alternatives (OR); filters
    combine with AND, as in the SQL filters."""

    entities: dict[str, tuple[int, ...]] = field(default_factory=dict)  # facet name → entity ids
    outlets: tuple[int, ...] = ()
    reporters: tuple[str, ...] = ()
    months: tuple[int, ...] = ()  # yyyymm
    day_from: int | None = None  # yyyymmdd, inclusive
    day_to: int | None = None

    def clauses(self, s: tantivy.Schema, *, skip: Collection[str] = ()) -> list[tantivy.Query]:
        """One query per active filter, leaving out those named in ``skip`` (``from``/``to`` too)."""
        out = []
        for name, ids in self.entities.items():
            if ids and name not in skip:
                out.append(tantivy.Query.term_set_query(s, FACET_FIELDS[name], list(ids)))
        for name, values in (("outlet", self.outlets), ("reporter", self.reporters), ("month", self.months)):
            if values and name not in skip:
                out.append(tantivy.Query.term_set_query(s, FACET_FIELDS[name], list(values)))
        if (self.day_from is not None and "from" not in skip) or (
            self.day_to is not None and "to" not in skip
        ):
            out.append(
                tantivy.Query.range_query(
                    s,
                    schema.DAY,
                    tantivy.FieldType.Unsigned,
                    self.day_from if self.day_from is not None and "from" not in skip else 0,
                    self.day_to if self.day_to is not None and "to" not in skip else 99_999_999,
                )
            )
        return out


@dataclass
class EngineResult:
    count: int
    hits: list[tuple[int, float]]  # (article id, score) of the page, in order
    facets: dict[str, dict[int | str, int]]  # facet name → value → count


def _combine(text: tantivy.Query | None, filters: list[tantivy.Query]) -> tantivy.Query:
    clauses = [(tantivy.Occur.Must, q) for q in ([text] if text is not None else [])]
    # Filters narrow the match without changing the scores.
    clauses += [(tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in filters]
    if not clauses:
        return tantivy.Query.all_query()
    return clauses[0][1] if len(clauses) == 1 else tantivy.Query.boolean_query(clauses)


def _aggregate(se: tantivy.Searcher, query: tantivy.Query, names: Collection[str]) -> dict:
    if not names:
        return {}
    spec = {
        n: {"terms": {"field": FACET_FIELDS[n], "size": _ALL_BUCKETS, "segment_size": _ALL_BUCKETS}}
        for n in names
    }
    raw = se.aggregate(query, spec)
    return {n: {b["key"]: b["doc_count"] for b in raw[n]["buckets"]} for n in names}


def _page(se: tantivy.Searcher, query: tantivy.Query, *, sort: str, offset: int, limit: int):
    if limit <= 0:  # a count alone (tantivy wants a positive limit)
        return se.search(query, limit=1, count=True).count, []
    if sort == "relevance":
        # Top hits by score; equal scores go newest first, as in the SQL ordering.
        result = se.search(query, limit=offset + limit, count=True)
        addresses = [address for _, address in result.hits]
        ids = se.fast_field_values(schema.ID, addresses)
        keys = se.fast_field_values(schema.NEWEST, addresses)
        ranked = sorted(
            zip(ids, (score for score, _ in result.hits), keys, strict=True), key=lambda h: (-h[1], -h[2])
        )
        return result.count, [(pk, score) for pk, score, _ in ranked[offset:]]
    field_name, order = (
        (schema.OLDEST, tantivy.Order.Asc) if sort == "oldest" else (schema.NEWEST, tantivy.Order.Desc)
    )
    result = se.search(query, limit=limit, count=True, order_by_field=field_name, offset=offset, order=order)
    ids = se.fast_field_values(schema.ID, [address for _, address in result.hits])
    return result.count, [(pk, 0.0) for pk in ids]


def engine_search(
    *,
    tree: Node | None,
    filters: EngineFilters,
    sort: str,
    offset: int,
    limit: int,
    facets: Collection[str] = (),
) -> EngineResult:
    """Count, page and facets of a search on the index.

    Each facet counts with every filter but its own (disjunctive): facets without a selection share
    one aggregation; each selected facet gets its own, without its filter.
    """
    se = searcher()
    s = schema.build_schema()
    text = engine_query(s, tree) if tree is not None else None
    if tree is not None and text is None:
        return EngineResult(0, [], {n: {} for n in facets})
    query = _combine(text, filters.clauses(s))
    count, hits = _page(se, query, sort=sort, offset=offset, limit=limit)
    selected = {n for n in facets if filters.entities.get(n)}
    selected |= {
        n
        for n, v in (("outlet", filters.outlets), ("reporter", filters.reporters), ("month", filters.months))
        if v and n in facets
    }
    counts = _aggregate(se, query, [n for n in facets if n not in selected])
    for name in selected:
        counts.update(_aggregate(se, _combine(text, filters.clauses(s, skip={name})), [name]))
    return EngineResult(count, hits, counts)


def engine_counts(
    *, tree: Node | None, filters: EngineFilters, skip: Collection[str] = (), fields: Collection[str] = ()
) -> tuple[int, dict[str, dict[int | str, int]]]:
    """How many articles match with the filters named in ``skip`` dropped (``q`` drops the query),
    and the counts per value of ``fields`` within exactly that selection (not disjunctive)."""
    se = searcher()
    s = schema.build_schema()
    text = engine_query(s, tree) if tree is not None and "q" not in skip else None
    if tree is not None and "q" not in skip and text is None:
        return 0, {n: {} for n in fields}
    query = _combine(text, filters.clauses(s, skip=skip))
    count = se.search(query, limit=1, count=True).count
    return count, _aggregate(se, query, fields)


def engine_related_candidates(
    *, lexemes: Collection[str], entities: dict[str, Collection[int]], exclude: Collection[int], limit: int
) -> list[int]:
    """Ids of up to ``limit`` readable articles sharing the most (and the rarest, by BM25) of
    ``lexemes`` and ``entities`` (facet name → entity ids), best first, without ``exclude``.

    What the related-articles selector ranks exactly, in SQL, over this short list rather than the
    whole archive."""
    s = schema.build_schema()
    should = [(tantivy.Occur.Should, tantivy.Query.term_query(s, schema.TEXT, lexeme)) for lexeme in lexemes]
    for name, ids in entities.items():
        should += [
            (tantivy.Occur.Should, tantivy.Query.term_query(s, FACET_FIELDS[name], entity_id))
            for entity_id in ids
        ]
    if not should:
        return []
    clauses = [(tantivy.Occur.Must, tantivy.Query.boolean_query(should))]
    if exclude:
        clauses.append((tantivy.Occur.MustNot, tantivy.Query.term_set_query(s, schema.ID, list(exclude))))
    se = searcher()
    result = se.search(tantivy.Query.boolean_query(clauses), limit=limit)
    return list(se.fast_field_values(schema.ID, [address for _, address in result.hits]))


def _count(se: tantivy.Searcher, query: tantivy.Query) -> int:
    # A count, not doc_freq: doc_freq still counts documents replaced since the last segment merge.
    return se.search(query, limit=1, count=True).count


def engine_document_frequencies(lexemes: Collection[str], *, exclude: Collection[int] = ()) -> dict[str, int]:
    """How many readable articles, leaving out the ids in ``exclude``, hold each lexeme (anywhere in
    their text)."""
    se = searcher()
    s = schema.build_schema()
    left_out = (
        [(tantivy.Occur.MustNot, tantivy.Query.term_set_query(s, schema.ID, list(exclude)))]
        if exclude
        else []
    )

    def holding(lexeme: str) -> tantivy.Query:
        term = tantivy.Query.term_query(s, schema.TEXT, lexeme)
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, term), *left_out]) if left_out else term

    return {lexeme: _count(se, holding(lexeme)) for lexeme in lexemes}


def engine_entity_frequencies(entities: dict[str, Collection[int]]) -> tuple[int, dict[int, int]]:
    """The number of readable articles, and how many of them carry each entity (facet name → ids)."""
    se = searcher()
    s = schema.build_schema()
    return se.num_docs, {
        entity_id: _count(se, tantivy.Query.term_query(s, FACET_FIELDS[name], entity_id))
        for name, ids in entities.items()
        for entity_id in ids
    }
