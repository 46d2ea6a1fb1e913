"""The quote search's vectors: each quote's own words as Kiwi's lexemes, in a ``tsvector``.

The same lexeme rules as the articles' vectors (``articles.korean``), so the query language reads
a query once and it means the same over articles and quotes. At ingest the article's body was just
analysed: a quote's lexemes are the body's lexemes within its span (no second Kiwi pass). Elsewhere
(the backfill, a curator's quote, a body corrected without its analysis at hand) the quotes
without a vector are read by Kiwi, their texts in one batch.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence

from django.db import connection

from articles import korean
from articles.models import Quote

_UPDATE_SQL = (
    "UPDATE articles_quote AS q SET search_vector = v.t::tsvector "
    "FROM (VALUES {values}) AS v(id, t) WHERE q.id = v.id"
)
_UPDATE_ROW = "(%s::bigint, %s::text)"
_BATCH = 1000


def _within(lexemes: Sequence[korean.Lexeme], start: int, end: int) -> list[korean.Lexeme]:
    # Lexemes come in text order (an extra right after the base it starts with): bisect to the span.
    at = bisect_left(lexemes, start, key=_start)
    out = []
    while at < len(lexemes) and lexemes[at].start < end:
        if lexemes[at].end <= end:
            out.append(lexemes[at])
        at += 1
    return out


def _start(lexeme: korean.Lexeme) -> int:
    return lexeme.start


def quote_vector(*, body_lexemes: Sequence[korean.Lexeme], start: int, end: int) -> str:
    """The vector of the quote at ``start``..``end`` of a body whose lexemes are ``body_lexemes``, as
    tsvector text to store in ``Quote.search_vector`` with the quote (``save``, ``bulk_create``:
    PostgreSQL reads the untyped literal as the column's type, as Django binds it)."""
    return korean.tsvector_literal(_within(body_lexemes, start, end))


def _write(rows: list[tuple[int, str]]) -> None:
    for lo in range(0, len(rows), _BATCH):
        chunk = rows[lo : lo + _BATCH]
        params = [value for row in chunk for value in row]
        with connection.cursor() as cursor:
            cursor.execute(_UPDATE_SQL.format(values=", ".join([_UPDATE_ROW] * len(chunk))), params)


def quote_vectors_recut(*, bodies: Mapping[int, Sequence[korean.Lexeme]]) -> int:
    """Cut again the vectors of every located quote of the articles in ``bodies`` (article id → its
    body's lexemes, just analysed): a re-analysis (a new dictionary term, an entity edit) reaches the
    quote search as it reaches the articles'. Returns how many were written."""
    if not bodies:
        return 0
    located = Quote.objects.filter(
        article_id__in=list(bodies), start__isnull=False, end__isnull=False
    ).values_list("pk", "article_id", "start", "end")
    rows = [
        (pk, quote_vector(body_lexemes=bodies[article_id], start=start, end=end))
        for pk, article_id, start, end in located
    ]
    _write(rows)
    return len(rows)


def quote_vectors_store(*, article_ids: Iterable[int]) -> int:
    """Write the search vectors of the quotes of ``article_ids`` that have none (added by hand,
    corrected, or from before the vectors), their texts read by Kiwi in one batch. Returns how many
    were written."""
    missing = list(
        Quote.objects.filter(article_id__in=list(article_ids), search_vector__isnull=True).values_list(
            "pk", "text"
        )
    )
    if not missing:
        return 0
    analysed = korean.lexemes_many(text for _, text in missing)
    _write([(pk, korean.tsvector_literal(lx)) for (pk, _), lx in zip(missing, analysed, strict=True)])
    return len(missing)
