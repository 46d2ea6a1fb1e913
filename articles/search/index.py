"""The stored search vector: Kiwi lexemes written as tsvector literals, and the tsquery side.

Only this package builds tsvectors and tsqueries. Vectors are built from literals (never with
``to_tsvector``, whose parser would split Kiwi's lexemes again) as ``title(A) || subtitle(B) ||
body(C)``; PostgreSQL's ``||`` shifts the positions of the right operand, so phrases keep their
positions within each field.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import F, Q
from tqdm import tqdm

from articles import korean
from articles.models import Article
from articles.search.dictionary import dictionary_refresh
from articles.search.engine.store import search_engine_sync
from articles.tagging import articles_tag

# ts_rank_cd weights for D, C, B, A: a title hit counts ten times a body hit.
RANK_WEIGHTS = [0.05, 0.1, 0.4, 1.0]
BATCH_SIZE = 200


class RawTsQuery(SearchQuery):
    """A tsquery given as literal text (``'a' <-> 'b'``), cast as is: Kiwi already did the parsing."""

    def __init__(self, value: str) -> None:
        super().__init__(value, search_type="raw")
        self.raw = value

    def as_sql(self, compiler, connection, **extra):
        return "%s::tsquery", [self.raw]


def rank_expression(tsquery: str) -> SearchRank:
    return SearchRank(F("search_vector"), RawTsQuery(tsquery), weights=RANK_WEIGHTS, cover_density=True)


_UPDATE_SQL = (
    "UPDATE articles_article SET search_vector = "
    "setweight(%s::tsvector, 'A') || setweight(%s::tsvector, 'B') || setweight(%s::tsvector, 'C'), "
    "search_version = %s WHERE id = %s"
)


def _index_batch(articles: Sequence[Article], version: str) -> None:
    texts: list[str] = []
    for article in articles:
        texts.extend([article.title, article.subtitle, article.body])
    analysed = korean.lexemes_many(texts)
    rows, pairs = [], []
    for i, article in enumerate(articles):
        title, subtitle, body = analysed[3 * i : 3 * i + 3]
        rows.append(
            (
                korean.tsvector_literal(title),
                korean.tsvector_literal(subtitle),
                korean.tsvector_literal(body),
                version,
                article.pk,
            )
        )
        pairs.append((article, [*title, *subtitle, *body]))
    with connection.cursor() as cursor:
        cursor.executemany(_UPDATE_SQL, rows)
    articles_tag(analysed=pairs)


def articles_index(*, ids: Iterable[int]) -> int:
    """Rebuild the search vector and the entity tags of the given articles, and their documents in
    the public search index (after commit)."""
    ids = list(ids)
    if not ids:
        return 0
    version = dictionary_refresh()
    with transaction.atomic():
        for start in range(0, len(ids), BATCH_SIZE):
            batch = list(Article.objects.filter(pk__in=ids[start : start + BATCH_SIZE]).order_by("pk"))
            _index_batch(batch, version)
    search_engine_sync(ids=ids)
    return len(ids)


def articles_reindex(*, stale_only: bool = False, verbosity: int = 1) -> int:
    """Rebuild every article's vector and tags (or only those built with another dictionary)."""
    version = dictionary_refresh()
    queryset = Article.objects.order_by("pk")
    if stale_only:
        queryset = queryset.filter(~Q(search_version=version) | Q(search_vector__isnull=True))
    ids = list(queryset.values_list("pk", flat=True))
    bar = tqdm(
        total=len(ids), desc="reindex", unit="article", disable=verbosity < 1 or not sys.stderr.isatty()
    )
    with transaction.atomic():
        for start in range(0, len(ids), BATCH_SIZE):
            batch = list(Article.objects.filter(pk__in=ids[start : start + BATCH_SIZE]).order_by("pk"))
            _index_batch(batch, version)
            search_engine_sync(ids=[a.pk for a in batch])
            bar.update(len(batch))
    bar.close()
    return len(ids)
