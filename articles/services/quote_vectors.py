"""The quote search's vectors: each quote's own words as Kiwi's lexemes, in a ``tsvector``.

The same lexeme rules as the articles' vectors (``articles.korean``), so the query language reads
a query once and it means the same over articles and quotes. At ingest the article's body was just
analysed: a quote's lexemes are the body's lexemes within its span (no second Kiwi pass). Elsewhere
(the backfill, a curator's quote, a body corrected) the quotes without a vector are read by Kiwi,
their texts in one batch.
"""

from __future__ import annotations

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
    return [lx for lx in lexemes if start <= lx.start and lx.end <= end]


def _write(rows: list[tuple[int, str]]) -> None:
    for lo in range(0, len(rows), _BATCH):
        chunk = rows[lo : lo + _BATCH]
        params = [value for row in chunk for value in row]
        with connection.cursor() as cursor:
            cursor.execute(_UPDATE_SQL.format(values=", ".join([_UPDATE_ROW] * len(chunk))), params)


def quote_vectors_store(
    *, article_ids: Iterable[int], body_lexemes: Mapping[int, Sequence[korean.Lexeme]] | None = None
) -> int:
    """Write the search vectors of the quotes of ``article_ids``: every quote of an article whose
    body's lexemes are given (``body_lexemes``, by article id, offsets into the stored body), else
    only the quotes that have none yet, read by Kiwi. Returns how many vectors were written."""
    body_lexemes = body_lexemes or {}
    ids = list(article_ids)
    given = [pk for pk in ids if pk in body_lexemes]
    rows: list[tuple[int, str]] = []
    if given:
        quotes = Quote.objects.filter(article_id__in=given).values_list("pk", "article_id", "start", "end")
        rows += [
            (pk, korean.tsvector_literal(_within(body_lexemes[article_id], start, end)))
            for pk, article_id, start, end in quotes
            if start is not None
        ]
    done = {pk for pk, _ in rows}
    missing = [
        (pk, text)
        for pk, text in Quote.objects.filter(article_id__in=ids, search_vector__isnull=True).values_list(
            "pk", "text"
        )
        if pk not in done
    ]
    if missing:
        analysed = korean.lexemes_many(text for _, text in missing)
        rows += [(pk, korean.tsvector_literal(lx)) for (pk, _), lx in zip(missing, analysed, strict=True)]
    _write(rows)
    return len(rows)
