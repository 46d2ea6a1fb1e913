"""Pick the parser for a file and run it: the single entry point for the ingest service."""

from __future__ import annotations

from typing import Protocol

from articles.ingest.clean.dates import implausible_date, seoul_today
from articles.ingest.decode import decode_bytes
from articles.ingest.outlets import EMPTY_REGISTRY, OutletRegistry
from articles.ingest.parsers import aju, bigkinds, csv_records, daum, generic, jsonl, zdnet_search
from articles.ingest.types import ParseError, ParseResult


class Parser(Protocol):
    """What each parser module provides (the modules themselves are the implementations)."""

    def detect(self, text: str, *, name: str) -> bool: ...

    def parse(self, text: str, *, name: str, outlets: OutletRegistry = ..., url: str = "") -> ParseResult: ...


# Detection order: most specific first. JSON Lines and the tables (BigKinds, CSV with JSON Lines'
# columns) go first because a record's body may quote any page text; generic accepts everything
# and must stay last. ``articles.ingest.stream`` reads the same record formats as a stream.
PARSERS: list[Parser] = [jsonl, bigkinds, csv_records, zdnet_search, daum, aju, generic]


def detect_format(text: str, *, name: str) -> Parser:
    """The first parser module whose ``detect`` accepts the text."""
    for parser in PARSERS:
        if parser.detect(text, name=name):
            return parser
    raise ParseError(f"{name}: empty file")


def parse_text(
    text: str, *, name: str, outlets: OutletRegistry = EMPTY_REGISTRY, url: str = ""
) -> ParseResult:
    """Parse decoded text; raises ParseError (prefixed with the file name) if nothing is usable.

    ``outlets`` is the registry the publisher is resolved against (the service builds it from
    the Outlet table); ``url``, when the caller knows where the page came from, is evidence too.

    A specific parser's failure is not retried with the generic one: a ZDNet page cut
    before its first result should say so, not come back as one garbled "article".
    """
    if not text.strip():
        raise ParseError(f"{name}: empty file")
    parser = detect_format(text, name=name)
    try:
        result = parser.parse(text, name=name, outlets=outlets, url=url)
    except ParseError as exc:
        raise ParseError(f"{name}: {exc}") from exc
    # The ingest service keeps exactly this text as the file's Source.
    result.text = text
    if not result.articles:
        detail = "; ".join(result.warnings) or "no complete article"
        raise ParseError(f"{name}: no articles found ({result.format}: {detail})")
    _reject_implausible_dates(result)
    return result


def _reject_implausible_dates(result: ParseResult) -> None:
    """Drop a date no article can carry (a printed ``입력 2099.01.01``), whichever parser read it.

    A wrong date is worse than none: it files the article in the wrong month and, in the future,
    at the top of every "newest first" list. The article waits for a curator instead.
    """
    today = seoul_today()
    for article in result.articles:
        reason = implausible_date(article.published_date, today=today) if article.published_date else ""
        if reason and article.published_date:
            rejected = f"date {article.published_date.isoformat()} is {reason}"
            article.published_date = article.published_time = None
            article.review_reasons.append(f"date rejected: {rejected}")
            result.warnings.append(
                f"{article.title[:40]!r}: {rejected}; the article is kept without a date, for review"
            )


def parse_bytes(
    data: bytes, *, name: str, outlets: OutletRegistry = EMPTY_REGISTRY, url: str = ""
) -> ParseResult:
    """Decode (any of UTF-8/UTF-16/CP949) and parse the bytes of one uploaded file."""
    return parse_text(decode_bytes(data, name=name), name=name, outlets=outlets, url=url)
