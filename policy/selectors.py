"""Reads for the policy app: the dictionary terms, entity pages, promotion candidates."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef

from articles.models import Article
from articles.search.selectors import reporter_counts
from policy.models import Alias, ArticleEntity, Entity


def dictionary_terms() -> list[str]:
    """Every entity name and alias: the Kiwi user dictionary is built from these."""
    names = Entity.objects.values_list("name", flat=True)
    aliases = Alias.objects.values_list("text", flat=True)
    return sorted({*names, *aliases})


@dataclass
class EntityPage:
    entity: Entity
    article_count: int
    first: dt.date | None
    last: dt.date | None
    coverage: list[dict]  # {"start", "end", "label", "count"} per month (or week for short spans)
    latest: list[Article]
    related: dict[str, list[dict]]  # kind → [{"entity", "count"}] most often mentioned alongside
    outlets: list[dict]
    reporters: list[dict]


def _periods(dates: list[dt.date]) -> tuple[str, list[tuple[dt.date, dt.date]]]:
    """Months from the first to the last date, or ISO weeks when the coverage spans under ~3 months."""
    first, last = min(dates), max(dates)
    if (last - first).days < 90:
        start = first - dt.timedelta(days=first.weekday())
        weeks = []
        while start <= last:
            weeks.append((start, start + dt.timedelta(days=6)))
            start += dt.timedelta(days=7)
        return "week", weeks
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        months.append((dt.date(year, month, 1), nxt - dt.timedelta(days=1)))
        year, month = nxt.year, nxt.month
    return "month", months


def coverage_periods(dates: list[dt.date]) -> list[dict]:
    """Article counts per period (every period between the first and last date, zeros included)."""
    if not dates:
        return []
    unit, periods = _periods(dates)
    counts = [0] * len(periods)
    starts = [start for start, _ in periods]
    for day in dates:
        counts[bisect.bisect_right(starts, day) - 1] += 1
    return [
        {
            "start": start,
            "end": end,
            "label": start.strftime("%Y-%m") if unit == "month" else f"{start:%m-%d}주",
            "count": count,
        }
        for (start, end), count in zip(periods, counts, strict=True)
    ]


def entity_page(*, entity: Entity, latest: int = 10, related: int = 8) -> EntityPage:
    """Everything an entity page shows, in a fixed number of queries whatever the coverage."""
    tagged = Article.objects.published().filter(
        Exists(ArticleEntity.objects.active().filter(article=OuterRef("pk"), entity=entity))
    )
    dates = list(tagged.exclude(published_date=None).values_list("published_date", flat=True))
    co = (
        ArticleEntity.objects.active()
        .filter(article__in=tagged.values("pk"))
        .exclude(entity=entity)
        .values("entity")
        .annotate(count=Count("article"))
        .order_by("-count", "entity__name")
    )
    co_counts = {row["entity"]: row["count"] for row in co}
    co_entities = Entity.objects.in_bulk(list(co_counts))
    by_kind: dict[str, list[dict]] = {kind: [] for kind, _ in Entity.Kind.choices}
    for entity_id, count in co_counts.items():
        other = co_entities[entity_id]
        if len(by_kind[other.kind]) < related:
            by_kind[other.kind].append({"entity": other, "count": count})
    outlets = list(
        tagged.values("outlet__name", "outlet__slug")
        .annotate(count=Count("id"))
        .order_by("-count", "outlet__name")
    )
    return EntityPage(
        entity=entity,
        article_count=len(dates) + tagged.filter(published_date=None).count(),
        first=min(dates) if dates else None,
        last=max(dates) if dates else None,
        coverage=coverage_periods(dates),
        latest=list(
            tagged.select_related("outlet").order_by("-published_date", "-published_time", "-id")[:latest]
        ),
        related=by_kind,
        outlets=[
            {"name": r["outlet__name"], "slug": r["outlet__slug"], "count": r["count"]} for r in outlets
        ],
        reporters=reporter_counts(tagged.order_by())[:10],
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
    from articles import nlp
    from articles.search.index import dictionary_refresh

    dictionary_refresh()  # read with the same dictionary as the index, so known names come out whole
    known: set[str] = set()
    for term in dictionary_terms():
        known.add(nlp.term_key(term))
        known.update(nlp.term_key(part) for part in nlp.normalise_term(term).split(" "))
    rows = list(
        Article.objects.visible()
        .filter(merged_into__isnull=True)
        .order_by("-published_date", "-id")
        .values_list("pk", "title", "subtitle", "body")[:scan]
    )
    nouns = nlp.proper_nouns_many(f"{title}\n{subtitle}\n{body}" for _, title, subtitle, body in rows)
    mentions: dict[str, int] = {}
    articles: dict[str, list[int]] = {}
    spelling: dict[str, str] = {}
    for (pk, *_), found in zip(rows, nouns, strict=True):
        for noun in found:
            key = nlp.term_key(noun)
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
