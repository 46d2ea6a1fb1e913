"""The headline of a page printed as text, found where a reader looks for it.

Pages open with navigation ("본문 바로가기"), section labels, the site name and widgets. The
headline is the line just above the dateline (or above the byline right before it); a page that
prints no dateline usually prints its headline first, or twice (once in the header, once above the
body). Dates, photo credits, bylines, site names and menu words are never headlines.
"""

from __future__ import annotations

import re

from articles.ingest.clean.boilerplate import is_boilerplate, is_photo_caption
from articles.ingest.clean.bylines import reporters_in_line
from articles.ingest.clean.datelines import is_date_line
from articles.ingest.outlets import OutletRegistry

_NAVIGATION_RE = re.compile(
    r"^https?://|bar_progress|다른\s*기사|바로\s*가기|건너\s*뛰기|메뉴|검색|로그인|회원가입|전체\s*기사|최신\s*뉴스|구독|뉴스레터|"
    r"^(?:홈|HOME|뉴스|속보|더보기|닫기|공유|이전|다음|TOP|Dim영역|본문|기사|광고)$",
    re.I,
)
_BULLET_RE = re.compile(r"^[•·∙◦▪■□●○◆◇▶▷\-*ㆍ]\s")
_REPORTER_LINE_RE = re.compile(r"(?:기자|특파원|앵커|기자의\s*다른기사)\s*(?:\S+@\S+)?$")
_MARKDOWN_IMAGE_RE = re.compile(r"^!\[([^\]]*)\]\([^)]*\)\s*$")
_PAYWALL_PREFIX_RE = re.compile(r"^(?:유료|프리미엄|Premium)\s*(?=\S)")


def looks_like_headline(line: str, outlets: OutletRegistry) -> bool:
    """Could a reader take this line for a headline? (length, not chrome, not a date or byline)."""
    line = line.strip()
    if not 5 <= len(line) <= 200 or _BULLET_RE.match(line):
        return False
    if is_boilerplate(line) or is_date_line(line) or is_photo_caption(line) or outlets.by_name(line):
        return False
    if reporters_in_line(line) or _REPORTER_LINE_RE.search(line) or "@" in line:
        return False
    if (len(line) < 25 or line.startswith("http") or "다른기사" in line) and _NAVIGATION_RE.search(line):
        return False
    # A headline is one statement; a body paragraph is several sentences.
    return len(re.findall(r"[다요]\.\s", line + " ")) < 2


def clean_headline(line: str) -> str:
    """The headline without scraper debris: ``![alt](url)`` image lines, a paywall badge."""
    line = line.strip()
    image = _MARKDOWN_IMAGE_RE.match(line)
    if image:
        line = image.group(1).strip()
    return _PAYWALL_PREFIX_RE.sub("", line)


def find_headline(
    lines: list[str], outlets: OutletRegistry, *, dateline_index: int | None
) -> tuple[str, str]:
    """``(headline, signal)``: ``"headline above dateline"`` is strong, ``"first line"`` a guess."""
    head = [clean_headline(line) for line in lines[:60]]
    if dateline_index is not None and dateline_index < len(head):
        # Walk up from the dateline past the byline; the run of headline-like lines above it is
        # the headline followed by its sub-heads, so the top one of the run is the headline.
        run: list[str] = []
        for line in reversed(head[:dateline_index]):
            if looks_like_headline(line, outlets) and len(line) >= 10:
                run.append(line)
            elif run or len(line) > 200:
                break
        if run:
            repeated = [line for line in run if head.count(line) > 1]
            return (repeated or run)[-1], "headline above dateline"
    seen: set[str] = set()
    for line in head[:25]:
        if line in seen and looks_like_headline(line, outlets):
            return line, "headline printed twice"
        seen.add(line)
    first = next((line for line in head if looks_like_headline(line, outlets)), "")
    return first, "first line" if first else ""
