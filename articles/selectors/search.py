"""The one search selector behind the pages, the API, feeds, exports and analyses: a
:class:`SearchRequest` answered by the search backend, with the page's rows read from PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from articles.models import Article, ArticleEntity, ArticleSource
from articles.search.backends import search_backend
from articles.search.backends.base import EVERYTHING
from articles.search.filters import FACETED
from articles.search.highlight import snippet, surface_lexemes
from articles.search.query import SearchQuery
from articles.search.request import SearchRequest
from articles.selectors.articles import active_tags_prefetch, attach_entities
from policy.models import Entity


@dataclass
class SearchResult:
    request: SearchRequest
    count: int
    articles: list[Article]
    facets: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.request.page_size))


def articles_search(*, request: SearchRequest, facets: bool = True, snippets: bool = True) -> SearchResult:
    """Run a search: the page of matching articles (ranked or by date), the total and the facets.

    Facets count with every filter but their own (disjunctive). Each article on the page gets
    ``rank``, ``snippet`` (safe HTML, matches marked), ``persons``, ``programmes`` and
    ``organisations`` (lists of Entity) without a query per article.
    """
    found = search_backend().search(
        request.selection(),
        sort=request.sort,
        offset=request.offset,
        limit=request.page_size,
        facets=[f.field for f in FACETED if f.field is not None] if facets else (),
    )
    rows = (
        Article.objects.select_related("outlet")
        .prefetch_related(active_tags_prefetch())
        .without_analysis()
        .in_bulk([pk for pk, _ in found.hits])
    )
    page = []
    for pk, score in found.hits:
        article = rows.get(pk)
        if article is not None:  # changed between the backend's read and this one
            article.rank = score
            page.append(attach_entities(article, article.active_tags))
    if snippets:
        _attach_snippets(page, request.query)
    facet_lists = (
        {f.name: f.facet_rows(found.facets[f.field]) for f in FACETED if f.field is not None}
        if facets
        else {}
    )
    return SearchResult(request=request, count=found.count, articles=page, facets=facet_lists)


def _attach_snippets(articles: list[Article], query: SearchQuery | None) -> None:
    if query is None:
        for article in articles:
            article.snippet = snippet(article.subtitle or article.body, [], ())
        return
    wanted = query.highlight_lexemes
    for article in articles:
        article.snippet = snippet(article.body, surface_lexemes(article.body, wanted), wanted)


def search_counts(request: SearchRequest, *, skips: Collection[Collection[str]]) -> list[int]:
    """How many articles match ``request`` with each set of filters in ``skips`` dropped (``"q"``
    drops the query), in one call to the backend."""
    return search_backend().counts([request.selection(skip=skip) for skip in skips])


def archive_span() -> tuple[int, dt.date | None, dt.date | None]:
    """How many readable articles the archive holds and the dates of the first and last."""
    backend = search_backend()
    (count,) = backend.counts([EVERYTHING])
    days = backend.value_counts(EVERYTHING, fields=["date"])["date"]
    return count, (min(days) if days else None), (max(days) if days else None)


def _export_prepared(queryset: QuerySet, *, include_body: bool) -> QuerySet:
    # Outlet joined, tags and sources prefetched: three queries per chunk whatever its rows.
    sources = Prefetch(
        "article_sources",
        # raw_text can be megabytes: only the provenance fields are read.
        queryset=ArticleSource.objects.select_related("source").only(
            "article_id",
            "position",
            "source__file_name",
            "source__sha256",
            "source__format",
            "source__ingested_at",
        ),
        to_attr="source_links",
    )
    # The tags without their entities: an export of thousands of articles would otherwise build one
    # Entity per tag, while the archive has a few hundred entities (articles_export_stream shares them).
    tags = Prefetch(
        "entity_tags",
        queryset=ArticleEntity.objects.active()
        .only("article_id", "entity_id", "mentions")
        .most_mentioned_first(),
        to_attr="active_tags",
    )
    # Only what exports and citations write: the analysis columns (content words, near-duplicate
    # keys, the vector) are most of a row's bytes.
    fields = [
        "title", "subtitle", "published_date", "published_time", "reporters", "url", "language", "status",
        "outlet__name", "outlet__slug",
    ]  # fmt: skip
    if include_body:
        fields.append("body")
    return queryset.select_related("outlet").only(*fields).prefetch_related(tags, sources)


def articles_export_stream(
    *, request: SearchRequest, chunk_size: int, include_body: bool = False
) -> Iterator[Article]:
    """Every article matching ``request`` in the search's own order (the order of its pages), with
    its outlet, ``source_links`` and ``persons``, ``programmes`` and ``organisations`` attached like
    search results; read in chunks of ``chunk_size`` rows, a fixed number of queries each. The
    citation exports stream the whole result set through it (the CSV and JSON Lines exports read
    plain values: ``articles_export_records``); ``include_body`` reads the texts too."""
    ids = search_backend().ids(request.selection(), sort=request.sort)
    entities: dict[int, Entity] = {}
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        rows = _export_prepared(Article.objects.all(), include_body=include_body).in_bulk(chunk)
        for pk in chunk:
            article = rows.get(pk)
            if article is None:  # changed between the backend's read and this one
                continue
            if not entities and article.active_tags:
                entities = {e.pk: e for e in Entity.objects.only("name", "slug", "kind")}
            for tag in article.active_tags:
                tag.entity = entities[tag.entity_id]
            yield attach_entities(article, article.active_tags)
