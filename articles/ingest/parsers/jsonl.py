"""JSON Lines exports: one article per line.

Keys: ``title``, ``subtitle``, ``body`` (paragraphs separated by blank lines, or HTML),
``outlet`` (Korean name), ``published_at`` (ISO 8601 datetime, or a bare date when the
time is unknown), ``reporters`` (names), ``url``, ``language``; optionally ``external_id`` (the
source's own id of the article, a string or an integer, kept as text) and ``is_excerpt`` (``true``
when the body is only the source's excerpt); other tools' names for them are read too
(``record_keys``); anything else is ignored. A line without a body becomes a warning ("line 3:
missing 'body'") and the other lines still count. A missing title, outlet or date, or a date that
cannot be read or is impossible (``2025-02-30``, ``0000-01-01``, ``9999-12-31``), costs only that
field: the article is kept, for review.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any
from urllib.parse import urlsplit

from articles.ingest.clean.bylines import canonical_outlet, split_reporter_names
from articles.ingest.clean.dates import implausible_date, seoul_wall_time
from articles.ingest.clean.markup import html_blocks, soup_of
from articles.ingest.clean.text import dedupe, normalize_space
from articles.ingest.outlets import EMPTY_REGISTRY, OutletRegistry
from articles.ingest.parsers import record_keys
from articles.ingest.types import ParsedArticle, ParseError, ParseResult
from articles.ingest.untitled import PROVISIONAL_REASON, cut_title, provisional_title

FORMAT = "jsonl"
# What an ISO 8601 date or datetime looks like, possible or not.
_ISO_SHAPE_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?"
)


def detect(text: str, *, name: str) -> bool:
    """The first non-empty line is a JSON object."""
    for line in text.split("\n"):
        if line.strip():
            stripped = line.strip()
            if not stripped.startswith("{"):
                return False
            try:
                return isinstance(json.loads(stripped), dict)
            except ValueError:
                return False
    return False


def parse(text: str, *, name: str, outlets: OutletRegistry = EMPTY_REGISTRY, url: str = "") -> ParseResult:
    """Every valid line becomes an article; invalid lines become warnings."""
    result = ParseResult(format=FORMAT, text=text)
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            article, rejected = line_article(line, outlets=outlets)
        except LineError as exc:
            result.warnings.append(f"line {number}: {exc}")
            continue
        result.articles.append(article)
        if rejected:
            result.warnings.append(
                f"line {number}: {rejected}; the article is kept without a date, for review"
            )
    if not result.articles:
        detail = "; ".join(result.warnings[:3]) or "no records"
        raise ParseError(f"no valid JSON Lines record ({detail})")
    return result


class LineError(Exception):
    """A line (or a table's row) that is not an article; the message says why."""


_SURROGATES = re.compile("[\ud800-\udfff]")


def _without_surrogates(record: dict[str, Any]) -> dict[str, Any]:
    """The object's strings (and lists of strings) with lone surrogates as U+FFFD."""

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return _SURROGATES.sub("\ufffd", value)
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    return {key: clean(value) for key, value in record.items()}


class _DateRejected(Exception):
    """A ``published_at`` written as a date that no article can carry: the record is kept."""


def line_article(line: str, *, outlets: OutletRegistry = EMPTY_REGISTRY) -> tuple[ParsedArticle, str]:
    """The line's article, and why its date was rejected (``""`` when it was not); raises
    ``LineError`` when the line is no article. ``articles.ingest.stream`` reads a file of any
    size line by line with it."""
    try:
        # JSON may escape lone UTF-16 surrogates ("\ud800"), which no database text can hold.
        record = json.loads(line, object_hook=_without_surrogates)
    except ValueError as exc:
        raise LineError(f"invalid JSON ({exc.args[0] if exc.args else exc})") from exc
    if not isinstance(record, dict):
        raise LineError(f"not a JSON object but {type(record).__name__}")
    return record_article(record, outlets=outlets)


def record_article(
    record: dict[str, Any], *, outlets: OutletRegistry = EMPTY_REGISTRY
) -> tuple[ParsedArticle, str]:
    """``line_article`` for a record already read (a JSON object, or a CSV row with these keys).

    Keys are read under any name ``record_keys.ALIASES`` knows. A body is what makes a record an
    article: without a title it gets a provisional one from its lead, without an outlet the one its
    URL names (else none), and either way it waits for a curator. A search API's snippet stands in
    for a missing body as an excerpt."""
    record = record_keys.canonical_record(record)
    body, excerpt = record.get("body"), False
    if body is None and record.get("excerpt") is not None:
        body, excerpt = record["excerpt"], True
    if body is None:
        raise LineError("missing 'body'")
    paragraphs = _paragraphs(body)
    if not paragraphs:
        raise LineError("missing 'body'")
    url = _text(record, "url") if record.get("url") is not None else ""
    doubts: list[str] = []
    if record.get("title") is not None:
        title = record_keys.plain_text(_text(record, "title"))
    else:
        title = provisional_title(paragraphs, outlets) or cut_title(paragraphs[0])
        doubts.append(PROVISIONAL_REASON)
    outlet = _outlet(_outlet_name(record.get("outlet")), outlets) or (
        _host_outlet(url, outlets) if url else None
    )
    if outlet is None:
        doubts.append("outlet unknown")  # the record names none, nor does its URL's host
    rejected = ""
    try:
        date, time = _published_at(record.get("published_at"))
    except _DateRejected as exc:
        date, time, rejected = None, None, str(exc)

    article = ParsedArticle(
        title=title,
        paragraphs=paragraphs,
        outlet=outlet,
        published_date=date,
        published_time=time,
        subtitle=_subtitle(record.get("subtitle")),
        reporters=_reporters(record_keys.named_value(record.get("reporters"))),
        url=url,
    )
    if isinstance(record.get("language"), str) and record["language"].strip():
        article.language = record["language"].strip()
    article.external_id, doubt = _external_id(record.get("external_id"))
    doubts += [doubt] if doubt else []
    flag, doubt = _flag(record.get("is_excerpt"), "is_excerpt")
    article.is_excerpt = excerpt or flag
    doubts += [doubt] if doubt else []
    article.review_reasons.extend(doubts)
    if rejected:
        article.review_reasons.append(f"date rejected: {rejected}")
    if date is None:
        article.review_reasons.append("date unknown")
    return article, rejected


# An outlet field holding a URL or a host (trafilatura's "source", a "sitename" of "yna.co.kr").
_HOST_RE = re.compile(r"(?:https?://)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:[/:?#].*)?", re.IGNORECASE)


def _outlet(name: str | None, outlets: OutletRegistry) -> str | None:
    """The outlet's name for what the record's outlet field holds: a name or alias, or a URL or
    host of a known outlet (None for a host the registry does not know)."""
    if name and _HOST_RE.fullmatch(name.strip()):
        return _host_outlet(name.strip(), outlets)
    return canonical_outlet(name, outlets)


def _host_outlet(url: str, outlets: OutletRegistry) -> str | None:
    """The registered outlet owning a URL's (or a bare host's) host, else None."""
    known = outlets.by_host(urlsplit(url if "//" in url else f"//{url}").hostname or "")
    return known.name if known else None


def _outlet_name(value: Any) -> str | None:
    value = record_keys.named_value(value)
    if value is None:
        return None
    if not isinstance(value, str):
        raise LineError("'outlet' is not a string")
    return value


def _text(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    if not isinstance(value, str):
        raise LineError(f"'{key}' is not a string")
    return normalize_space(value)


# Block tags in ASCII: a Korean body's angle brackets name works ("<오징어 게임>"), never tags.
_HTML_BODY_RE = re.compile(
    r"<(?:p|div|br|figure|img|section|article|h[1-6]|ul|li|table)\b[^<>]*>", re.IGNORECASE
)


def _paragraphs(body: Any) -> list[str]:
    # A list of paragraphs is accepted too; exports from other tools do that.
    if isinstance(body, list):
        parts = [part for part in body if isinstance(part, str)]
    elif isinstance(body, str) and _HTML_BODY_RE.search(body):
        # A body saved as HTML (a CMS export, RSS content:encoded): a paragraph per block.
        parts = html_blocks(soup_of(body))
    elif isinstance(body, str):
        parts = re.split(r"\n\s*\n", body.replace("\r\n", "\n"))
    else:
        raise LineError("'body' is not a string")
    # Single newlines inside a paragraph are soft wraps; a search API's snippet marks its matches.
    return [
        p for p in (normalize_space(record_keys.plain_text(part.replace("\n", " "))) for part in parts) if p
    ]


def _subtitle(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        lines = [normalize_space(v) for v in value if isinstance(v, str)]
    elif isinstance(value, str):
        lines = [normalize_space(v) for v in value.split("\n")]
    else:
        raise LineError("'subtitle' is not a string")
    return "\n".join(line for line in lines if line)


def _reporters(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise LineError("'reporters' is not a list of names")
    names: list[str] = []
    for item in value:
        if isinstance(item, str):
            names.extend(split_reporter_names(item) or _fallback_name(item))
    return dedupe(names)


# What BigKinds' 뉴스 식별자 and most scrapers' ids look like; a float would already have lost digits.
_EXTERNAL_ID_RE = re.compile(r"[0-9A-Za-z._:-]{1,100}")


def _external_id(value: Any) -> tuple[str, str]:
    """The record's own id as text, or ``""`` and why it was dropped (the article is kept)."""
    if value is None or value == "":
        return "", ""
    if isinstance(value, float):
        return "", f"external id dropped: {value!r} was written as a number and may have lost digits"
    text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    if not _EXTERNAL_ID_RE.fullmatch(text):
        return "", f"external id dropped: {str(value)[:40]!r} is not an id"
    return text, ""


def _flag(value: Any, key: str) -> tuple[bool, str]:
    # CSV cells arrive as text; JSON may carry a real boolean.
    if value is None or value == "":
        return False, ""
    if isinstance(value, bool):
        return value, ""
    text = str(value).strip().lower()
    if text in {"true", "1", "yes", "y", "false", "0", "no", "n"}:
        return text in {"true", "1", "yes", "y"}, ""
    return False, f"'{key}' {value!r} is neither true nor false: taken as false"


def _fallback_name(raw: str) -> list[str]:
    # Names the Hangul-name check rejects (foreign names, pen names) are kept as given.
    name = re.sub(r"\s*(?:기자|특파원)\s*$", "", normalize_space(raw))
    return [name] if name else []


def _published_at(value: Any) -> tuple[dt.date | None, dt.time | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    raw = value.strip() if isinstance(value, str) else value
    moment: dt.datetime | dt.date
    try:
        if isinstance(raw, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            moment = dt.date.fromisoformat(raw)
        elif isinstance(raw, str) and _ISO_SHAPE_RE.fullmatch(raw):
            moment = dt.datetime.fromisoformat(raw)
        else:
            moment = record_keys.date_reading(raw)
    except (ValueError, OverflowError) as exc:
        # Whatever the field holds, the record is still an article: it keeps no date, for review
        # (a scraper's off-by-one "2025-02-30", a placeholder, a relative "어제 오후").
        kind = "impossible" if isinstance(raw, str) and _ISO_SHAPE_RE.fullmatch(raw) else "unparseable"
        raise _DateRejected(f"{kind} 'published_at' {raw!r}") from exc
    if isinstance(moment, dt.datetime):
        # Naive datetimes are taken as Seoul wall time: that is what Korean outlets print.
        try:
            date, time = seoul_wall_time(moment)
        except ValueError as exc:
            raise _DateRejected(f"impossible 'published_at' {raw!r}") from exc
    else:
        date, time = moment, None
    reason = implausible_date(date)
    if reason:
        raise _DateRejected(f"'published_at' {raw!r} is {reason}")
    return date, time
