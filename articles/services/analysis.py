"""The stored analysis of each article: Kiwi's lexemes written as a PostgreSQL ``tsvector`` (the
"vectors", the record every search backend is derived from or answers from) and the entity tags
read from the same lexemes.

Vectors are built from literals (never with ``to_tsvector``, whose parser would split Kiwi's
lexemes again) as ``title(A) || subtitle(B) || body(C)``; PostgreSQL's ``||`` shifts the positions
of the right operand, so phrases keep their positions within each field. The tsquery side is the
PostgreSQL backend's (``articles.search.backends.postgres``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.db.models import Q
from tqdm import tqdm

from articles import korean
from articles.models import Article
from articles.search.backends import search_sync
from articles.search.dictionary import dictionary_refresh
from articles.services.quote_vectors import quote_vectors_recut
from articles.tagging import articles_tag

BATCH_SIZE = 200

# One statement per batch: the literals of every article, cast and weighted in PostgreSQL, and its
# content words.
_UPDATE_SQL = (
    "UPDATE articles_article AS a SET search_vector = "
    "setweight(v.t::tsvector, 'A') || setweight(v.s::tsvector, 'B') || setweight(v.b::tsvector, 'C'), "
    "content_words = v.w, search_version = %s FROM (VALUES {values}) AS v(id, t, s, b, w) WHERE a.id = v.id"
)
_UPDATE_ROW = "(%s::bigint, %s::text, %s::text, %s::text, %s::text[])"


class Analysed(NamedTuple):
    """What the analysis of one article's texts gives: the lexemes of its title, subtitle and body,
    and its content words (the three texts' together)."""

    title: list[korean.Lexeme]
    subtitle: list[korean.Lexeme]
    body: list[korean.Lexeme]
    words: frozenset[str] = frozenset()


def analyser_preload() -> None:
    """Load Kiwi's model now, in a server's parent process, so forked workers share its memory."""
    korean.preload()


def analyser_warm_up() -> None:
    """Make this process's Kiwi ready to answer: the user dictionary applied and its threads started
    (a server's worker, right after it is forked)."""
    dictionary_refresh()
    korean.lexemes("준비")


def article_texts(article: Article) -> tuple[str, str, str]:
    """What the index reads of an article: its title, subtitle and body."""
    return (article.title, article.subtitle, article.body)


def texts_analyse(texts: Sequence[tuple[str, str, str]]) -> list[Analysed]:
    """The lexemes of each ``(title, subtitle, body)``, in one Kiwi batch.

    Touches no database and releases the GIL inside Kiwi, so it may run in a background thread
    (``analysis_ahead``) while the caller writes the previous batch.
    """
    flat = korean.analyse_many(t for triple in texts for t in triple)
    return [
        Analysed(
            flat[3 * i].lexemes,
            flat[3 * i + 1].lexemes,
            flat[3 * i + 2].lexemes,
            flat[3 * i].words | flat[3 * i + 1].words | flat[3 * i + 2].words,
        )
        for i in range(len(texts))
    ]


class analysis_ahead:
    """One background thread that analyses the next batch while the caller writes this one.

    ``submit(texts)`` returns a future of ``texts_analyse(texts)``. Kiwi keeps both cores busy
    (its own threads) while the caller's thread waits on PostgreSQL.
    """

    def __enter__(self) -> analysis_ahead:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiwi-ahead")
        return self

    def submit(self, texts: Sequence[tuple[str, str, str]]) -> Future[list[Analysed]]:
        return self._executor.submit(texts_analyse, list(texts))

    def __exit__(self, *exc_info: object) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


def _write_batch(
    articles: Sequence[Article], analysed: Sequence[Analysed], version: str, *, untagged: Iterable[int] = ()
) -> None:
    """Store the vectors and content words of ``articles`` (one UPDATE), re-tag them
    (``untagged``: known to have no tags) and re-cut their quotes' vectors."""
    if not articles:
        return
    params: list[Any] = [version]  # the rows' values, of each column's type
    pairs = []
    literal = korean.tsvector_literal
    for article, (title, subtitle, body, words) in zip(articles, analysed, strict=True):
        params.extend((article.pk, literal(title), literal(subtitle), literal(body), sorted(words)))
        pairs.append((article, [*title, *subtitle, *body]))
    sql = _UPDATE_SQL.format(values=", ".join([_UPDATE_ROW] * len(articles)))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    articles_tag(analysed=pairs, untagged=untagged)
    # Quotes' vectors are cut from the body's lexemes: they follow the article's analysis.
    quote_vectors_recut(bodies={article.pk: a.body for article, a in zip(articles, analysed, strict=True)})


def articles_analysis_store(
    articles: Sequence[Article],
    analysed: Sequence[Analysed],
    *,
    version: str | None = None,
    untagged: Iterable[int] = (),
) -> None:
    """Store vectors and tags of ``articles`` from their analyses (``texts_analyse`` of
    ``article_texts``), without syncing the public search index: the caller does, once."""
    _write_batch(articles, analysed, version or dictionary_refresh(), untagged=untagged)


def _batches(ids: Sequence[int]) -> Iterator[list[Article]]:
    for start in range(0, len(ids), BATCH_SIZE):
        yield list(Article.objects.filter(pk__in=ids[start : start + BATCH_SIZE]).order_by("pk"))


def _index_pipelined(batches: Iterable[list[Article]], version: str, bar: tqdm | None = None) -> None:
    """Analyse batch k+1 in the background while batch k is written: Kiwi never waits for PostgreSQL."""
    with analysis_ahead() as ahead:
        pending: tuple[list[Article], Future[list[Analysed]]] | None = None
        for batch in batches:
            future = ahead.submit([article_texts(a) for a in batch])
            if pending is not None:
                _write_batch(pending[0], pending[1].result(), version)
                if bar is not None:
                    bar.update(len(pending[0]))
            pending = (batch, future)
        if pending is not None:
            _write_batch(pending[0], pending[1].result(), version)
            if bar is not None:
                bar.update(len(pending[0]))


def articles_analyse(*, ids: Iterable[int]) -> int:
    """Rebuild the search vector and the entity tags of the given articles, and their documents in
    the public search index (after commit)."""
    ids = list(ids)
    if not ids:
        return 0
    version = dictionary_refresh()
    with transaction.atomic():
        _index_pipelined(_batches(ids), version)
    search_sync(ids=ids)
    return len(ids)


def articles_reanalyse(*, stale_only: bool = False, verbosity: int = 1) -> int:
    """Rebuild every article's vector and tags (or only those built with another dictionary)."""
    version = dictionary_refresh()
    queryset = Article.objects.order_by("pk")
    if stale_only:
        queryset = queryset.filter(~Q(search_version=version) | Q(search_vector__isnull=True))
    ids = list(queryset.values_list("pk", flat=True))
    bar = tqdm(
        total=len(ids), desc="reanalyse", unit="article", disable=verbosity < 1 or not sys.stderr.isatty()
    )
    with transaction.atomic():
        _index_pipelined(_batches(ids), version, bar)
        search_sync(ids=ids)
    bar.close()
    return len(ids)
