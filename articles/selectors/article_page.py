"""Everything the article page shows, in one call: the article with its tags and sources, its text
with the reader's query marked, its duplicates and its related articles."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from articles import korean
from articles.korean import Lexeme
from articles.models import Article, Quote
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
from articles.selectors.quotes import article_quotes
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
    quotes: list[Quote] = field(default_factory=list)  # in the order of the body, each marked in it


def _back_to_search(raw: str) -> str | None:
    """The search URL an article was opened from. Rebuilt from known parameters only, never echoed,
    so ``?back=`` cannot send a reader to another site."""
    if not raw:
        return None
    return SearchLinks(clean_query(QueryDict(raw))).current


def _wanted(q: str) -> frozenset[str]:
    try:
        return query_compile(q).highlight_lexemes if q else frozenset()
    except QuerySyntaxError:
        return frozenset()


def _paragraph_starts(body: str) -> list[int]:
    """Where each of ``Article.paragraphs`` starts in the body (they are its ``\n\n`` pieces)."""
    starts, at = [], 0
    for piece in body.split("\n\n"):
        if piece.strip():
            starts.append(at)
        at += len(piece) + 2
    return starts


_CLOSING = "”\"’'」』"


def _open_tag(quote: Quote, first: bool) -> SafeString:
    tag = "q" if quote.kind == Quote.Kind.DIRECT else "span"
    anchor = format_html(' id="{}"', quote.anchor) if first else ""
    return format_html(
        '<{} class="quote quote-{}"{} data-speaker="{}">',
        tag,
        quote.kind,
        anchor,
        quote.speaker or "발언자 미상",
    )


def _close_tag(quote: Quote) -> SafeString:
    return format_html("</{}>", "q" if quote.kind == Quote.Kind.DIRECT else "span")


def _speaker_label(quote: Quote) -> SafeString:
    # Who said it, right after the words, for every reader (a screen reader hears the label).
    return format_html(
        '<small class="quote-speaker"><span class="visually-hidden">발언자: </span>{}{}</small>',
        quote.speaker or "발언자 미상",
        ""
        if not quote.role or quote.anonymous
        else format_html('<span class="visually-hidden">, {}</span>', quote.role),
    )


def _render(
    text: str, offset: int, lexemes: list[Lexeme], wanted: frozenset[str], quotes: list[Quote]
) -> SafeString:
    """One paragraph (``text``, at ``offset`` in the body): the query's words marked, each quote
    wrapped and followed by its speaker."""
    cuts: list[tuple[int, SafeString]] = []
    for quote in quotes:
        assert quote.start is not None and quote.end is not None  # only located quotes are drawn
        start, end = max(quote.start - offset, 0), min(quote.end - offset, len(text))
        if start < end:
            cuts.append((start, _open_tag(quote, quote.start >= offset)))
            cuts.append((end, _close_tag(quote)))
            if quote.end <= offset + len(text):
                # After the closing quotation mark when there is one: “…”— 배경훈
                after = end + 1 if end < len(text) and text[end] in _CLOSING else end
                cuts.append((after, _speaker_label(quote)))
    cuts.sort(key=lambda cut: cut[0])
    out, pos = [], 0
    for at, tag in cuts:
        out.append(_segment(text, pos, at, lexemes, wanted))
        out.append(tag)
        pos = at
    out.append(_segment(text, pos, len(text), lexemes, wanted))
    return mark_safe("".join(out))


def _segment(text: str, start: int, end: int, lexemes: list[Lexeme], wanted: frozenset[str]) -> str:
    inside = [
        Lexeme(lx.text, lx.start - start, lx.end - start)
        for lx in lexemes
        if start <= lx.start and lx.end <= end
    ]
    return highlight(text[start:end], inside, wanted)


def _marked(article: Article, q: str, quotes: list[Quote]) -> tuple[list[str | SafeString], bool]:
    """The paragraphs with the query's words marked (Kiwi reads them) and the quotes wrapped, and
    whether any word is marked."""
    paragraphs = article.paragraphs
    wanted = _wanted(q)
    analysed = korean.lexemes_many(paragraphs) if wanted else [[] for _ in paragraphs]
    located = [(quote.start, quote.end, quote) for quote in quotes if quote.start is not None]
    out: list[str | SafeString] = []
    for text, offset, lexemes in zip(paragraphs, _paragraph_starts(article.body), analysed, strict=True):
        inside = [
            quote for start, end, quote in located if start < offset + len(text) and offset < (end or 0)
        ]
        out.append(_render(text, offset, lexemes, wanted, inside))
    return out, bool(wanted)


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
    quotes = article_quotes(article=article)
    paragraphs, highlighted = _marked(article, q, quotes)
    entities = [t.entity for t in article.active_tags]
    return ArticlePage(
        article=article,
        paragraphs=paragraphs,
        q=q,
        highlighted=highlighted,
        quotes=quotes,
        back=_back_to_search(back),
        tag_groups=[
            (kind, label, of_kind)
            for kind, label in Entity.Kind.choices
            if (of_kind := [e for e in entities if e.kind == kind])
        ],
        duplicates=article_duplicates(article),
        related=article_related(article),
    )
