"""Reads behind the home and article pages: entity summaries, an article's tags, duplicates, related.

Each read is a fixed number of queries, whatever the number of rows it returns.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
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
from django.db.models.functions import Coalesce, NullIf

from articles import korean
from articles.models import Article, ArticleEntity, NearDuplicate, newest_first_fields
from articles.search.dictionary import dictionary_refresh
from articles.search.engine.search import (
    engine_document_frequencies,
    engine_entity_frequencies,
    engine_related_candidates,
)
from articles.search.index import RawTsQuery, rank_expression
from policy.models import Entity

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
    newest = tags.order_by(*newest_first_fields("article__"))
    counted = tags.order_by().values("entity").annotate(n=Count("pk")).values("n")
    return list(
        Entity.objects.filter(kind__in=list(kinds))
        .annotate(
            article_count=Coalesce(Subquery(counted), 0),
            latest_id=Subquery(newest.values("article_id")[:1]),
        )
        # One sort of each entity's articles (for the newest id); title and date are then primary-key
        # lookups, not two more sorts.
        .annotate(
            latest_title=Subquery(Article.objects.filter(pk=OuterRef("latest_id")).values("title")),
            latest_date=Subquery(Article.objects.filter(pk=OuterRef("latest_id")).values("published_date")),
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
# How many of the index's closest articles the exact ranking considers.
RELATED_CANDIDATES = 200


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _title_lexemes(article: Article, pool: QuerySet, *, excluded: set[int]) -> list[str]:
    """The title's most distinctive lexemes that other articles share.

    Distinctive = found in the fewest articles: a word every article has ("AI") says nothing about
    what this one is about, and a word no other article has cannot relate it to anything. The
    counts are over the pool (readable, without the ``excluded`` ids): from the search index when
    it serves searches, else from one pass of PostgreSQL.
    """
    dictionary_refresh()  # read the title with the dictionary the stored vectors were built with
    candidates = []
    for lexeme in korean.lexemes(article.title):
        text = lexeme.text
        if len(text) >= 2 and not text.isdigit() and text not in candidates:
            candidates.append(text)
    if not candidates:
        return []
    if settings.SEARCH_BACKEND == "index":
        frequencies = engine_document_frequencies(candidates, exclude=excluded)
        counts = [frequencies[t] for t in candidates]
    else:
        aggregated = pool.filter(
            search_vector=RawTsQuery(" | ".join(_quote(t) for t in candidates))
        ).aggregate(
            **{
                f"l{i}": Count("pk", filter=Q(search_vector=RawTsQuery(_quote(t))))
                for i, t in enumerate(candidates)
            }
        )
        counts = [aggregated[f"l{i}"] for i in range(len(candidates))]
    shared = sorted((n, i) for i, n in enumerate(counts) if n > 0)
    return [candidates[i] for _, i in shared[:RELATED_LEXEMES]]


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
    pool = Article.objects.readable().exclude(pk=article.pk)
    duplicates = NearDuplicate.objects.filter(Q(article=article) | Q(other=article)).values_list(
        "article_id", "other_id"
    )
    duplicate_ids = {pk for pair in duplicates for pk in pair}
    pool = pool.exclude(pk__in=duplicate_ids)
    lexemes = _title_lexemes(article, pool, excluded={article.pk, *duplicate_ids})
    tsquery = " | ".join(_quote(t) for t in lexemes)
    if settings.SEARCH_BACKEND == "index":
        # Rank exactly, in SQL, but only the articles the index finds closest: the ranking below
        # reads every candidate's vector, which over the whole archive took seconds.
        kinds: dict[str, list[int]] = {}
        for entity_id, kind in (
            ArticleEntity.objects.active().filter(article=article).values_list("entity_id", "entity__kind")
        ):
            kinds.setdefault(kind, []).append(entity_id)
        candidates = engine_related_candidates(
            lexemes=lexemes, entities=kinds, exclude={article.pk, *duplicate_ids}, limit=RELATED_CANDIDATES
        )
        pool = pool.filter(pk__in=candidates)
        # How many readable articles carry each of its entities: their rarity is their weight.
        total, entity_counts = engine_entity_frequencies(kinds)
        entity_counts = {entity_id: n for entity_id, n in entity_counts.items() if n}
    else:
        entity_counts = dict(
            ArticleEntity.objects.active()
            .filter(
                entity_id__in=ArticleEntity.objects.active().filter(article=article).values("entity_id"),
                article__in=Article.objects.readable(),
            )
            .order_by()
            .values_list("entity_id")
            .annotate(n=Count("pk"))
        )
        total = Article.objects.readable().count() if entity_counts else 1
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
        .order_by("-score", *newest_first_fields())[:limit]
    )
