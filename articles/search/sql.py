"""A search in PostgreSQL's terms: the text match as tsquery text (against the stored vectors), the
ranking, and each condition on a document field as a filter on articles (or on rows of an
article, with ``prefix``). The PostgreSQL search backend, the related-articles ranking, the
curators' admin search and the quote search all write their SQL from here.

The vectors are Kiwi's lexemes (``articles.services.analysis``); tsquery text is written here from
lexemes already read by Kiwi, never by ``to_tsquery``, whose parser would split them again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from articles.models import ArticleEntity
from articles.search.selection import (
    ENTITY_FIELDS,
    And,
    AnyOf,
    Between,
    Condition,
    Group,
    Match,
    Not,
    Or,
    Words,
)

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler

_QuerySetT = TypeVar("_QuerySetT", bound=QuerySet[Any])

# ts_rank_cd weights for D, C, B, A: a title hit counts ten times a body hit.
RANK_WEIGHTS = [0.05, 0.1, 0.4, 1.0]


class RawTsQuery(SearchQuery):
    """A tsquery given as literal text (``'a' <-> 'b'``), cast as is: Kiwi already did the parsing."""

    def __init__(self, value: str) -> None:
        super().__init__(value, search_type="raw")
        self.raw = value

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, list[str | int]]:
        return "%s::tsquery", [self.raw]


def rank_expression(tsquery: str) -> SearchRank:
    """PostgreSQL's relevance of an article's vector to ``tsquery`` (cover density, title first)."""
    return SearchRank(F("search_vector"), RawTsQuery(tsquery), weights=RANK_WEIGHTS, cover_density=True)


# --- the text match as tsquery text ---------------------------------------------------------


def lexeme_tsquery(lexeme: str, *, title_only: bool = False) -> str:
    """One lexeme as tsquery text (quoted and escaped; ``:A`` for titles only)."""
    escaped = lexeme.replace("\\", "\\\\").replace("'", "''")
    return f"'{escaped}'" + (":A" if title_only else "")


def _group(group: Group, *, title_only: bool) -> str:
    """``(a <-> b | ab)``: the word's parts as a phrase, or a compound/term lexeme standing for it."""
    phrase = " <-> ".join(lexeme_tsquery(p, title_only=title_only) for p in group.parts)
    branches = [phrase] + [lexeme_tsquery(a, title_only=title_only) for a in group.alternatives]
    if len(branches) == 1:
        return phrase if len(group.parts) == 1 else f"({phrase})"
    return "(" + " | ".join(branches) + ")"


def _words(words: Words) -> str | None:
    parts = [_group(g, title_only=words.title_only) for g in words.groups]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    # Words of a quoted phrase follow each other; listed names (배경훈·하정우) need only co-occur.
    return "(" + (" <-> " if words.phrase else " & ").join(parts) + ")"


def tsquery(match: Match) -> str | None:
    """The tsquery text of a text match; None when nothing searchable is left."""
    if isinstance(match, Words):
        return _words(match)
    if isinstance(match, Not):
        inner = tsquery(match.child)
        return None if inner is None else f"!{inner}"
    children = [c for c in (tsquery(child) for child in match.children) if c is not None]
    if not children:
        return None
    joiner = " & " if isinstance(match, And) else " | "
    assert isinstance(match, And | Or)
    return children[0] if len(children) == 1 else "(" + joiner.join(children) + ")"


def articles_matching_text(queryset: _QuerySetT, match: Match) -> _QuerySetT:
    """``queryset`` narrowed to the articles whose stored vector matches ``match`` (none when the
    match has nothing searchable). For the curators' admin search, which sees every status."""
    text = tsquery(match)
    return queryset.none() if text is None else queryset.filter(search_vector=RawTsQuery(text))


# --- conditions -------------------------------------------------------------------------------


def condition_q(condition: Condition, *, prefix: str = "") -> Q | Exists:
    """A condition as a filter on articles, or on rows pointing to an article through ``prefix``
    (``"article__"`` for quotes)."""
    field, values = condition.field, getattr(condition, "values", ())
    if isinstance(condition, Between):
        q = Q()
        if condition.low is not None:
            q &= Q(**{f"{prefix}published_date__gte": condition.low})
        if condition.high is not None:
            q &= Q(**{f"{prefix}published_date__lte": condition.high})
        return q
    assert isinstance(condition, AnyOf)
    if field in ENTITY_FIELDS:
        article = (
            OuterRef(f"{prefix}pk" if prefix else "pk")
            if not prefix
            else OuterRef(prefix.rstrip("_") + "_id")
        )
        tags = ArticleEntity.objects.active().filter(article=article, entity_id__in=list(values))
        return Exists(tags)
    if field == "outlet":
        return Q(**{f"{prefix}outlet_id__in": list(values)})
    if field == "reporter":
        return Q(**{f"{prefix}reporters__overlap": list(values)})
    if field == "month":
        q = Q(pk__in=[])
        for month in values:
            year, mon = (int(x) for x in month.split("-"))
            q |= Q(**{f"{prefix}published_date__year": year, f"{prefix}published_date__month": mon})
        return q
    raise ValueError(f"no condition on {field!r}")
