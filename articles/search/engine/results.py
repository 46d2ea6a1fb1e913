"""A search request answered by the index: the request's filters as index values, and the answer
as the rows and facet lists the pages and the API show (the same shapes as the SQL search)."""

from __future__ import annotations

from django.db.models import Prefetch

from articles.models import Article, Outlet
from articles.search.engine.search import EngineFilters, engine_search
from articles.search.params import ENTITY_PARAMS, FACETS, SearchParams
from policy.models import Entity


def _day(value) -> int | None:
    return None if value is None else value.year * 10000 + value.month * 100 + value.day


def engine_filters(params: SearchParams) -> EngineFilters:
    """The validated filters of ``params`` as index values (entity and outlet ids, yyyymm, yyyymmdd)."""
    cleaned = params.filterset.form.cleaned_data if params.filterset is not None else {}
    return EngineFilters(
        entities={name: tuple(e.pk for e in cleaned.get(name) or ()) for name in ENTITY_PARAMS.values()},
        outlets=tuple(o.pk for o in cleaned.get("outlet") or ()),
        reporters=tuple(cleaned.get("reporter") or ()),
        months=tuple(int(m.replace("-", "")) for m in cleaned.get("month") or ()),
        day_from=_day(cleaned.get("from")),
        day_to=_day(cleaned.get("to")),
    )


def _named(rows, counts: dict[int, int]) -> list[dict]:
    out = [{"name": r.name, "slug": r.slug, "count": counts[r.pk]} for r in rows]
    return sorted(out, key=lambda d: (-d["count"], d["name"]))


def facet_lists(raw: dict[str, dict]) -> dict[str, list[dict]]:
    """Index counts (ids, yyyymm) as the facet lists of the SQL search: names and slugs, most first;
    months in calendar order."""
    out: dict[str, list[dict]] = {}
    entity_ids = {pk for name in ENTITY_PARAMS.values() for pk in raw.get(name, {})}
    entities = Entity.objects.in_bulk(list(entity_ids)) if entity_ids else {}
    for name, counts in raw.items():
        if name in ENTITY_PARAMS.values():
            out[name] = _named((entities[pk] for pk in counts if pk in entities), counts)
        elif name == "outlet":
            out[name] = _named(Outlet.objects.filter(pk__in=list(counts)), counts)
        elif name == "reporter":
            out[name] = sorted(
                ({"name": k, "count": v} for k, v in counts.items()), key=lambda d: (-d["count"], d["name"])
            )
        else:
            out[name] = [
                {"value": f"{m // 100:04d}-{m % 100:02d}", "count": counts[m]} for m in sorted(counts)
            ]
    return out


def index_ids(*, params: SearchParams) -> list[int]:
    """The ids of every article matching ``params``, in the search's order."""
    first = engine_search(
        tree=params.query.tree if params.query is not None else None,
        filters=engine_filters(params),
        sort=params.sort,
        offset=0,
        limit=0,
    )
    if not first.count:
        return []
    every = engine_search(
        tree=params.query.tree if params.query is not None else None,
        filters=engine_filters(params),
        sort=params.sort,
        offset=0,
        limit=first.count,
    )
    return [pk for pk, _ in every.hits]


def index_search(*, params: SearchParams, facets: bool, tags: Prefetch) -> tuple[int, list[Article], dict]:
    """``(count, page of articles in order with ``rank``, facet lists)`` from the index; the page's
    rows (outlet and ``tags`` prefetched) come from PostgreSQL, the record."""
    offset = (params.page - 1) * params.page_size
    result = engine_search(
        tree=params.query.tree if params.query is not None else None,
        filters=engine_filters(params),
        sort=params.sort,
        offset=offset,
        limit=params.page_size,
        facets=FACETS if facets else (),
    )
    ids = [pk for pk, _ in result.hits]
    rows = Article.objects.select_related("outlet").prefetch_related(tags).in_bulk(ids)
    page = []
    for pk, score in result.hits:
        article = rows.get(pk)
        if article is not None:  # synced away between the index read and this one
            article.rank = score
            page.append(article)
    return result.count, page, facet_lists(result.facets) if facets else {}
