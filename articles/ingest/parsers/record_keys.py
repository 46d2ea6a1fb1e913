"""The fields of a record file (JSON Lines, CSV with a header) under the names scrapers give them.

Scrapers do not agree on names: the body is ``body``, ``content`` or ``text``, the outlet ``press``
or ``source``, the date ``pubDate`` or ``date``; Naver's search API gives ``originallink`` and an
HTML-marked ``description``; NewsAPI nests the outlet as ``source.name``. One table maps them all to
the archive's keys, so ``jsonl.record_article`` reads any of them by the same rules. No Django.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import re
from collections.abc import Mapping
from typing import Any

from articles.ingest.clean.dates import SEOUL, find_published_at

# The archive's key first, then the names other tools use, compared without case, spaces, "_"
# and "-". The first one present in a record wins.
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "subject", "제목", "기사제목"),
    "body": (
        "body",
        "content",
        "contents",
        "text",
        "article",
        "articlebody",
        "maintext",
        "본문",
        "기사본문",
        "내용",
    ),
    # Only when no body is given: a search API's snippet, kept as an excerpt.
    "excerpt": ("description", "summary", "snippet", "lead", "요약"),
    "subtitle": ("subtitle", "subheadline", "subhead", "부제", "부제목"),
    "outlet": (
        "outlet",
        "press",
        "publisher",
        "source",
        "media",
        "newspaper",
        "sitename",
        "outletname",
        "pressname",
        "언론사",
        "매체",
        "신문사",
    ),
    "published_at": (
        "publishedat",
        "published",
        "pubdate",
        "publishdate",
        "publisheddate",
        "datepublished",
        "datepublish",
        "date",
        "datetime",
        "time",
        "timestamp",
        "createdat",
        "일자",
        "날짜",
        "입력",
        "입력일",
        "작성일",
        "등록일",
    ),
    "reporters": (
        "reporters",
        "reporter",
        "authors",
        "author",
        "byline",
        "writer",
        "writers",
        "기자",
        "기고자",
        "작성자",
    ),
    # Naver's search API gives the outlet's own page as "originallink" and its copy as "link".
    "url": ("url", "originallink", "link", "articleurl", "href", "permalink", "원문", "원문url", "기사url"),
    "external_id": ("externalid", "newsid", "articleid", "docid"),
    "is_excerpt": ("isexcerpt",),
    "language": ("language", "lang"),
}


def _folded(key: str) -> str:
    return re.sub(r"[\s_\-]+", "", key).lower()


# Each alias's field and its rank among that field's names (0 is the archive's own).
_FIELD_OF = {alias: (field, rank) for field, aliases in ALIASES.items() for rank, alias in enumerate(aliases)}


def canonical_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record under the archive's keys: for each field, the value of its first alias present
    (``None`` and blank strings count as absent); keys no alias names are dropped."""
    found: dict[str, tuple[int, Any]] = {}
    for key, value in record.items():
        if not isinstance(key, str) or value is None or (isinstance(value, str) and not value.strip()):
            continue
        named = _FIELD_OF.get(_folded(key))
        if named is None:
            continue
        field, rank = named
        if field not in found or rank < found[field][0]:
            found[field] = (rank, value)
    return {field: value for field, (_, value) in found.items()}


def header_fields(names: list[str]) -> set[str]:
    """The archive's fields a table's header names (by any alias)."""
    return {_FIELD_OF[_folded(n)][0] for n in names if isinstance(n, str) and _folded(n) in _FIELD_OF}


def named_value(value: Any) -> Any:
    """A nested ``{"name": …}`` (NewsAPI's ``source``, schema.org's ``author``) as its name."""
    if isinstance(value, Mapping):
        return value.get("name")
    if isinstance(value, list):
        return [named_value(v) for v in value]
    return value


# Inline tags a search API marks its matches with (Naver: "<b>AI</b>"). Korean titles use angle
# brackets for works ("<오징어 게임>"), so only these tags are taken out, never any "<…>".
_INLINE_TAG_RE = re.compile(r"</?(?:b|strong|em|i|u|mark|span|font|br|p|a)(?:\s[^<>]*)?/?>", re.IGNORECASE)


def plain_text(value: str) -> str:
    """Text with a search API's inline tags removed and HTML entities (``&quot;``) decoded."""
    return html.unescape(_INLINE_TAG_RE.sub("", value))


class DateUnreadable(ValueError):
    """A date field whose value no reading below makes a date of."""


def date_reading(value: Any) -> dt.datetime | dt.date:
    """What a date field means: a datetime (naive when the source gives no zone: Seoul's clock) or
    a bare date. Reads Unix time (seconds or milliseconds), ``YYYYMMDD[HHMM[SS]]``, RFC 2822 (RSS
    ``pubDate``, Naver's API) and the forms Korean pages print (``2025.06.24 18:13``, ``2025년 6월
    24일 오후 6:13``). ISO 8601 is ``jsonl``'s own (it tells an impossible date from no date)."""
    if isinstance(value, bool):
        raise DateUnreadable(repr(value))
    if isinstance(value, int | float):
        value = str(int(value)) if float(value).is_integer() else str(value)
    if not isinstance(value, str):
        raise DateUnreadable(repr(value))
    raw = value.strip()
    if raw.isdigit():
        return _digits(raw)
    if re.search(r"[A-Za-z]{3}", raw):
        try:
            moment = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            moment = None
        if moment is not None:
            return moment
    day, clock = find_published_at(raw)
    if day is None:
        raise DateUnreadable(raw)
    return dt.datetime.combine(day, clock) if clock is not None else day


def _digits(raw: str) -> dt.datetime | dt.date:
    try:
        if len(raw) == 8:
            return dt.datetime.strptime(raw, "%Y%m%d").date()
        if len(raw) == 12:
            return dt.datetime.strptime(raw, "%Y%m%d%H%M")
        if len(raw) == 14:
            return dt.datetime.strptime(raw, "%Y%m%d%H%M%S")
        if len(raw) in (10, 13):  # Unix time, seconds or milliseconds
            seconds = int(raw) / (1000 if len(raw) == 13 else 1)
            return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).astimezone(SEOUL)
    except (ValueError, OverflowError, OSError) as exc:
        raise DateUnreadable(raw) from exc
    raise DateUnreadable(raw)
