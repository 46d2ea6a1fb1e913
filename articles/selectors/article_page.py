"""Everything the article page shows, in one call: the article with its tags and sources, its text
with the reader's query marked, its duplicates and its related articles."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.safestring import SafeString

from articles import korean
from articles.models import Article
from articles.search.highlight import highlight
from articles.search.links import SearchLinks, clean_query
from articles.search.query import QuerySyntaxError, query_compile
from articles.selectors.articles import (
    Duplicates,
    active_tags_prefetch,
    article_duplicates,
    article_merged_into,
    article_related,
)
from policy.models import Entity


@dataclass
class ArticlePage:
    """What ``articles/detail.html`` draws; ``moved_to`` alone when a curator merged the article."""

    article: Article | None = None
    moved_to: int | None = None
    paragraphs: list[str | SafeString] = field(default_factory=list)
    q: str = ""
    highlighted: bool = False
    back: str | None = None
    tag_groups: list[tuple[str, str, list[Entity]]] = field(default_factory=list)
    duplicates: Duplicates = field(default_factory=Duplicates)
    related: list[Article] = field(default_factory=list)


def _back_to_search(raw: str) -> str | None:
    """The search URL an article was opened from. Rebuilt from known parameters only, never echoed,
    so ``?back=`` cannot send a reader to another site."""
    if not raw:
        return None
    return SearchLinks(clean_query(QueryDict(raw))).current


def _marked(paragraphs: list[str], q: str) -> list[str | SafeString] | None:
    """The paragraphs with the query's words marked (Kiwi reads them), or None when nothing is."""
    try:
        wanted = query_compile(q).highlight_lexemes if q else frozenset()
    except QuerySyntaxError:
        return None
    if not wanted:
        return None
    analysed = korean.lexemes_many(paragraphs)
    return [highlight(p, lx, wanted) for p, lx in zip(paragraphs, analysed, strict=True)]


def article_page(*, pk: int, q: str = "", back: str = "") -> ArticlePage | None:
    """The page of article ``pk`` for a reader who searched ``q`` (marked in the text) coming from
    the search ``back`` (a query string); None when a reader may not see it."""
    moved_to = article_merged_into(pk=pk)
    if moved_to:
        return ArticlePage(moved_to=moved_to)
    article = (
        Article.objects.readable()
        .select_related("outlet")
        .prefetch_related(active_tags_prefetch(), "article_sources__source")
        .filter(pk=pk)
        .first()
    )
    if article is None:
        return None
    q = q.strip()
    marked = _marked(article.paragraphs, q)
    entities = [t.entity for t in article.active_tags]
    return ArticlePage(
        article=article,
        paragraphs=marked if marked is not None else article.paragraphs,
        q=q,
        highlighted=marked is not None,
        back=_back_to_search(back),
        tag_groups=[
            (kind, label, of_kind)
            for kind, label in Entity.Kind.choices
            if (of_kind := [e for e in entities if e.kind == kind])
        ],
        duplicates=article_duplicates(article),
        related=article_related(article),
    )
