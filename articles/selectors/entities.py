"""Reads about entities in the archive: an entity's page, and names worth promoting to entities."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, Min
from django.http import QueryDict

from articles import korean
from articles.models import Article, ArticleEntity
from articles.search.dictionary import dictionary_refresh, entity_terms
from articles.search.engine.results import engine_filters
from articles.search.engine.search import engine_counts
from articles.search.params import ENTITY_PARAMS, search_params_parse
from articles.search.params import ENTITY_PARAMS as FACET_PARAM
from articles.search.selectors import articles_matching, articles_search
from articles.search.timeline import Timeline, search_timeline
from policy.models import Entity


@dataclass
class EntityPage:
    entity: Entity
    query: QueryDict  # the search that selects this entity's articles
    article_count: int
    first: dt.date | None
    last: dt.date | None
    timeline: Timeline  # articles per month, or per week for a short span
    latest: list[Article]
    related: dict[str, list[dict]]  # kind → [{"entity", "count"}] most often mentioned alongside
    outlets: list[dict]
    reporters: list[dict]


def _span_and_co_mentions(params, *, entity: Entity) -> tuple[dt.date | None, dt.date | None, dict[int, int]]:
    """The first and last publication dates of the entity's articles, and how many of them mention
    each other entity (within exactly that selection, every kind)."""
    if settings.SEARCH_BACKEND == "index":
        _, counts = engine_counts(
            tree=None, filters=engine_filters(params), fields=["day", *ENTITY_PARAMS.values()]
        )
        days = sorted(counts.pop("day"))
        co = {pk: n for per_kind in counts.values() for pk, n in per_kind.items() if pk != entity.pk}
        as_date = lambda d: dt.date(d // 10000, d // 100 % 100, d % 100)  # noqa: E731
        return (as_date(days[0]) if days else None), (as_date(days[-1]) if days else None), co
    tagged = articles_matching(params=params)
    span = tagged.aggregate(first=Min("published_date"), last=Max("published_date"))
    co = (
        ArticleEntity.objects.active()
        .filter(article__in=tagged.values("pk"))
        .exclude(entity=entity)
        .values("entity")
        .annotate(count=Count("article"))
    )
    return span["first"], span["last"], {row["entity"]: row["count"] for row in co}


def entity_page(*, entity: Entity, latest: int = 10, related: int = 8) -> EntityPage:
    """Everything an entity page shows: the entity's articles are a search, so its counts are too.

    A fixed number of queries whatever the coverage: the search (page, count, facets), the
    timeline, the date span and the co-mentions.
    """
    query = QueryDict(mutable=True)
    query[FACET_PARAM[entity.kind]] = entity.slug
    page_query = query.copy()
    page_query.update({"sort": "newest", "page_size": str(latest)})
    params = search_params_parse(page_query)
    result = articles_search(params=params, snippets=False)
    first, last, co_counts = _span_and_co_mentions(params, entity=entity)
    co_entities = Entity.objects.in_bulk(list(co_counts))
    ranked = sorted(co_counts.items(), key=lambda item: (-item[1], co_entities[item[0]].name))
    by_kind: dict[str, list[dict]] = {kind: [] for kind, _ in Entity.Kind.choices}
    for entity_id, count in ranked:
        other = co_entities[entity_id]
        if len(by_kind[other.kind]) < related:
            by_kind[other.kind].append({"entity": other, "count": count})
    return EntityPage(
        entity=entity,
        query=query,
        article_count=result.count,
        first=first,
        last=last,
        timeline=search_timeline(params, month_facet=result.facets["month"]),
        latest=result.articles,
        related=by_kind,
        outlets=result.facets["outlet"],
        reporters=result.facets["reporter"][:10],
    )


@dataclass(frozen=True)
class EntityCandidate:
    """A proper noun the archive often names that is not an entity or an alias yet."""

    name: str
    article_count: int
    mentions: int
    example_ids: tuple[int, ...]


def entity_candidates(*, limit: int = 50, min_articles: int = 2, scan: int = 2000) -> list[EntityCandidate]:
    """Names worth promoting to entities: Kiwi's proper nouns (NNP) in the newest ``scan`` articles.

    Names, aliases and the words of multi-word aliases (Kiwi reads those as proper nouns through
    the user dictionary) are left out, and so are one-syllable nouns (배, 하: surnames of short
    aliases). Most articles first, then most mentions; each with up to three example article ids.
    Runs Kiwi over the scanned articles, so it is meant for the admin, not for public pages.
    """
    dictionary_refresh()  # read with the same dictionary as the index, so known names come out whole
    known: set[str] = set()
    for term in entity_terms():
        known.add(korean.term_key(term))
        known.update(korean.term_key(part) for part in korean.normalise_term(term).split(" "))
    rows = list(
        Article.objects.visible()
        .filter(merged_into__isnull=True)
        .newest_first()
        .values_list("pk", "title", "subtitle", "body")[:scan]
    )
    nouns = korean.proper_nouns_many(f"{title}\n{subtitle}\n{body}" for _, title, subtitle, body in rows)
    mentions: dict[str, int] = {}
    articles: dict[str, list[int]] = {}
    spelling: dict[str, str] = {}
    for (pk, *_), found in zip(rows, nouns, strict=True):
        for noun in found:
            key = korean.term_key(noun)
            if len(noun) < 2 or key in known:
                continue
            spelling.setdefault(key, noun)
            mentions[key] = mentions.get(key, 0) + 1
            ids = articles.setdefault(key, [])
            if not ids or ids[-1] != pk:
                ids.append(pk)
    ranked = sorted(
        (key for key in mentions if len(articles[key]) >= min_articles),
        key=lambda k: (-len(articles[k]), -mentions[k], spelling[k]),
    )
    return [
        EntityCandidate(
            name=spelling[key],
            article_count=len(articles[key]),
            mentions=mentions[key],
            example_ids=tuple(articles[key][:3]),
        )
        for key in ranked[:limit]
    ]
