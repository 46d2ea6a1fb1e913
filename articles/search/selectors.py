"""Reading the archive: one search selector behind the pages, the API, feeds and exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, Min, Prefetch, QuerySet
from django.db.models.functions import TruncMonth

from articles.models import Article, ArticleEntity, newest_first_fields
from articles.search.engine.results import index_ids, index_search
from articles.search.engine.search import EngineFilters, engine_counts
from articles.search.highlight import snippet, surface_lexemes
from articles.search.index import RawTsQuery, rank_expression
from articles.search.params import ENTITY_PARAMS, FACETS, PARAM, SearchParams
from articles.search.query import CompiledQuery
from policy.models import Entity


def _filtered(params: SearchParams, queryset: QuerySet, *, skip: Collection[str] = ()) -> QuerySet:
    if params.filterset is None:
        return queryset
    for name, value in params.filterset.form.cleaned_data.items():
        if name not in skip and value not in (None, [], ""):
            queryset = params.filterset.filters[name].filter(queryset, value)
    return queryset


def _matching(params: SearchParams, base: QuerySet) -> QuerySet:
    if params.query is None:
        return base
    return base.filter(search_vector=RawTsQuery(params.query.tsquery))


def _ordered(params: SearchParams, queryset: QuerySet) -> QuerySet:
    if params.sort == "relevance" and params.query is not None:
        return queryset.annotate(rank=rank_expression(params.query.tsquery)).order_by(
            "-rank", *newest_first_fields()
        )
    if params.sort == "oldest":
        return queryset.oldest_first()
    return queryset.newest_first()


def _entity_facet(queryset: QuerySet, kind: str) -> list[dict]:
    rows = (
        ArticleEntity.objects.active()
        .filter(entity__kind=kind, article__in=queryset.values("pk"))
        .values("entity__name", "entity__slug")
        .annotate(count=Count("article_id"))
        .order_by("-count", "entity__name")
    )
    return [{"name": r["entity__name"], "slug": r["entity__slug"], "count": r["count"]} for r in rows]


def reporter_counts(queryset: QuerySet) -> list[dict]:
    """How many of the articles in ``queryset`` each reporter wrote, most first."""
    # unnest() cannot be grouped through the ORM; the subquery keeps every filter of `queryset`.
    sql, sql_params = queryset.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r, count(*) FROM articles_article a, unnest(a.reporters) AS r "
            f"WHERE a.id IN ({sql}) GROUP BY r ORDER BY count(*) DESC, r",
            sql_params,
        )
        return [{"name": name, "count": count} for name, count in cursor.fetchall()]


def _facet(params: SearchParams, base: QuerySet, name: str) -> list[dict]:
    # Disjunctive: a facet counts with every selection but its own, so its other values stay visible.
    queryset = _filtered(params, base, skip=(name,)).order_by()
    if name in ENTITY_PARAMS.values():
        return _entity_facet(queryset, PARAM[name].entity_kind)
    if name == "outlet":
        rows = (
            queryset.values("outlet__name", "outlet__slug")
            .annotate(count=Count("id"))
            .order_by("-count", "outlet__name")
        )
        return [{"name": r["outlet__name"], "slug": r["outlet__slug"], "count": r["count"]} for r in rows]
    if name == "reporter":
        return reporter_counts(queryset)
    rows = (
        queryset.filter(published_date__isnull=False)
        .annotate(m=TruncMonth("published_date"))
        .values("m")
        .annotate(count=Count("id"))
        .order_by("m")
    )
    return [{"value": r["m"].strftime("%Y-%m"), "count": r["count"]} for r in rows]


def active_tags_prefetch() -> Prefetch:
    """Prefetch an article's counted tags, most mentioned first, into ``article.active_tags``."""
    return Prefetch(
        "entity_tags",
        queryset=ArticleEntity.objects.active()
        .select_related("entity")
        .order_by("-mentions", "entity__name"),
        to_attr="active_tags",
    )


def attach_entities(article: Article, tags: Iterable[ArticleEntity]) -> Article:
    """Set ``persons``, ``programmes`` and ``organisations`` (lists of Entity) from the article's tags."""
    entities = [t.entity for t in tags]
    article.persons = [e for e in entities if e.kind == Entity.Kind.PERSON]
    article.programmes = [e for e in entities if e.kind == Entity.Kind.PROGRAMME]
    article.organisations = [e for e in entities if e.kind == Entity.Kind.ORGANISATION]
    return article


def article_with_tags(*, pk: int) -> Article | None:
    """The readable article ``pk`` with its outlet, ``active_tags`` (most mentioned first) and
    ``persons``, ``programmes`` and ``organisations`` attached; None when a reader may not see it."""
    article = (
        Article.objects.readable()
        .select_related("outlet")
        .prefetch_related(active_tags_prefetch())
        .filter(pk=pk)
    ).first()
    return None if article is None else attach_entities(article, article.active_tags)


@dataclass
class SearchResult:
    params: SearchParams
    count: int
    articles: list[Article]
    facets: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.params.page_size))


def articles_search(
    *, params: SearchParams, base: QuerySet | None = None, facets: bool = True, snippets: bool = True
) -> SearchResult:
    """Run a search: the page of matching articles (ranked or by date), the total and the facets.

    Each article on the page gets ``snippet`` (safe HTML, matches marked), ``persons``,
    ``programmes`` and ``organisations`` (lists of Entity) without a query per article.
    """
    if base is None and settings.SEARCH_BACKEND == "index":
        count, page, facet_counts = index_search(params=params, facets=facets, tags=active_tags_prefetch())
    else:
        count, page, facet_counts = _sql_search(params=params, base=base, facets=facets)
    for article in page:
        attach_entities(article, article.active_tags)
    if snippets:
        _attach_snippets(page, params.query)
    return SearchResult(params=params, count=count, articles=page, facets=facet_counts)


def _sql_search(
    *, params: SearchParams, base: QuerySet | None, facets: bool
) -> tuple[int, list[Article], dict]:
    # The same answer from PostgreSQL alone: for a custom ``base`` and as the reference the index
    # is tested against (tests/articles/search/test_engine_parity.py).
    base = Article.objects.readable() if base is None else base
    matching = _matching(params, base)
    filtered = _filtered(params, matching)
    offset = (params.page - 1) * params.page_size
    page = list(
        _ordered(params, filtered)
        .select_related("outlet")
        .prefetch_related(active_tags_prefetch())[offset : offset + params.page_size]
    )
    facet_counts = {name: _facet(params, matching, name) for name in FACETS} if facets else {}
    return filtered.count(), page, facet_counts


def _attach_snippets(articles: list[Article], query: CompiledQuery | None) -> None:
    if not articles:
        return
    if query is None:
        for article in articles:
            text = article.subtitle or article.body
            article.snippet = snippet(text, [], ())
        return
    wanted = query.highlight_lexemes
    for article in articles:
        article.snippet = snippet(article.body, surface_lexemes(article.body, wanted), wanted)


def archive_span() -> tuple[int, dt.date | None, dt.date | None]:
    """How many published articles the archive holds and the dates of the first and last."""
    if settings.SEARCH_BACKEND == "index":
        count, counts = engine_counts(tree=None, filters=EngineFilters(), fields=["day"])
        days = sorted(counts["day"])
        as_date = [dt.date(d // 10000, d // 100 % 100, d % 100) for d in (days[:1] + days[-1:])]
        return count, (as_date[0] if as_date else None), (as_date[-1] if as_date else None)
    agg = Article.objects.readable().aggregate(
        n=Count("id"), first=Min("published_date"), last=Max("published_date")
    )
    return agg["n"], agg["first"], agg["last"]


def articles_matching(
    *, params: SearchParams, skip: Collection[str] = (), base: QuerySet | None = None
) -> QuerySet:
    """The articles a search counts, unordered, leaving out the filters named in ``skip`` ("q" too).

    For "what if this filter were dropped" counts and timelines beside the search itself.
    """
    base = Article.objects.readable() if base is None else base
    matching = base if "q" in skip else _matching(params, base)
    return _filtered(params, matching, skip=skip).order_by()


def articles_search_queryset(*, params: SearchParams, base: QuerySet | None = None) -> QuerySet:
    """Every article matching ``params``, filtered and ordered by PostgreSQL, without paging."""
    # `base or ...` would evaluate the queryset (bool() runs it); compare with None instead.
    base = Article.objects.readable() if base is None else base
    return _ordered(params, _filtered(params, _matching(params, base)))


def articles_search_stream(
    *, params: SearchParams, prepare: Callable[[QuerySet], QuerySet], chunk_size: int
) -> Iterator[Article]:
    """Every article matching ``params`` in the search's own order (the order of its pages), in
    chunks of ``chunk_size`` rows, each chunk's rows read through ``prepare`` (joins, prefetches,
    deferred columns) in a fixed number of queries. For exports, which stream the whole result set.
    """
    if settings.SEARCH_BACKEND != "index":
        yield from prepare(articles_search_queryset(params=params)).iterator(chunk_size=chunk_size)
        return
    ids = index_ids(params=params)
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        rows = prepare(Article.objects.all()).in_bulk(chunk)
        yield from (rows[pk] for pk in chunk if pk in rows)
