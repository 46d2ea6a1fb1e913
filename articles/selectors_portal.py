"""Reads behind the portal's pages that the one search selector does not cover.

The chart, the "drop this filter" counts, the home page's entity summaries, and an article's
tags, duplicates and related articles. Each read is a fixed number of queries, whatever the
number of rows it returns.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, NullIf, TruncWeek

from articles import nlp
from articles.models import Article, NearDuplicate
from articles.search.index import RawTsQuery, dictionary_refresh, rank_expression
from articles.search.selectors import SearchParams, articles_matching
from policy.models import ArticleEntity, Entity

# A selection spanning at most this many calendar months is charted per ISO week, otherwise per month.
WEEKLY_UP_TO_MONTHS = 3
# The chart stretches to a requested from/to range only up to this many bars.
MAX_BARS = 60


def portal_articles() -> QuerySet:
    """Articles a reader may land on: published and not folded into another by a curator."""
    return Article.objects.published().filter(merged_into__isnull=True)


# --- the search page -------------------------------------------------------------------------------


def search_selection(params: SearchParams, *, skip: Collection[str] = ()) -> QuerySet:
    """The articles ``articles_search`` counts for ``params``, unordered, without the filters in ``skip``."""
    return articles_matching(params=params, skip=skip)


def search_count(params: SearchParams, *, skip: Collection[str] = ()) -> int:
    """How many articles match ``params`` once the filters named in ``skip`` are dropped."""
    return search_selection(params, skip=skip).count()


@dataclass(frozen=True)
class Bucket:
    start: dt.date
    end: dt.date  # inclusive
    count: int


@dataclass
class Timeline:
    granularity: str  # "month" | "week"
    buckets: list[Bucket] = field(default_factory=list)


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def search_timeline(params: SearchParams, *, month_facet: list[dict]) -> Timeline:
    """Matching articles per period for the chart, gaps filled with zeros.

    ``month_facet`` is ``articles_search``'s month facet (the selection minus the month filter), so a
    long span costs no query; a span of at most ``WEEKLY_UP_TO_MONTHS`` months is counted per ISO week
    (one query). When both from and to are given and fit in ``MAX_BARS`` periods, the axis covers
    that whole range, empty periods included: the reader asked about that range. Periods are clipped
    to from/to, so a bar's dates are exactly the articles it counts.
    """
    months = {dt.date.fromisoformat(f"{row['value']}-01"): row["count"] for row in month_facet}
    if not months:
        return Timeline("month")
    cleaned = params.filterset.form.cleaned_data if params.filterset is not None else {}
    low, high = cleaned.get("from"), cleaned.get("to")

    def clip(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
        return (max(start, low) if low else start, min(end, high) if high else end)

    first, last = min(months), max(months)
    if _months_between(first, last) > WEEKLY_UP_TO_MONTHS:
        if low and high and _months_between(low, high) <= MAX_BARS:
            first, last = low.replace(day=1), high.replace(day=1)
        buckets, month = [], first
        while month <= last:
            buckets.append(Bucket(*clip(month, _month_end(month)), months.get(month, 0)))
            month = _next_month(month)
        return Timeline("month", buckets)

    rows = (
        search_selection(params, skip={"month"})
        .filter(published_date__isnull=False)
        .annotate(week=TruncWeek("published_date"))
        .values("week")
        .annotate(count=Count("pk"))
        .order_by("week")
    )
    weeks = {_as_date(row["week"]): row["count"] for row in rows}
    if not weeks:
        return Timeline("week")
    first_week, last_week = min(weeks), max(weeks)
    if low and high and (high - low).days // 7 < MAX_BARS:
        first_week, last_week = _monday(low), _monday(high)
    buckets, week = [], first_week
    while week <= last_week:
        buckets.append(Bucket(*clip(week, week + dt.timedelta(days=6)), weeks.get(week, 0)))
        week += dt.timedelta(days=7)
    return Timeline("week", buckets)


def _months_between(first: dt.date, last: dt.date) -> int:
    """Calendar months from ``first``'s to ``last``'s, both counted."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


# --- the home page ---------------------------------------------------------------------------------


def entities_latest_coverage(
    kinds: Iterable[str] = (Entity.Kind.PERSON, Entity.Kind.PROGRAMME),
) -> list[Entity]:
    """Entities of ``kinds`` that have articles, newest coverage first, in one query.

    Each gets ``article_count`` and the newest article's ``latest_id``, ``latest_title`` and
    ``latest_date``.
    """
    tags = ArticleEntity.objects.active().filter(
        entity=OuterRef("pk"),
        article__status=Article.Status.PUBLISHED,
        article__merged_into__isnull=True,
    )
    newest = tags.order_by(
        F("article__published_date").desc(nulls_last=True),
        F("article__published_time").desc(nulls_last=True),
        "-article_id",
    )
    counted = tags.order_by().values("entity").annotate(n=Count("pk")).values("n")
    return list(
        Entity.objects.filter(kind__in=list(kinds))
        .annotate(
            article_count=Coalesce(Subquery(counted), 0),
            latest_id=Subquery(newest.values("article_id")[:1]),
            latest_title=Subquery(newest.values("article__title")[:1]),
            latest_date=Subquery(newest.values("article__published_date")[:1]),
        )
        .filter(article_count__gt=0)
        .order_by(F("latest_date").desc(nulls_last=True), "-article_count", "name")
    )


# --- the article page ------------------------------------------------------------------------------


def article_tags(article: Article) -> list[ArticleEntity]:
    """The article's active tags with their entities, most mentioned first."""
    return list(
        ArticleEntity.objects.active()
        .filter(article=article)
        .select_related("entity")
        .order_by("-mentions", "entity__name")
    )


@dataclass
class Duplicates:
    near: list[tuple[Article, float]] = field(default_factory=list)  # either side of a NearDuplicate
    merged_from: list[Article] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.near or self.merged_from)


def article_duplicates(article: Article) -> Duplicates:
    """Near-duplicates linked in either direction (most similar first) and articles merged into this one."""
    pairs = (
        NearDuplicate.objects.filter(Q(article=article) | Q(other=article))
        .select_related("article__outlet", "other__outlet")
        .order_by("-similarity", "pk")
    )
    near, seen = [], set()
    for pair in pairs:
        other = pair.other if pair.article_id == article.pk else pair.article
        if other.pk not in seen:
            seen.add(other.pk)
            near.append((other, pair.similarity))
    merged = list(article.merged_from.select_related("outlet").order_by("pk"))
    return Duplicates(near=near, merged_from=merged)


RELATED_LEXEMES = 6


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _title_tsquery(article: Article, pool: QuerySet) -> str:
    """The title's most distinctive lexemes that other articles share, OR'ed as a tsquery ('' if none).

    Distinctive = found in the fewest articles: a word every article has ("AI") says nothing about
    what this one is about, and a word no other article has cannot relate it to anything.
    """
    dictionary_refresh()  # read the title with the dictionary the stored vectors were built with
    candidates = []
    for lexeme in nlp.lexemes(article.title):
        text = lexeme.text
        if len(text) >= 2 and not text.isdigit() and text not in candidates:
            candidates.append(text)
    if not candidates:
        return ""
    counts = pool.filter(search_vector=RawTsQuery(" | ".join(_quote(t) for t in candidates))).aggregate(
        **{
            f"l{i}": Count("pk", filter=Q(search_vector=RawTsQuery(_quote(t))))
            for i, t in enumerate(candidates)
        }
    )
    shared = sorted((counts[f"l{i}"], i) for i in range(len(candidates)) if counts[f"l{i}"] > 0)
    chosen = [candidates[i] for _, i in shared[:RELATED_LEXEMES]]
    return " | ".join(_quote(t) for t in chosen)


def article_related(article: Article, *, limit: int = 5) -> list[Article]:
    """The articles most similar to ``article`` by shared title lexemes and shared entities.

    Score = text part + entity part, each in [0, 1]. The text part is the full-text rank of the
    title's distinctive lexemes against each candidate, relative to the best candidate's. The entity
    part is the share of this article's entity weight that the candidate shares, an entity weighing
    its inverse document frequency (a programme tagged in a few articles relates them more than a
    ministry tagged in most). Itself, its near-duplicates (listed apart) and articles a reader
    cannot open are left out. A fixed handful of queries whatever ``limit``; each result gets
    ``score``.
    """
    pool = portal_articles().exclude(pk=article.pk)
    duplicates = NearDuplicate.objects.filter(Q(article=article) | Q(other=article)).values_list(
        "article_id", "other_id"
    )
    pool = pool.exclude(pk__in={pk for pair in duplicates for pk in pair})
    tsquery = _title_tsquery(article, pool)

    # How many readable articles carry each of this article's entities: their rarity is their weight.
    entity_counts = dict(
        ArticleEntity.objects.active()
        .filter(
            entity_id__in=ArticleEntity.objects.active().filter(article=article).values("entity_id"),
            article__in=portal_articles(),
        )
        .order_by()
        .values_list("entity_id")
        .annotate(n=Count("pk"))
    )
    total = portal_articles().count() if entity_counts else 1
    idf = {entity_id: math.log(1 + total / n) for entity_id, n in entity_counts.items()}
    # Shares of this article's total entity weight, so the entity part of the score is in [0, 1]
    # like the text part and neither swamps the other however many entities an article has.
    weights = {entity_id: w / sum(idf.values()) for entity_id, w in idf.items()}

    score = Value(0.0, output_field=FloatField())
    condition = Q(pk__in=[])
    if weights:
        shared = (
            ArticleEntity.objects.active()
            .filter(article=OuterRef("pk"), entity_id__in=list(weights))
            .order_by()
            .values("article")
            .annotate(
                s=Sum(
                    Case(
                        *(When(entity_id=e, then=Value(w)) for e, w in weights.items()),
                        output_field=FloatField(),
                    )
                )
            )
            .values("s")
        )
        score = Coalesce(Subquery(shared, output_field=FloatField()), Value(0.0))
        condition |= Q(
            pk__in=ArticleEntity.objects.active().filter(entity_id__in=list(weights)).values("article")
        )
    if tsquery:
        # ts_rank_cd has no upper bound; relative to the best candidate's it is in [0, 1] like the
        # entity part, so the closest text always counts as much as sharing every entity.
        rank = rank_expression(tsquery)
        best = Window(Max(rank_expression(tsquery)))
        # Coalesce: when no candidate matches the words at all, best is 0 and the ratio NULL, which
        # would sort first.
        score = score + Coalesce(rank / NullIf(best, Value(0.0)), Value(0.0))
        condition |= Q(search_vector=RawTsQuery(tsquery))
    if not weights and not tsquery:
        return []
    return list(
        pool.filter(condition)
        .annotate(score=score)
        .select_related("outlet")
        .order_by(
            "-score",
            F("published_date").desc(nulls_last=True),
            F("published_time").desc(nulls_last=True),
            "-pk",
        )[:limit]
    )
