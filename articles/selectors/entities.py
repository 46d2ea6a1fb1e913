"""Reads about entities in the archive: an entity's page, and names worth promoting to entities."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.http import QueryDict
from django.urls import reverse

from articles import korean
from articles.models import Article, Quote
from articles.search.backends import search_backend
from articles.search.backends.base import ENTITY_FIELDS
from articles.search.dictionary import dictionary_refresh, entity_terms
from articles.search.filters import ENTITY_FILTERS
from articles.search.links import SearchLinks
from articles.search.request import search_request_parse
from articles.selectors.network import Network, search_network
from articles.selectors.quotes import entity_quotes
from articles.selectors.search import articles_search
from articles.selectors.timeline import ChartPoint, Timeline, chart_points, search_timeline
from policy.models import Entity, Role

# The entity's neighbourhood on its page: it and the entities most often mentioned with it.
NEIGHBOURHOOD_NODES = 15
NEIGHBOURHOOD_MIN_EDGE = 1


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
    # Links into the search: the entity's own, and narrowed by each co-mention, outlet and reporter.
    search_link: str = ""
    feed_link: str = ""
    related_links: list[tuple[str, list[dict]]] = field(default_factory=list)  # (kind label, rows + href)
    outlet_links: list[dict] = field(default_factory=list)
    reporter_links: list[dict] = field(default_factory=list)
    chart_points: list[ChartPoint] = field(default_factory=list)
    network: Network | None = None  # its neighbourhood: the entities its articles mention with it
    analysis_url: str = ""
    # What it said (발언): its newest quotes, how many it has, and all of them in the quote search.
    quotes: list[Quote] = field(default_factory=list)
    quote_count: int = 0
    quotes_link: str = ""


def entity_page(*, entity: Entity, latest: int = 10, related: int = 8, quotes: int = 10) -> EntityPage:
    """Everything an entity page shows, links included: the entity's articles are a search, so its
    counts are too.

    A fixed number of queries whatever the coverage: the search (page, count, facets), the
    timeline, and one count of dates and co-mentioned entities within exactly that selection.
    """
    query = QueryDict(mutable=True)
    query[ENTITY_FILTERS[entity.kind].name] = entity.slug
    page_query = query.copy()
    page_query.update({"sort": "newest", "page_size": str(latest)})
    request = search_request_parse(page_query)
    result = articles_search(request=request, snippets=False)
    counts = search_backend().value_counts(request.selection(), fields=["date", *ENTITY_FIELDS])
    days = counts.pop("date")
    co_counts = {pk: n for per_kind in counts.values() for pk, n in per_kind.items() if pk != entity.pk}
    co_entities = Entity.objects.in_bulk(list(co_counts))
    ranked = sorted(co_counts.items(), key=lambda item: (-item[1], co_entities[item[0]].name))
    by_kind: dict[str, list[dict]] = {kind: [] for kind, _ in Entity.Kind.choices}
    for entity_id, count in ranked:
        other = co_entities[entity_id]
        if len(by_kind[other.kind]) < related:
            by_kind[other.kind].append({"entity": other, "count": count})
    timeline = search_timeline(request, month_facet=result.facets["month"])
    search_url = reverse("articles:search")
    own = [(ENTITY_FILTERS[entity.kind].name, entity.slug)]

    def search_link(*pairs: tuple[str, str]) -> str:
        # A list of pairs, not a dict: a co-mentioned person adds a second `person` value.
        return f"{search_url}?{urlencode(own + list(pairs))}"

    reporters = result.facets["reporter"][:10]
    said, said_count = entity_quotes(entity=entity, limit=quotes)
    return EntityPage(
        entity=entity,
        query=query,
        article_count=result.count,
        first=min(days) if days else None,
        last=max(days) if days else None,
        timeline=timeline,
        latest=result.articles,
        related=by_kind,
        outlets=result.facets["outlet"],
        reporters=reporters,
        search_link=search_link(),
        feed_link=reverse("articles:search-feed") + "?" + urlencode(own),
        related_links=[
            (
                label,
                [
                    {
                        **row,
                        "href": search_link((ENTITY_FILTERS[row["entity"].kind].name, row["entity"].slug)),
                    }
                    for row in by_kind[kind]
                ],
            )
            for kind, label in Entity.Kind.choices
        ],
        outlet_links=[{**o, "href": search_link(("outlet", o["slug"]))} for o in result.facets["outlet"]],
        reporter_links=[{**r, "href": search_link(("reporter", r["name"]))} for r in reporters],
        chart_points=chart_points(SearchLinks(query), timeline),
        network=search_network(
            request=request, min_edge=NEIGHBOURHOOD_MIN_EDGE, max_nodes=NEIGHBOURHOOD_NODES
        ),
        analysis_url=reverse("articles:analysis") + "?" + urlencode(own),
        quotes=said,
        quote_count=said_count,
        quotes_link=reverse("articles:quotes") + "?" + urlencode({"speaker": entity.slug}),
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


def entity_get(*, kind: str, slug: str) -> Entity | None:
    """The entity of ``kind`` with ``slug``, its aliases and its roles (in the order entered: a career
    reads oldest first, undated roles included); None when there is none."""
    return (
        Entity.objects.prefetch_related("aliases")
        .prefetch_related(Prefetch("roles", queryset=Role.objects.order_by("id")))
        .filter(kind=kind, slug=slug)
        .first()
    )
