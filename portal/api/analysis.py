"""The analyses of a search in the JSON API: ``/api/analysis/{words,network,attention,compare}/``.

Each takes the search parameters of ``/api/articles/`` (parsed by the same function, so a filter
means the same) plus its own (:mod:`articles.search.analyses`); the schemas below are the answers
and, with a ``meta`` block, the JSON exports.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, QueryDict
from ninja import Field, Router, Schema

from articles.search.analyses import (
    ANALYSES,
    ATTENTION,
    COMPARE,
    NETWORK,
    WORDS,
    Analysis,
    AnalysisOptions,
    Compared,
    analysis_options_parse,
    compared_parse,
)
from articles.search.params import names, request_data, without
from articles.search.request import SearchRequest, search_request_parse
from articles.selectors.attention import Attention, Comparison, search_attention, searches_compare
from articles.selectors.network import Network, search_network
from articles.selectors.words import AssociatedWords, search_words
from portal.api.parameters import openapi_parameter, openapi_parameters
from portal.api.schemas import EntityKind, Error

router = Router(tags=["analysis"])
# Paging and sorting shape a page of results, not the result set an analysis reads.
IGNORED = names("sort", "paging")


class Word(Schema):
    word: str = Field(description="The content word as the archive stores it (Kiwi's lexeme).")
    label: str = Field(description="How it is written for readers.")
    matched: int = Field(description="Matched articles holding the word.")
    total: int = Field(description="Readable articles of the archive holding the word.")
    score: float = Field(
        description="Signed Dunning G² (positive: over-represented in the matched articles)."
    )


class Words(Schema):
    matched: int = Field(description="N: articles the search matches.")
    archive: int = Field(description="M: readable articles in the archive.")
    method: str
    version: str
    min_df: int
    words: list[Word]


class Node(Schema):
    id: int = Field(description="The entity's id.")
    name: str
    kind: EntityKind
    slug: str
    count: int = Field(description="Matched articles tagged with the entity.")


class Edge(Schema):
    source: int = Field(description="A node's id.")
    target: int
    count: int = Field(description="Matched articles tagged with both.")


class NetworkAnswer(Schema):
    matched: int
    min_edge: int
    max_nodes: int
    entities: int = Field(description="Entities mentioned in the matched articles before the cut.")
    nodes: list[Node]
    edges: list[Edge]
    method: str
    version: str


class Bucket(Schema):
    start: dt.date
    end: dt.date = Field(description="The bucket's last day (inclusive).")
    count: int = Field(description="Matched articles published in the bucket.")
    total: int = Field(
        description="All readable articles of the search's outlets (all outlets when none) in its period, in the bucket."
    )
    share: float | None = Field(description="count / total; null when total is 0.")


class AttentionAnswer(Schema):
    interval: str
    matched: int
    undated: int = Field(description="Matched articles without a date (in no bucket).")
    buckets: list[Bucket]
    method: str
    version: str


class ComparedSearch(Schema):
    label: str
    search: str = Field(description="The search's query string.")
    matched: int
    undated: int
    buckets: list[Bucket]


class CompareAnswer(Schema):
    interval: str
    searches: list[ComparedSearch]
    overlap: int | None = Field(
        description="Articles both of the first two searches match; null with one search."
    )
    method: str
    version: str


def words_answer(result: AssociatedWords) -> dict[str, Any]:
    return {
        "matched": result.matched,
        "archive": result.archive,
        "method": result.method,
        "version": result.version,
        "min_df": result.min_df,
        "words": [vars(w) for w in result.words],
    }


def network_answer(result: Network) -> dict[str, Any]:
    return {
        "matched": result.matched,
        "min_edge": result.min_edge,
        "max_nodes": result.max_nodes,
        "entities": result.entities,
        "nodes": [vars(n) for n in result.nodes],
        "edges": [{"source": e.source.id, "target": e.target.id, "count": e.count} for e in result.edges],
        "method": NETWORK.method,
        "version": NETWORK.version,
    }


def _buckets(attention: Attention) -> list[dict[str, Any]]:
    return [
        {"start": b.start, "end": b.end, "count": b.count, "total": b.total, "share": b.share}
        for b in attention.buckets
    ]


def attention_answer(result: Attention) -> dict[str, Any]:
    return {
        "interval": result.interval,
        "matched": result.matched,
        "undated": result.undated,
        "buckets": _buckets(result),
        "method": ATTENTION.method,
        "version": ATTENTION.version,
    }


def compare_answer(result: Comparison) -> dict[str, Any]:
    return {
        "interval": result.interval,
        "searches": [
            {
                "label": s.label,
                "search": s.querystring,
                "matched": s.attention.matched,
                "undated": s.attention.undated,
                "buckets": _buckets(s.attention),
            }
            for s in result.searches
        ],
        "overlap": result.overlap,
        "method": COMPARE.method,
        "version": COMPARE.version,
    }


def search_and_options(data: QueryDict, analysis: Analysis) -> tuple[SearchRequest, AnalysisOptions]:
    """The search (paging and sorting ignored) and the analysis's options of a query string."""
    return search_request_parse(without(data, IGNORED)), analysis_options_parse(analysis, data)


def _run(analysis: Analysis, data: QueryDict) -> tuple[Any, dict[str, Any], type[Schema]]:
    if analysis is COMPARE:
        compared: list[Compared] = compared_parse(data)
        options = analysis_options_parse(analysis, data)
        comparison = searches_compare(compared=compared, interval=options.interval)
        return comparison, compare_answer(comparison), CompareAnswer
    request, options = search_and_options(data, analysis)
    if analysis is WORDS:
        words = search_words(request=request, limit=options.limit, min_df=options.min_df)
        return words, words_answer(words), Words
    if analysis is NETWORK:
        network = search_network(request=request, min_edge=options.min_edge, max_nodes=options.max_nodes)
        return network, network_answer(network), NetworkAnswer
    attention = search_attention(request=request, interval=options.interval)
    return attention, attention_answer(attention), AttentionAnswer


def analysis_run(analysis: Analysis, data: QueryDict) -> tuple[Any, dict[str, Any]]:
    """Run ``analysis`` for a query string: its selector's result, and its API answer as the
    answer's schema writes it out (what the JSON file holds, beside its ``meta``)."""
    result, answer, schema = _run(analysis, data)
    return result, schema.model_validate(answer).model_dump(mode="json")


def _parameters(analysis: Analysis) -> list[dict]:
    own = [openapi_parameter(p) for p in analysis.params]
    if analysis is COMPARE:
        return own
    return openapi_parameters(exclude=IGNORED) + own


@router.get(
    "/words/",
    response={200: Words, 400: Error},
    url_name="api-analysis-words",
    operation_id="analyseWords",
    summary="Associated words (연관어) of a search: content words over-represented in its articles, with Dunning's G²",
    openapi_extra={"parameters": _parameters(WORDS)},
)
def words(request: HttpRequest) -> dict[str, Any]:
    """Counted over the whole result set, exactly: document frequencies of Kiwi's content words in
    the matched articles (`matched`) and in the archive (`total`), scored by signed Dunning G² of the
    matched articles against the rest of the archive; the query's own words and stop words left out."""
    return analysis_run(WORDS, request_data(request))[1]


@router.get(
    "/network/",
    response={200: NetworkAnswer, 400: Error},
    url_name="api-analysis-network",
    operation_id="analyseNetwork",
    summary="Co-mention network (관계도) of a search: entities and how many articles mention each pair",
    openapi_extra={"parameters": _parameters(NETWORK)},
)
def network(request: HttpRequest) -> dict[str, Any]:
    """Node weight: matched articles tagged with the entity; edge weight: matched articles tagged with
    both (curators' tags count, removed ones do not). The `max_nodes` most mentioned entities, and the
    edges of at least `min_edge` articles among them."""
    return analysis_run(NETWORK, request_data(request))[1]


@router.get(
    "/attention/",
    response={200: AttentionAnswer, 400: Error},
    url_name="api-analysis-attention",
    operation_id="analyseAttention",
    summary="Attention over time: matched articles per calendar bucket and their share of all coverage",
    openapi_extra={"parameters": _parameters(ATTENTION)},
)
def attention(request: HttpRequest) -> dict[str, Any]:
    """`share` = count / total per bucket, both sums over the bucket (never an average of smaller
    buckets); `total` counts every readable article of the search's outlets (all outlets when it
    names none) within its period. Every bucket of the range is listed, zeros included."""
    return analysis_run(ATTENTION, request_data(request))[1]


@router.get(
    "/compare/",
    response={200: CompareAnswer, 400: Error},
    url_name="api-analysis-compare",
    operation_id="analyseCompare",
    summary="Up to five searches compared over time, raw and as shares, with the overlap of the first two",
    openapi_extra={"parameters": _parameters(COMPARE)},
)
def compare(request: HttpRequest) -> dict[str, Any]:
    """Each `search` is a full search's URL-encoded query string; all share one calendar axis."""
    return analysis_run(COMPARE, request_data(request))[1]


__all__ = ["ANALYSES", "analysis_run", "router"]
