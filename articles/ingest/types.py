"""Plain data passed from parsers to the ingest service. No Django, no Kiwi."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class ParsedArticle:
    """One article as a parser read it, before normalisation against the database."""

    title: str
    paragraphs: list[str]
    outlet: str | None = None  # Korean outlet name, e.g. "지디넷코리아"; None when unknown
    published_date: dt.date | None = None
    published_time: dt.time | None = None  # None when the source gives no time
    subtitle: str = ""  # summary / subtitle bullets, one per line
    reporters: list[str] = field(default_factory=list)  # bare names, no "기자"
    url: str = ""
    language: str = "ko"
    # Why a curator should look at this article (year guessed, conflicting outlets, ...).
    review_reasons: list[str] = field(default_factory=list)
    # Which signal found each field ({"title": "og:title", "outlet": "copyright", ...}); read by
    # ``articles.ingest.confidence``. Empty for format parsers, whose layout is the evidence.
    evidence: dict[str, str] = field(default_factory=dict)
    external_id: str = ""  # the source's own id of the article (BigKinds' 뉴스 식별자), as text
    is_excerpt: bool = False  # the body is only the source's excerpt (BigKinds: ~200 characters)
    # What the source said beyond the fields above (BigKinds: 인물, 기관, 키워드, 분석제외 여부, ...).
    provenance: dict[str, str] = field(default_factory=dict)


@dataclass
class ParseResult:
    """What a parser made of one file: complete articles plus problems it noticed."""

    format: str
    text: str = ""  # the decoded text the parser read; kept verbatim as the Source
    articles: list[ParsedArticle] = field(default_factory=list)
    # Human-readable problems that did not stop the file, e.g. a cut-off last article.
    warnings: list[str] = field(default_factory=list)


class ParseError(Exception):
    """The file holds no usable article; the message says why."""
