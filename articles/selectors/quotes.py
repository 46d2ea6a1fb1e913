"""Reads of quotes (인용문): the quote search, an article's quotes, an entity's, the speakers of an
article search, and the stream exports read.

Only quotes that count (``QuoteQuerySet.readable``: not marked as not a quote, of an article a
reader may see) are ever read here. The quote search is PostgreSQL's: the query language over each
quote's own vector (``articles.services.quote_vectors``), the article's filters as conditions on
the quote's article (``articles.search.sql.condition_q``), and the speaker.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from articles.models import Article, Quote, newest_first_fields, oldest_first_fields
from articles.search.filters import FILTER, SPEAKER_FILTER, Speaker
from articles.search.highlight import highlight, surface_lexemes
from articles.search.request import SearchRequest
from articles.search.sql import RawTsQuery, condition_q, rank_expression, tsquery
from policy.models import Entity

# Speakers listed in a facet: a search can quote thousands of names; past these a reader types one.
SPEAKER_FACET_SIZE = 40
QUOTE_FACETS = ("speaker", "outlet")


@dataclass
class QuoteResult:
    """A page of a quote search: the quotes (``marked``: the text with the query's words in
    <mark>), the total and the facets (speaker, outlet), each counted without its own filter."""

    request: SearchRequest
    count: int
    quotes: list[Quote]
    facets: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.request.page_size))


def _speaker_q(speakers: tuple[Speaker, ...]) -> Q:
    # A speaker that is an entity is its linked quotes and the unlinked ones under its name (a
    # name the linker could not tie to it, e.g. without the tag an ambiguous name needs).
    names = [s.name for s in speakers]
    ids = [s.pk for s in speakers if s.pk is not None]
    return Q(speaker__in=names, speaker_entity__isnull=True) | Q(speaker_entity_id__in=ids)


def quotes_matching(*, request: SearchRequest, skip: tuple[str, ...] = ()) -> QuerySet[Quote]:
    """The readable quotes ``request`` selects (without the filters named in ``skip``), unordered."""
    quotes = Quote.objects.readable()
    if request.query is not None and "q" not in skip:
        text = tsquery(request.query.match)
        if text is None:
            return quotes.none()
        quotes = quotes.filter(search_vector=RawTsQuery(text))
    for condition in request.selection(skip=("q", *skip)).conditions:
        quotes = quotes.filter(condition_q(condition, prefix="article__"))
    speakers = request.filters.get("speaker")
    if speakers and "speaker" not in skip:
        quotes = quotes.filter(_speaker_q(speakers))
    return quotes


# The archive's "newest first" of their articles, then the order of the body.
NEWEST: tuple[Any, ...] = (*newest_first_fields("article__"), "start", "pk")
OLDEST: tuple[Any, ...] = (*oldest_first_fields("article__"), "start", "pk")


def _ordered(quotes: QuerySet[Quote], request: SearchRequest) -> QuerySet[Quote]:
    newest = NEWEST
    if request.sort == "oldest":
        return quotes.order_by(*OLDEST)
    if request.sort == "relevance" and request.query is not None:
        text = tsquery(request.query.match)
        if text is not None:
            return quotes.annotate(rank=rank_expression(text)).order_by("-rank", *newest)
    return quotes.order_by(*newest)


def _rows(quotes: QuerySet[Quote]) -> QuerySet[Quote]:
    return quotes.select_related("article__outlet", "speaker_entity").defer(
        "search_vector", "article__body", "article__search_vector", "article__content_words"
    )


def speaker_counts(quotes: QuerySet[Quote], *, limit: int = SPEAKER_FACET_SIZE) -> list[dict]:
    """``[{"name", "slug", "count"}]`` of ``quotes`` by speaker, most first: an entity under its
    own name (``slug`` set), any other speaker as the articles name them (``slug`` empty)."""
    linked = (
        quotes.filter(speaker_entity__isnull=False)
        .values("speaker_entity_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "speaker_entity_id")[:limit]
    )
    unlinked = (
        quotes.filter(speaker_entity__isnull=True)
        .exclude(speaker="")
        .values("speaker")
        .annotate(n=Count("pk"))
        .order_by("-n", "speaker")[:limit]
    )
    entities = Entity.objects.in_bulk([row["speaker_entity_id"] for row in linked])
    counts: dict[Speaker, int] = {}
    for row in linked:
        e = entities[row["speaker_entity_id"]]
        counts[Speaker(e.name, e.pk, e.slug)] = row["n"]
    by_name = {s.name: s for s in counts}
    for row in unlinked:
        # An entity's name left unlinked in some articles counts with it, as the filter selects.
        key = by_name.get(row["speaker"]) or Speaker(row["speaker"])
        counts[key] = counts.get(key, 0) + row["n"]
    return SPEAKER_FILTER.facet_rows(counts)[:limit]


def _outlet_counts(quotes: QuerySet[Quote]) -> list[dict]:
    rows = quotes.values("article__outlet_id").annotate(n=Count("pk"))
    return FILTER["outlet"].facet_rows({row["article__outlet_id"]: row["n"] for row in rows})


def _mark(quotes: list[Quote], request: SearchRequest) -> None:
    wanted = request.query.highlight_lexemes if request.query is not None else frozenset()
    for quote in quotes:
        quote.marked = highlight(quote.text, surface_lexemes(quote.text, wanted) if wanted else [], wanted)


def quotes_search(*, request: SearchRequest, facets: bool = True) -> QuoteResult:
    """A quote search (``quote_request_parse``): one page of quotes with their articles, outlets
    and speakers' entities, the total, and the speaker and outlet facets (each without its own
    filter). A fixed number of queries whatever the page."""
    quotes = quotes_matching(request=request)
    page = list(_rows(_ordered(quotes, request))[request.offset : request.offset + request.page_size])
    _mark(page, request)
    facet_lists: dict[str, list[dict]] = {}
    if facets:
        facet_lists = {
            "speaker": speaker_counts(quotes_matching(request=request, skip=("speaker",))),
            "outlet": _outlet_counts(quotes_matching(request=request, skip=("outlet",))),
        }
    return QuoteResult(request=request, count=quotes.count(), quotes=page, facets=facet_lists)


def quotes_export_stream(*, request: SearchRequest, chunk_size: int) -> Iterator[Quote]:
    """Every quote ``request`` selects, in the search's order, with its article, outlet and
    speaker's entity; read ``chunk_size`` rows at a time (exports stream it)."""
    quotes = _rows(_ordered(quotes_matching(request=request), request))
    yield from quotes.iterator(chunk_size=chunk_size)


def article_quotes(*, article: Article) -> list[Quote]:
    """The quotes of one article that count, in the order of its body, with their speakers' entities."""
    return list(
        Quote.objects.active()
        .filter(article=article)
        .select_related("speaker_entity")
        .defer("search_vector")
        .order_by(F("start").asc(nulls_last=True), "pk")
    )


def entity_quotes(*, entity: Entity, limit: int = 10) -> tuple[list[Quote], int]:
    """What ``entity`` said: its newest ``limit`` readable quotes (with article and outlet) and how
    many it has in all."""
    quotes = Quote.objects.readable().filter(speaker_entity=entity)
    newest = _rows(quotes).order_by(*NEWEST)
    return list(newest[:limit]), quotes.count()


def search_speakers(*, request: SearchRequest, limit: int = 20) -> list[dict]:
    """Who is quoted in the articles an article search selects: ``speaker_counts`` of the quotes of
    those articles (the query over the articles' own vectors, the filters on the articles)."""
    quotes = Quote.objects.readable()
    if request.query is not None:
        text = tsquery(request.query.match)
        if text is None:
            return []
        quotes = quotes.filter(article__search_vector=RawTsQuery(text))
    for condition in request.selection(skip=("q",)).conditions:
        quotes = quotes.filter(condition_q(condition, prefix="article__"))
    return speaker_counts(quotes, limit=limit)
