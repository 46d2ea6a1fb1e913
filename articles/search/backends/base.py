"""What a search backend is asked and answers, in plain values: the seam between the search request
(parameters, filters, the query language) and the engines that answer it.

A backend sees a :class:`Selection` (which articles) and answers with ids, scores, counts and dates.
It never sees a query string, a ``QueryDict``, a model or Kiwi: the query language has already read
every word into lexeme groups (:class:`Words`), and every filter has already become a
:class:`Condition` on a named document field (:data:`FIELDS`). So a backend on another engine
(OpenSearch, Elasticsearch) implements :class:`SearchBackend` and maps the same fields; no caller
changes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from articles.search.selection import (
    ENTITY_FIELDS,
    EVERYTHING,
    FIELDS,
    And,
    AnyOf,
    Between,
    Condition,
    Field,
    Group,
    Match,
    Not,
    Or,
    Selection,
    Words,
    field_named,
    match_lexemes,
)

__all__ = [
    "ENTITY_FIELDS", "EVERYTHING", "FIELDS", "And", "AnyOf", "Between", "Condition", "Counts", "Field", "Found",
    "Group", "Match", "Not", "Or", "Pairs", "SearchBackend", "Selection", "Sort", "Words", "field_named",
    "match_lexemes",
]  # fmt: skip

# --- answers ---------------------------------------------------------------------------------

Sort = Literal["relevance", "newest", "oldest"]
Counts = dict[str, dict[Any, int]]  # field → value → number of articles


@dataclass(frozen=True)
class Found:
    """One page of a search: the total, ``(article id, score)`` in order, and facet counts.

    Scores are the backend's own (comparable within one answer only); date sorts give 0.0.
    """

    count: int
    hits: list[tuple[int, float]]
    facets: Counts = field(default_factory=dict)


@dataclass(frozen=True)
class Pairs:
    """Co-occurrence of entities within a selection: ``nodes`` maps ``(field, id)`` to the number of
    selected articles tagged with it; ``edges`` maps two such keys (in sorted order) to the number
    tagged with both."""

    nodes: dict[tuple[str, int], int]
    edges: dict[tuple[tuple[str, int], tuple[str, int]], int]


class SearchBackend(Protocol):
    """What the archive asks of a search engine. Every method reads readable articles only.

    Facets are *disjunctive*: each counts with every condition but its own filter's (the conditions
    whose ``key`` is the facet's field), so the other values of a chosen facet stay visible. ``value_counts`` is not: it counts within exactly
    the selection.
    """

    name: str

    def search(
        self, selection: Selection, *, sort: Sort, offset: int, limit: int, facets: Collection[Field] = ()
    ) -> Found:
        """The total, one page of hits in ``sort`` order, and the facets named."""
        ...

    def ids(self, selection: Selection, *, sort: Sort) -> list[int]:
        """Every matching article id in ``sort`` order (exports)."""
        ...

    def counts(self, selections: Sequence[Selection]) -> list[int]:
        """How many articles each selection holds."""
        ...

    def value_counts(self, selection: Selection, *, fields: Collection[Field]) -> Counts:
        """For each of ``fields``, how many selected articles hold each value."""
        ...

    def pairs(self, selection: Selection, *, fields: Collection[Field] = ENTITY_FIELDS) -> Pairs:
        """How often the entities of ``fields`` are tagged together within the selection."""
        ...

    def word_counts(
        self, selection: Selection | None, *, words: Collection[str] | None = None, min_count: int = 1
    ) -> dict[str, int]:
        """How many selected articles (all readable ones when ``selection`` is None) hold each content
        word (``words``, or every content word held by at least ``min_count``): document frequencies."""
        ...

    def lexeme_counts(self, lexemes: Collection[str], *, exclude: Collection[int] = ()) -> dict[str, int]:
        """How many readable articles, ``exclude`` left out, hold each lexeme anywhere in their text."""
        ...

    def similar(
        self,
        *,
        lexemes: Collection[str],
        entities: Mapping[str, Collection[int]],
        exclude: Collection[int],
        limit: int,
    ) -> list[int] | None:
        """Up to ``limit`` ids of the readable articles sharing the most (and rarest) of ``lexemes``
        and ``entities`` (field → ids), best first; None when the backend has no faster way than
        ranking every article (the caller then ranks the whole pool)."""
        ...

    def sync(self, ids: Iterable[int]) -> None:
        """Make the backend agree with PostgreSQL for these articles once the transaction commits."""
        ...

    def generation(self) -> str:
        """Which state of what the backend derives the searches read: changes whenever a sync or a
        rebuild is committed (empty for a backend that reads PostgreSQL alone). Part of the archive's
        version (``articles.selectors.archive_version``)."""
        ...

    def rebuild(self) -> int:
        """Rebuild whatever the backend derives from PostgreSQL; the number of articles it holds."""
        ...

    def differences(self) -> tuple[set[int], set[int]]:
        """``(stale, extra)`` article ids where the backend disagrees with PostgreSQL."""
        ...
