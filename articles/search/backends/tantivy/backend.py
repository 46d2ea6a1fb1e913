"""The search backend on a tantivy index: searches, exact disjunctive facets and aggregations,
read from columnar ("fast") fields so counting never touches stored documents.

The index is derived from PostgreSQL (``store``): rebuilt from the stored vectors without Kiwi,
synced after every commit that changes what a reader may see. See docs/search-engine.md.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, cast

import tantivy

from articles.search.backends.base import (
    ENTITY_FIELDS,
    AnyOf,
    Counts,
    Field,
    Found,
    Pairs,
    Selection,
    Sort,
    field_named,
)
from articles.search.backends.tantivy import schema, store
from articles.search.backends.tantivy.queries import EMPTY, Empty, condition_query, selection_query

# Terms aggregations return every bucket up to this many: far above any field's distinct values, so
# counts are exact rather than a top-k estimate.
_ALL_BUCKETS = 1_000_000
_MUST, _SHOULD, _MUST_NOT = tantivy.Occur.Must, tantivy.Occur.Should, tantivy.Occur.MustNot


def _terms(field: str, **sub: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "terms": {"field": schema.FIELD_NAMES[field], "size": _ALL_BUCKETS, "segment_size": _ALL_BUCKETS}
    }
    if sub:
        spec["aggs"] = sub
    return spec


def _aggregate(se: tantivy.Searcher, query: tantivy.Query | Empty, fields: Collection[str]) -> Counts:
    if not fields:
        return {}
    if query is EMPTY:
        return {f: {} for f in fields}
    raw = se.aggregate(query, {f: _terms(f) for f in fields})
    return {f: {schema.decoded(f, b["key"]): b["doc_count"] for b in raw[f]["buckets"]} for f in fields}


def _ints(se: tantivy.Searcher, field: str, addresses: list[tantivy.DocAddress]) -> list[int]:
    # The id and the sort keys are integers every document holds; the stub types the values of any
    # fast field as one union.
    return cast(list[int], se.fast_field_values(field, addresses))


def _count(se: tantivy.Searcher, query: tantivy.Query | Empty) -> int:
    # A count, not doc_freq: doc_freq still counts documents replaced since the last segment merge.
    if query is EMPTY:
        return 0
    count: int = se.search(query, limit=1, count=True).count  # type: ignore[attr-defined]  # missing from tantivy's stub
    return count


def _page(
    se: tantivy.Searcher, query: tantivy.Query | Empty, *, sort: Sort, offset: int, limit: int
) -> tuple[int, list[tuple[int, float]]]:
    if query is EMPTY:
        return 0, []
    if limit <= 0:  # a count alone (tantivy wants a positive limit)
        return _count(se, query), []
    if sort == "relevance":
        # Top hits by score; equal scores go newest first, as in the SQL ordering.
        result = se.search(query, limit=offset + limit, count=True)
        addresses = [address for _, address in result.hits]
        ids = _ints(se, schema.ID, addresses)
        keys = _ints(se, schema.NEWEST, addresses)
        ranked = sorted(
            zip(ids, (score for score, _ in result.hits), keys, strict=True), key=lambda h: (-h[1], -h[2])
        )
        count: int = result.count  # type: ignore[attr-defined]  # missing from tantivy's stub
        return count, [(pk, score) for pk, score, _ in ranked[offset:]]
    field_name, order = (
        (schema.OLDEST, tantivy.Order.Asc) if sort == "oldest" else (schema.NEWEST, tantivy.Order.Desc)
    )
    result = se.search(query, limit=limit, count=True, order_by_field=field_name, offset=offset, order=order)
    ids = _ints(se, schema.ID, [address for _, address in result.hits])
    count = result.count  # type: ignore[attr-defined]  # missing from tantivy's stub
    return count, [(pk, 0.0) for pk in ids]


def _words(se: tantivy.Searcher, query: tantivy.Query, min_count: int) -> dict[str, int]:
    spec = {
        "terms": {
            "field": schema.WORDS,
            "size": _ALL_BUCKETS,
            "segment_size": _ALL_BUCKETS,
            "min_doc_count": max(1, min_count),
        }
    }
    return {b["key"]: b["doc_count"] for b in se.aggregate(query, {"w": spec})["w"]["buckets"]}


_archive_words_cache: dict[tuple[str, int, int], dict[str, int]] = {}


def _archive_words(se: tantivy.Searcher) -> dict[str, int]:
    """Every content word's document frequency over the whole index, computed once per commit (the
    same for every search until the next one)."""
    key = store.generation()
    counts = _archive_words_cache.get(key)
    if counts is None:
        counts = _words(se, tantivy.Query.all_query(), 1)
        _archive_words_cache.clear()
        _archive_words_cache[key] = counts
    return counts


class TantivyBackend:
    """:class:`~articles.search.backends.base.SearchBackend` on this database's tantivy index."""

    name = "tantivy"

    def search(
        self, selection: Selection, *, sort: Sort, offset: int, limit: int, facets: Collection[Field] = ()
    ) -> Found:
        se, s = store.searcher(), schema.build_schema()
        query = selection_query(s, selection)
        count, hits = _page(se, query, sort=sort, offset=offset, limit=limit)
        # Disjunctive: facets whose filter has no condition share one aggregation; each other gets
        # its own, without its filter's conditions.
        conditioned = {c.key for c in selection.conditions}
        counts = _aggregate(se, query, [f for f in facets if f not in conditioned])
        for f in facets:
            if f in conditioned:
                counts.update(_aggregate(se, selection_query(s, selection.without([f])), [f]))
        return Found(count, hits, {f: counts[f] for f in facets})

    def ids(self, selection: Selection, *, sort: Sort) -> list[int]:
        se, s = store.searcher(), schema.build_schema()
        query = selection_query(s, selection)
        total = _count(se, query)
        return [pk for pk, _ in _page(se, query, sort=sort, offset=0, limit=total)[1]] if total else []

    def counts(self, selections: Sequence[Selection]) -> list[int]:
        se, s = store.searcher(), schema.build_schema()
        return [_count(se, selection_query(s, selection)) for selection in selections]

    def value_counts(self, selection: Selection, *, fields: Collection[Field]) -> Counts:
        se, s = store.searcher(), schema.build_schema()
        return _aggregate(se, selection_query(s, selection), list(fields))

    def pairs(self, selection: Selection, *, fields: Collection[Field] = ENTITY_FIELDS) -> Pairs:
        se, s = store.searcher(), schema.build_schema()
        query = selection_query(s, selection)
        if query is EMPTY or not fields:
            return Pairs({}, {})
        # Each document holds its tags (kind encoded) and every two of them: nodes and edges are two
        # flat terms aggregations, exact, in one pass.
        terms = {"terms": {"size": _ALL_BUCKETS, "segment_size": _ALL_BUCKETS}}
        raw = se.aggregate(
            query,
            {
                "nodes": {"terms": {**terms["terms"], "field": schema.ENTITY}},
                "edges": {"terms": {**terms["terms"], "field": schema.PAIRS}},
            },
        )
        wanted = set(fields)
        nodes: dict[tuple[str, int], int] = {}
        for bucket in raw["nodes"]["buckets"]:
            key = schema.entity_decoded(bucket["key"])
            if key[0] in wanted:
                nodes[key] = bucket["doc_count"]
        edges: dict[tuple[tuple[str, int], tuple[str, int]], int] = {}
        for bucket in raw["edges"]["buckets"]:
            a, b = (schema.entity_decoded(code) for code in schema.pair_decoded(bucket["key"]))
            if a[0] in wanted and b[0] in wanted:
                edges[(a, b) if a < b else (b, a)] = bucket["doc_count"]
        return Pairs(nodes, edges)

    def word_counts(
        self, selection: Selection | None, *, words: Collection[str] | None = None, min_count: int = 1
    ) -> dict[str, int]:
        se, s = store.searcher(), schema.build_schema()
        archive = _archive_words(se)
        if selection is None:
            counts = archive
        else:
            query = selection_query(s, selection)
            if query is EMPTY:
                return {} if words is None else dict.fromkeys(words, 0)
            if _count(se, query) > se.num_docs / 2:
                # A search holding most of the archive: count the smaller rest and subtract it from
                # the archive's counts (kept per commit), the same numbers for about half the work.
                rest = tantivy.Query.boolean_query([(_MUST, tantivy.Query.all_query()), (_MUST_NOT, query)])
                outside = _words(se, rest, 1)
                counts = {w: n - outside.get(w, 0) for w, n in archive.items()}
            else:
                counts = _words(se, query, min_count)
        if words is not None:
            return {w: counts.get(w, 0) for w in words}
        return {w: n for w, n in counts.items() if n >= min_count}

    def lexeme_counts(self, lexemes: Collection[str], *, exclude: Collection[int] = ()) -> dict[str, int]:
        se, s = store.searcher(), schema.build_schema()
        left_out = [(_MUST_NOT, tantivy.Query.term_set_query(s, schema.ID, list(exclude)))] if exclude else []

        def holding(lexeme: str) -> tantivy.Query:
            term = tantivy.Query.term_query(s, schema.TEXT, lexeme)
            return tantivy.Query.boolean_query([(_MUST, term), *left_out]) if left_out else term

        return {lexeme: _count(se, holding(lexeme)) for lexeme in lexemes}

    def similar(
        self,
        *,
        lexemes: Collection[str],
        entities: Mapping[str, Collection[int]],
        exclude: Collection[int],
        limit: int,
    ) -> list[int] | None:
        s = schema.build_schema()
        should = [(_SHOULD, tantivy.Query.term_query(s, schema.TEXT, lexeme)) for lexeme in lexemes]
        for field, ids in entities.items():
            should += [
                (_SHOULD, condition_query(s, AnyOf(field_named(field), (entity_id,)))) for entity_id in ids
            ]
        if not should:
            return []
        clauses = [(_MUST, tantivy.Query.boolean_query(should))]
        if exclude:
            clauses.append((_MUST_NOT, tantivy.Query.term_set_query(s, schema.ID, list(exclude))))
        se = store.searcher()
        result = se.search(tantivy.Query.boolean_query(clauses), limit=limit)
        return _ints(se, schema.ID, [address for _, address in result.hits])

    def sync(self, ids: Iterable[int]) -> None:
        store.index_sync(ids=ids)

    def generation(self) -> str:
        return ":".join(str(part) for part in store.generation())

    def rebuild(self) -> int:
        return store.index_rebuild()

    def differences(self) -> tuple[set[int], set[int]]:
        return store.index_differences()

    def drop(self) -> None:
        store.index_drop()
