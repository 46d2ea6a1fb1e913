"""Reads about articles: one article with its tags, entity summaries for the home page, duplicates
and related articles for the article page.

Each read is a fixed number of queries, whatever the number of rows it returns.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    Exists,
    Expression,
    F,
    FloatField,
    Max,
    OuterRef,
    Prefetch,
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
from articles.search.backends import search_backend
from articles.search.backends.base import EVERYTHING, AnyOf, Selection, field_named
from articles.search.dictionary import dictionary_refresh
from articles.search.query import query_compile
from articles.search.sql import RawTsQuery, articles_matching_text, lexeme_tsquery, rank_expression
from articles.selectors.quotes import article_quotes
from policy.models import Entity

# --- one article and its tags ----------------------------------------------------------------------


def active_tags_prefetch() -> Prefetch:
    """Prefetch an article's counted tags, most mentioned first, into ``article.active_tags``."""
    return Prefetch(
        "entity_tags",
        queryset=ArticleEntity.objects.active().select_related("entity").most_mentioned_first(),
        to_attr="active_tags",
    )


def attach_entities(article: Article, tags: Iterable[ArticleEntity]) -> Article:
    """Set ``persons``, ``programmes`` and ``organisations`` (lists of Entity) from the article's tags."""
    entities = [t.entity for t in tags]
    article.persons = [e for e in entities if e.kind == Entity.Kind.PERSON]
    article.programmes = [e for e in entities if e.kind == Entity.Kind.PROGRAMME]
    article.organisations = [e for e in entities if e.kind == Entity.Kind.ORGANISATION]
    return article


def article_get(*, pk: int, quotes: bool = False) -> Article | None:
    """The readable article ``pk`` with its outlet, ``active_tags`` (most mentioned first) and
    ``persons``, ``programmes`` and ``organisations`` attached, and with ``quotes`` its quotes that
    count (``quote_list``, in the order of the body); None when a reader may not see it."""
    article = (
        Article.objects.readable()
        .select_related("outlet")
        .prefetch_related(active_tags_prefetch())
        .filter(pk=pk)
    ).first()
    if article is None:
        return None
    if quotes:
        article.quote_list = article_quotes(article=article)
    return attach_entities(article, article.active_tags)


def article_merged_into(*, pk: int) -> int | None:
    """The id of the article a curator merged article ``pk`` into; None when it was not merged."""
    return (
        Article.objects.filter(pk=pk, merged_into__isnull=False).values_list("merged_into", flat=True).first()
    )


def articles_text_search(*, queryset: QuerySet, q: str) -> QuerySet:
    """``queryset`` narrowed to the articles whose stored vector matches the query ``q``, whatever
    their status (the curators' admin search); raises QuerySyntaxError for a query it cannot read."""
    return articles_matching_text(queryset, query_compile(q).match)


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


def _title_lexemes(article: Article, *, excluded: set[int]) -> list[str]:
    """The title's most distinctive lexemes that other articles share.

    Distinctive = found in the fewest articles: a word every article has ("AI") says nothing about
    what this one is about, and a word no other article has cannot relate it to anything. The
    counts are over the readable articles without the ``excluded`` ids, from the search backend.
    """
    dictionary_refresh()  # read the title with the dictionary the stored vectors were built with
    candidates = []
    for lexeme in korean.lexemes(article.title):
        text = lexeme.text
        if len(text) >= 2 and not text.isdigit() and text not in candidates:
            candidates.append(text)
    if not candidates:
        return []
    frequencies = search_backend().lexeme_counts(candidates, exclude=excluded)
    counts = [frequencies[t] for t in candidates]
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
    lexemes = _title_lexemes(article, excluded={article.pk, *duplicate_ids})
    tsquery = " | ".join(lexeme_tsquery(t) for t in lexemes)
    kinds: dict[str, list[int]] = {}
    for entity_id, kind in (
        ArticleEntity.objects.active().filter(article=article).values_list("entity_id", "entity__kind")
    ):
        kinds.setdefault(kind, []).append(entity_id)
    backend = search_backend()
    # Rank exactly, in SQL, but only the articles the backend finds closest when it can: the ranking
    # below reads every candidate's vector, which over the whole archive takes seconds.
    candidates = backend.similar(
        lexemes=lexemes, entities=kinds, exclude={article.pk, *duplicate_ids}, limit=RELATED_CANDIDATES
    )
    if candidates is not None:
        pool = pool.filter(pk__in=candidates)
    # How many readable articles carry each of its entities: their rarity is their weight.
    keys = [(kind, entity_id) for kind, ids in kinds.items() for entity_id in ids]
    total, *numbers = backend.counts(
        [
            EVERYTHING,
            *(Selection(conditions=(AnyOf(field_named(kind), (entity_id,)),)) for kind, entity_id in keys),
        ]
    )
    entity_counts = {entity_id: n for (_, entity_id), n in zip(keys, numbers, strict=True) if n}
    idf = {entity_id: math.log(1 + total / n) for entity_id, n in entity_counts.items()}
    # Shares of this article's total entity weight, so the entity part of the score is in [0, 1]
    # like the text part and neither swamps the other however many entities an article has.
    weights = {entity_id: w / sum(idf.values()) for entity_id, w in idf.items()}

    score: Expression = Value(0.0, output_field=FloatField())
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
        # EXISTS, not ``pk IN (…)``: the IN list is every tag of these entities (at 100k articles, hundreds
        # of thousands of rows, scanned for each candidate: seconds); EXISTS reads one article's tags.
        condition |= Q(
            Exists(ArticleEntity.objects.active().filter(article=OuterRef("pk"), entity_id__in=list(weights)))
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
        # A list of links: the texts stay in the database too.
        .without_analysis()
        .defer("body", "subtitle")
        .order_by("-score", *newest_first_fields())[:limit]
    )
