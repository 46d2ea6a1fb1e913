"""Listing pages (search results, section and tag indexes, reporter pages, front pages).

A listing prints teasers of other pages: a count of results, several headlines each followed by
its own timestamp, "기사 더보기" links. It has no article of its own, so the generic extractor
refuses it instead of filing a teaser as an article.
"""

from __future__ import annotations

import re

from articles.ingest.clean.datelines import is_date_line

_LISTING_MARKERS = re.compile(
    r"검색\s*결과\s*(?:총\s*)?\d|총\s*\d[\d,]*\s*건|검색어|기자의\s*다른\s*기사$|전체\s*기사\s*\d|"
    r"^(?:태그|해시태그|Tag)\s*[:#]|#\S+\s*(?:관련\s*)?기사|기자\s*페이지|구독자\s*\d|^\d+\s*페이지$",
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
