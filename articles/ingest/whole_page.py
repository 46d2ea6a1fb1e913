"""Whole saved pages (a document with its ``<head>``, chrome, scripts and footer) read with trafilatura.

trafilatura (with htmldate) is a well-kept extractor of a page's main text and metadata; it finds
the article among menus, related lists and footers far better than hand-written selectors. The
Korean rules stay on top of it (``articles.ingest.parsers.generic``): the outlet registry decides
the publisher, bylines and 입력/수정 datelines are read the Korean way, and a portal home or
section page is refused before anything reads it as an article.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import trafilatura
from bs4 import BeautifulSoup

_DOCUMENT_RE = re.compile(r"<\s*(?:head|html)\b[^>]*>", re.I)
_META_RE = re.compile(r"<\s*(?:meta|title)\b", re.I)
_ARTICLE_TYPES = (
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
)


def is_whole_page(text: str) -> bool:
    """A saved document (head and all), not a fragment of markup or a text dump."""
    head = text[:20000]
    return bool(_DOCUMENT_RE.search(head) and _META_RE.search(head))


@dataclass
class MainText:
    """What trafilatura found: the main text's lines and the metadata it read (htmldate's date)."""

    lines: list[str]
    title: str = ""
    date: str = ""  # YYYY-MM-DD, htmldate's best guess: weak evidence
    author: str = ""
    sitename: str = ""


def main_text(html: str, *, url: str = "") -> MainText:
    """The page's main text as lines, tables and comments left out, with trafilatura's metadata."""
    doc = trafilatura.bare_extraction(
        html,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # trafilatura's deduplication counts text in one cache for the whole process: a page read a
        # second time (a re-ingest, the same story in two files) would lose its paragraphs and its
        # date. Each page is read on its own.
        deduplicate=False,
    )
    if doc is None:
        return MainText(lines=[])
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    lines = [line.strip() for line in (data.get("text") or "").split("\n") if line.strip()]
    return MainText(
        lines=lines,
        title=data.get("title") or "",
        date=data.get("date") or "",
        author=data.get("author") or "",
        sitename=data.get("sitename") or "",
    )


# A whole sentence of the text: a Korean or English statement, not a menu item or a headline link.
_SENTENCE_RE = re.compile(r"(?:다|니다|요)[.\"”’)]*$|[a-z][.!?][\"”’)]*$")


def _key(line: str) -> str:
    return re.sub(r"\s+", "", line)[:24]


def with_dropped_sentences(main: list[str], page: list[str]) -> list[str]:
    """trafilatura's main text with the closing sentences it dropped for being links put back.

    trafilatura drops a paragraph whose text is all link ("원문은 누리집에서 내려받을 수 있다."
    linking to the document): to a reader it is a sentence of the article. ``page`` is the page's
    own text blocks (chrome already removed); the unbroken run of whole sentences right after the
    main text's last paragraph comes back. Inside the text the blocks trafilatura left out are
    mostly photo captions, so nothing is put back there.
    """
    if not main:
        return main
    keys = {_key(line) for line in main}
    last = max((i for i, block in enumerate(page) if _key(block) in keys), default=None)
    if last is None:
        return main
    tail: list[str] = []
    for block in page[last + 1 :]:
        if _key(block) in keys or not (_SENTENCE_RE.search(block) and len(block) >= 15):
            break
        tail.append(block)
    return [*main, *tail]


def json_ld_article(soup: BeautifulSoup) -> dict[str, Any]:
    """The first schema.org article object of the page's JSON-LD, or {} (malformed blocks skipped)."""
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(script.string or script.get_text() or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kind = item.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                if any(k in _ARTICLE_TYPES for k in kinds):
                    return item
                stack.extend(v for k, v in item.items() if k == "@graph")
    return {}


# A labelled stamp an article prints about itself (입력/등록/승인/송고, Published, Updated), the
# label also as "송고시간", "입력일시", and in an element of its own above the stamp.
_STAMP_RE = re.compile(
    r"(?:입력|등록|승인|송고|기사입력|게재|Published|Updated)(?:\s*(?:시간|일시))?\s*[:：]?\s*"
    r"\d{2,4}[.\-/년]\s*\d",
    re.I,
)


def portal_page_reason(soup: BeautifulSoup, *, article_meta: bool, text: str) -> str | None:
    """Why a whole page is a portal home or section front rather than an article; None otherwise.

    An article page says it is one: ``og:type`` article, an ``article:published_time`` or a
    JSON-LD article, or a labelled 입력/승인 stamp of its own. A front page says none of that and is
    mostly links: headlines pointing to other pages.
    """
    if article_meta or _STAMP_RE.search(text):
        return None
    og_type = soup.find("meta", attrs={"property": "og:type"})
    if og_type is not None and str(og_type.get("content") or "").strip().lower() == "article":
        return None
    body = soup.body or soup
    letters = len(re.findall(r"\w", body.get_text(" ")))
    linked = sum(len(re.findall(r"\w", a.get_text(" "))) for a in body.find_all("a"))
    if letters and linked / letters >= 0.4:
        return (
            f"a portal home or section page ({linked * 100 // letters}% of its text is links to other pages)"
        )
    return None
