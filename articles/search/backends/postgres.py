"""The search backend on PostgreSQL alone: the stored Kiwi vectors (``tsvector``) and the tag and
article tables, no derived index.

It serves the whole site when ``SEARCH_BACKEND=postgres`` (a small archive, or while an index is
being rebuilt elsewhere), and it is the reference the tantivy backend is tested against
(tests/articles/search/test_backend_parity.py): the same matches, totals, facets and date orders.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from articles.models import Article, ArticleEntity, ArticleQuerySet, newest_first_fields
from articles.search.backends.base import (
    ENTITY_FIELDS,
    Counts,
    Field,
    Found,
    Pairs,
    Selection,
    Sort,
)
from articles.search.sql import (
    RawTsQuery,
    articles_matching_text,
    condition_q,
    lexeme_tsquery,
    rank_expression,
    tsquery,
)


def selected(selection: Selection) -> ArticleQuerySet:
    """The readable articles of ``selection``, unordered."""
    queryset = Article.objects.readable().order_by()
    if selection.match is not None:
        queryset = articles_matching_text(queryset, selection.match)
    for condition in selection.conditions:
        queryset = queryset.filter(condition_q(condition))
    return queryset


def _ordered(queryset: ArticleQuerySet, selection: Selection, sort: Sort) -> ArticleQuerySet:
    text = tsquery(selection.match) if selection.match is not None else None
    if sort == "relevance" and text is not None:
        # The stubs lose a custom QuerySet through annotate(); it is still an ArticleQuerySet.
        ranked: ArticleQuerySet = queryset.annotate(rank=rank_expression(text))
        return ranked.order_by("-rank", *newest_first_fields())
    if sort == "oldest":
        return queryset.oldest_first()
    return queryset.newest_first()


# --- counting per value ------------------------------------------------------------------------


def _reporter_counts(queryset: QuerySet[Article]) -> dict[str, int]:
    # unnest() cannot be grouped through the ORM; the subquery keeps every condition of `queryset`.
    sql, params = queryset.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r, count(*) FROM articles_article a, unnest(a.reporters) AS r "
            f"WHERE a.id IN ({sql}) GROUP BY r",
            params,
        )
        return dict(cursor.fetchall())


def _value_counts(queryset: QuerySet[Article], field: str) -> dict[Any, int]:
    if field in ENTITY_FIELDS:
        rows = (
            ArticleEntity.objects.active()
            .filter(entity__kind=field, article__in=queryset.values("pk"))
            .values_list("entity_id")
            .annotate(n=Count("article_id"))
            .order_by()
        )
        return dict(rows)
    if field == "outlet":
        return dict(queryset.values_list("outlet_id").annotate(n=Count("id")).order_by())
    if field == "reporter":
        return _reporter_counts(queryset)
    dated = queryset.filter(published_date__isnull=False)
    if field == "month":
        rows = (
            dated.annotate(m=TruncMonth("published_date")).values_list("m").annotate(n=Count("id")).order_by()
        )
        return {m.strftime("%Y-%m"): n for m, n in rows}
    if field == "date":
        return dict(dated.values_list("published_date").annotate(n=Count("id")).order_by())
    raise ValueError(f"no counts of {field!r}")


class PostgresBackend:
    """:class:`~articles.search.backends.base.SearchBackend` on PostgreSQL's own tables."""

    name = "postgres"

    def search(
        self, selection: Selection, *, sort: Sort, offset: int, limit: int, facets: Collection[Field] = ()
    ) -> Found:
        queryset = selected(selection)
        rows = _ordered(queryset, selection, sort).values_list(
            "pk", *(["rank"] if sort == "relevance" and selection.match else [])
        )
        page = list(rows[offset : offset + limit]) if limit > 0 else []
        hits = [(row[0], float(row[1]) if len(row) > 1 else 0.0) for row in page]
        counts: Counts = {f: _value_counts(selected(selection.without([f])), f) for f in facets}
        return Found(queryset.count(), hits, counts)

    def ids(self, selection: Selection, *, sort: Sort) -> list[int]:
        return list(_ordered(selected(selection), selection, sort).values_list("pk", flat=True))

    def counts(self, selections: Sequence[Selection]) -> list[int]:
        return [selected(selection).count() for selection in selections]

    def value_counts(self, selection: Selection, *, fields: Collection[Field]) -> Counts:
        queryset = selected(selection)
        return {f: _value_counts(queryset, f) for f in fields}

    def pairs(self, selection: Selection, *, fields: Collection[Field] = ENTITY_FIELDS) -> Pairs:
        tags = ArticleEntity.objects.active().filter(
            entity__kind__in=list(fields), article__in=selected(selection).values("pk")
        )
        sql, params = tags.values("article_id", "entity_id", "entity__kind").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH t(article, entity, kind) AS ({sql}) "
                "SELECT a.kind, a.entity, b.kind, b.entity, count(*) FROM t a JOIN t b "
                "ON a.article = b.article AND (a.kind, a.entity) <= (b.kind, b.entity) "
                "GROUP BY 1, 2, 3, 4",
                params,
            )
            rows = cursor.fetchall()
        nodes, edges = {}, {}
        for kind_a, a, kind_b, b, n in rows:
            if (kind_a, a) == (kind_b, b):
                nodes[(kind_a, a)] = n
            else:
                edges[((kind_a, a), (kind_b, b))] = n
        return Pairs(nodes, edges)

    def word_counts(
        self, selection: Selection | None, *, words: Collection[str] | None = None, min_count: int = 1
    ) -> dict[str, int]:
        queryset = Article.objects.readable().order_by() if selection is None else selected(selection)
        sql, params = queryset.values("pk").query.sql_with_params()
        wanted = "" if words is None else " AND w = ANY(%s)"
        threshold = 1 if words is not None else min_count
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT w, count(*) FROM articles_article a, unnest(a.content_words) AS w "
                f"WHERE a.id IN ({sql}){wanted} GROUP BY w HAVING count(*) >= %s",
                [*params, *([list(words)] if words is not None else []), threshold],
            )
            counts = dict(cursor.fetchall())
        return counts if words is None else {w: counts.get(w, 0) for w in words}

    def lexeme_counts(self, lexemes: Collection[str], *, exclude: Collection[int] = ()) -> dict[str, int]:
        lexemes = list(lexemes)
        if not lexemes:
            return {}
        pool = Article.objects.readable().exclude(pk__in=list(exclude))
        quoted = [lexeme_tsquery(lexeme) for lexeme in lexemes]
        aggregated = pool.filter(search_vector=RawTsQuery(" | ".join(quoted))).aggregate(
            **{f"l{i}": Count("pk", filter=Q(search_vector=RawTsQuery(q))) for i, q in enumerate(quoted)}
        )
        return {lexeme: aggregated[f"l{i}"] for i, lexeme in enumerate(lexemes)}

    def similar(
        self,
        *,
        lexemes: Collection[str],
        entities: Mapping[str, Collection[int]],
        exclude: Collection[int],
        limit: int,
    ) -> list[int] | None:
        return None  # no shortcut: the caller ranks every article of the pool exactly

    def sync(self, ids: Iterable[int]) -> None:
        """Nothing to do: the vectors and tags are written in the same transaction as the articles."""

    def generation(self) -> str:
        return ""  # nothing derived: the database's version says it all

    def rebuild(self) -> int:
        return Article.objects.readable().count()

    def differences(self) -> tuple[set[int], set[int]]:
        return set(), set()

    def drop(self) -> None:
        """Nothing derived to delete."""
