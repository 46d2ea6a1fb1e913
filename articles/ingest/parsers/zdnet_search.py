"""ZDNet Korea search-result pages saved as text: many articles per file.

Each result is three lines separated by blank lines::

    title
    body (the whole article on one line)
    2025.06.27 11:53장유미 기자      <- date, time and reporter glued together

Everything before the first result (navigation, "'배경훈'통합검색 결과 입니다.",
filter bullets) and after the last one (pager, "지금 뜨는 기사", "이시각 헤드라인",
footer) is page chrome. The headline blocks can repeat a real article title, so the
result list is cut at the pager/headline markers instead of being filtered line by line.
"""

from __future__ import annotations

import datetime as dt
import re

from articles.ingest.clean.boilerplate import is_pagination
from articles.ingest.clean.bylines import canonical_outlet, split_reporter_names
from articles.ingest.clean.text import normalize_lines
from articles.ingest.outlets import EMPTY_REGISTRY, OutletRegistry
from articles.ingest.types import ParsedArticle, ParseError, ParseResult

FORMAT = "zdnet_search"
OUTLET = "지디넷코리아"

_HEADER_RE = re.compile(r"통합검색\s*결과\s*입니다|ZDNet\s*검색\s*페이지", re.I)
# The reporter part is short and made of names only, so a body line that happens to
# start with a date never matches.
_DATE_LINE_RE = re.compile(
    r"^(?P<y>\d{4})\.(?P<m>\d{1,2})\.(?P<d>\d{1,2})\s*(?P<H>\d{1,2}):(?P<M>\d{2})"
    r"\s*(?P<who>[가-힣A-Za-z·,/ ]{0,40})$"
)
_BULLET_RE = re.compile(r"^[•·∙◦▪▫■□●○◆◇▶▷\-*?ㆍ]\s")
_END_MARKERS = re.compile(
    r"^(?:지금\s*뜨는\s*기사|이\s*시각\s*헤드라인|많이\s*본\s*기사|ZDNet\s*Power\s*Center|Connect\s+with\s+us|"
    r"ZDNET\s*Korea\s+is\s+operated)",
    re.I,
)


def detect(text: str, *, name: str) -> bool:
    """A ZDNet Korea search page: its page heading or result header plus the ZDNet name."""
    head = text[:5000]
    if re.search(r"ZDNet\s*검색\s*페이지", head, re.I):
        return True
    return bool(re.search(r"통합검색\s*결과\s*입니다", head)) and "zdnet" in text.lower()


def parse(text: str, *, name: str, outlets: OutletRegistry = EMPTY_REGISTRY, url: str = "") -> ParseResult:
    """Parse every complete result; a result cut off by truncation becomes a warning."""
    result = ParseResult(format=FORMAT, text=text)
    lines = normalize_lines(text)
    start = _result_list_start(lines)
    pending: list[str] = []  # title and body lines of the result being read
    position = 0  # 1-based number of the result on the page, complete or not
    ended = False
    last_line_index = max((i for i, line in enumerate(lines) if line), default=-1)

    for index in range(start, len(lines)):
        line = lines[index]
        if not line:
            continue
        if is_pagination(line) or _END_MARKERS.match(line):
            ended = True
            break
        match = _DATE_LINE_RE.match(line)
        if not match:
            pending.append(line)
            continue
        position += 1
        article = _build(pending, match, position, result)
        pending = []
        if article is None:
            continue
        if index == last_line_index and not text.endswith("\n"):
            # The file ends on this line with no footer: the reporter name may be cut short.
            result.warnings.append(
                f"article {position} ({_short(article.title)}): the page ends on its date line; "
                "the reporter name may be cut off"
            )
            article.review_reasons.append("reporter may be cut off")
        result.articles.append(article)

    if pending:
        position += 1
        missing = "no date/reporter line" if len(pending) > 1 else "no body and no date/reporter line"
        where = "" if not ended else " before the end of the result list"
        result.warnings.append(f"article {position} ({_short(pending[0])}) is cut off{where}: {missing}")
    if not result.articles and not result.warnings:
        raise ParseError("ZDNet search page without any result")
    # The page's layout says who published it; the registry says how that outlet is named.
    for article in result.articles:
        article.outlet = canonical_outlet(OUTLET, outlets)
    return result


def _result_list_start(lines: list[str]) -> int:
    """Index of the first line after the search header and its filter bullets."""
    start = 0
    for i, line in enumerate(lines):
        if _HEADER_RE.search(line):
            start = i + 1
            if "통합검색" in line:
                break
    # Filter and navigation bullets ("• 제목", "• 3개월") precede the first result. "? " is
    # what a bullet becomes when the page was saved in an encoding without "•".
    while start < len(lines) and (not lines[start] or _BULLET_RE.match(lines[start])):
        start += 1
    return start


def _build(
    pending: list[str], match: re.Match[str], position: int, result: ParseResult
) -> ParsedArticle | None:
    if not pending:
        result.warnings.append(f"article {position}: date line {match.group(0)!r} without title or body")
        return None
    title, body = pending[0], pending[1:]
    if not body:
        result.warnings.append(f"article {position} ({_short(title)}) has no body")
        return None
    try:
        date = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
        time = dt.time(int(match["H"]), int(match["M"]))
    except ValueError:
        result.warnings.append(f"article {position} ({_short(title)}): invalid date {match.group(0)!r}")
        return None
    return ParsedArticle(
        title=title,
        # The search page flattens each article onto one line, so its original paragraph
        # breaks are gone; every remaining line is kept as one paragraph.
        paragraphs=body,
        outlet=OUTLET,
        published_date=date,
        published_time=time,
        reporters=split_reporter_names(match["who"]),
    )


def _short(title: str, limit: int = 30) -> str:
    return "'" + (title if len(title) <= limit else title[:limit] + "…") + "'"
