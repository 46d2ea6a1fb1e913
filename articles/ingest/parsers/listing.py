"""Listing pages (search results, section and tag indexes, reporter pages, front pages).

A listing prints teasers of other pages: a count of results, several headlines each followed by
its own timestamp, "기사 더보기" links. It has no article of its own, so the generic extractor
refuses it instead of filing a teaser as an article.
"""

from __future__ import annotations

import re

from articles.ingest.clean.datelines import is_date_line

# A byline or a labelled stamp: what an article prints between its headline and its text.
_META_RE = re.compile(
    r"기자|특파원|입력|등록|승인|송고|발행|Written|Posted|Published|Updated|Reporter|^By\s|"
    r"^[\[(【][^\])】]{0,20}[=|][^\])】]{0,20}[\])】]|@",
    re.I,
)
# Teaser text cut by the listing ("...의견을 잘 반영하기 위해 …", "주축... [이소연]").
_CUT_RE = re.compile(r"(?:\.\.\.|…|\ufffd)\s*(?:\[[^\]]{1,10}\])?\s*$")
_LABEL_TITLE_RE = re.compile(r"^(?:Journalist|Reporter|기자|기자\s*페이지|전체\s*기사|검색\s*결과)$", re.I)

_LISTING_MARKERS = re.compile(
    r"검색\s*결과\s*(?:총\s*)?\d|총\s*\d[\d,]*\s*건|검색어|기자의\s*다른\s*기사$|전체\s*기사\s*\d|"
    r"^(?:태그|해시태그|Tag)\s*[:#]|#\S+\s*(?:관련\s*)?기사|기자\s*페이지|구독자\s*\d|^\d+\s*페이지$|"
    r"^지난\s*기획\s*시리즈$|^헤드라인\s*이미지$",
    re.I,
)


def listing_reason(lines: list[str], *, title: str) -> str | None:
    """Why the page is a listing rather than an article; None when it may be an article."""
    head = lines[:80]
    marked = any(_LISTING_MARKERS.search(line) for line in head if len(line) < 60)
    if marked and not any(line.startswith(("입력", "기사입력", "등록", "송고")) for line in head):
        return "a search-results, tag or reporter listing page"
    timestamps = sum(1 for line in head if is_date_line(line))
    if timestamps >= 3 and not any(
        re.match(r"^\s*[•·]?\s*(?:기사\s*)?(?:입력|등록|승인)", line) for line in head
    ):
        return f"a listing page ({timestamps} teaser timestamps, no dateline of its own)"
    return None


def teaser_reason(lines: list[str], *, title: str, body: list[str]) -> str | None:
    """Why the text read as a body is one or more teasers of other pages; None for an article.

    An article page prints something between the headline and its text (subtitles, a byline, a
    dateline, share widgets); a listing prints the headline, at once a snippet of the story, then
    maybe the author and time of that story. So one paragraph right under the headline, snippets
    cut off with "…", several headlines numbered alike ("[6G 혁명①]", "[6G 혁명②]") or a bare
    label for a title ("Journalist") mark a listing.
    """
    if _LABEL_TITLE_RE.match(title.strip()):
        return f"a listing page titled {title.strip()!r}"
    cut = sum(1 for p in body if _CUT_RE.search(p))
    if cut >= 2:
        return f"a listing page ({cut} teasers cut off with an ellipsis)"
    prefixes = [
        m.group(1) for line in lines if (m := re.match(r"^\[([^\]]{2,12}?)\s*(?:\d{1,2}|[①-⑳])\]", line))
    ]
    if any(prefixes.count(p) >= 2 for p in prefixes):
        return "a series index (several headlines numbered alike)"
    # A snippet is a few hundred letters at most; a transcript under its title is a whole story.
    # Previous/next-article navigation ("관련자료 이전 … 다음 …") is printed by article pages only.
    article_nav = any(
        re.search(r"관련\s*(?:자료|기사)\s+이전\s|이전\s*기사|다음\s*기사", line) for line in lines
    )
    if len(body) == 1 and len(body[0]) < 400 and title in lines and not article_nav:
        start = lines.index(title) + 1
        first = next((i for i in range(start, len(lines)) if body[0][:20] in lines[i]), None)
        head = lines[start:first] if first is not None else []
        opening = lines[first] if first is not None else ""
        # Subtitles, widgets or a byline between headline and text belong to an article page.
        if first is not None and not head and not _META_RE.match(opening[:30]):
            return "a teaser (one snippet with no byline or dateline of its own)"
    return None
