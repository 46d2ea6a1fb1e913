"""BigKinds downloads (bigkinds.or.kr → 뉴스검색·분석 → 엑셀다운로드): one article per row.

The ``.xlsx`` has 19 columns (``뉴스 식별자 | 일자 | 언론사 | 기고자 | 제목 | 통합 분류1–3 |
사건/사고 분류1–3 | 인물 | 위치 | 기관 | 키워드 | 특성추출 | 본문 | URL | 분석제외 여부``);
researchers' CSV copies keep some of them (``일자, 언론사, 제목`` at least). A table is BigKinds'
when its header has ``일자``, ``언론사`` and ``제목``.

- ``뉴스 식별자`` is the external id, as text (a float collapses thousands of ids into a few);
- ``일자`` is ``YYYYMMDD``; ``기고자`` is the byline as printed (``articles.ingest.clean.contributors``);
- ``본문`` is an excerpt: BigKinds cuts the article at ~200 characters and writes ``..`` (short
  items are whole and have no ``..``); a row without it is an excerpt with no body at all;
- ``URL`` may lack its scheme; ``분석제외 여부`` (``중복``, ``예외``) sends the article to review;
- 인물, 위치, 기관, 키워드, 특성추출, the classifications and 분석제외 여부 are kept as provenance.

``row_article`` is the one mapping of a row; ``parse`` reads a CSV text with it (an upload), and
``articles.ingest.stream`` reads ``.xlsx`` and large CSV files row by row with it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence

from articles.ingest.clean.bylines import canonical_outlet
from articles.ingest.clean.contributors import contributor_names
from articles.ingest.clean.dates import implausible_date
from articles.ingest.clean.text import normalize_space
from articles.ingest.outlets import EMPTY_REGISTRY, OutletRegistry
from articles.ingest.parsers.csv_records import dialect
from articles.ingest.types import ParsedArticle, ParseError, ParseResult

FORMAT = "bigkinds"
ID, DATE, OUTLET, CONTRIBUTOR, TITLE, BODY, URL, EXCLUDED = (
    "뉴스 식별자",
    "일자",
    "언론사",
    "기고자",
    "제목",
    "본문",
    "URL",
    "분석제외 여부",
)
REQUIRED = (DATE, OUTLET, TITLE)
# Kept as the file gave them, on the article's link to the file (ArticleSource.provenance).
PROVENANCE = (
    *("통합 분류1", "통합 분류2", "통합 분류3", "사건/사고 분류1", "사건/사고 분류2", "사건/사고 분류3"),
    *("인물", "위치", "기관", "키워드", "특성추출(가중치순 상위 50개)", EXCLUDED),
)
EXCERPT_MARK = ".."
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff]")
_HOST_START = re.compile(r"^(?:www\.|[\w-]+(?:\.[\w-]+)+/)", re.IGNORECASE)


class RowError(Exception):
    """A row that is not an article; the message says why (the caller adds where)."""


def is_header(cells: Sequence[object]) -> bool:
    """Whether a table's first row is a BigKinds header."""
    names = {cell_text(c) for c in cells}
    return all(column in names for column in REQUIRED)


def detect(text: str, *, name: str) -> bool:
    """A CSV whose first line is a BigKinds header."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    if "," not in first and "\t" not in first:
        return False
    try:
        header = next(csv.reader([first], dialect=dialect(first)))
    except (csv.Error, StopIteration):
        return False
    return is_header(header)


def parse(text: str, *, name: str, outlets: OutletRegistry = EMPTY_REGISTRY, url: str = "") -> ParseResult:
    """Every row that is an article becomes one; the others become warnings with their line."""
    result = ParseResult(format=FORMAT, text=text)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), dialect=dialect(text.split("\n", 1)[0]))
    header = next(reader, [])
    line = reader.line_num + 1
    for cells in reader:
        try:
            if any(c.strip() for c in cells):
                result.articles.append(row_article(dict(zip(header, cells, strict=False)), outlets=outlets))
        except RowError as exc:
            result.warnings.append(f"line {line}: {exc}")
        line = reader.line_num + 1
    if not result.articles:
        raise ParseError("no BigKinds row is an article (" + "; ".join(result.warnings[:3]) + ")")
    return result


def row_article(row: Mapping[str, object], *, outlets: OutletRegistry = EMPTY_REGISTRY) -> ParsedArticle:
    """The article of one row (column name → cell); raises RowError when it is not one."""
    values = {key: cell_text(value) for key, value in row.items() if key}
    missing = [c for c in REQUIRED if not values.get(c)]
    if missing:
        raise RowError("missing " + ", ".join(f"'{c}'" for c in missing))
    external_id = values.get(ID, "")
    if isinstance(row.get(ID), float | int):
        # A spreadsheet re-saved with the id as a number: its digits are already lost.
        raise RowError(f"'{ID}' was stored as a number ({external_id}); export it again as text")
    if external_id and not re.fullmatch(r"[0-9A-Za-z._-]{1,100}", external_id):
        raise RowError(f"'{ID}' {external_id[:40]!r} is not an id")
    outlet = canonical_outlet(values[OUTLET], outlets)
    body = values.get(BODY, "")
    is_excerpt = not body or body.endswith(EXCERPT_MARK)
    if body.endswith(EXCERPT_MARK):
        body = body[: -len(EXCERPT_MARK)].rstrip()
    article = ParsedArticle(
        title=" ".join(_INVISIBLE.sub("", values[TITLE]).split()),
        paragraphs=[p for p in (normalize_space(line) for line in body.split("\n")) if p],
        outlet=outlet,
        reporters=contributor_names(values.get(CONTRIBUTOR), outlet=values[OUTLET]),
        url=mended_url(values.get(URL, "")),
        external_id=external_id,
        is_excerpt=is_excerpt,
        provenance={c: values[c] for c in PROVENANCE if values.get(c)},
    )
    if not article.title:
        raise RowError(f"missing '{TITLE}'")
    article.published_date = _date(values[DATE], article)
    if values.get(EXCLUDED):
        article.review_reasons.append(f"BigKinds 분석제외: {values[EXCLUDED]}")
    if not article.paragraphs:
        article.review_reasons.append("no body (title only)")
    return article


def mended_url(raw: str) -> str:
    """``www.kado.net/news/…`` → ``http://www.kado.net/news/…``; "" for what is no URL."""
    url = raw.strip()
    if not url or re.match(r"^https?://", url, re.IGNORECASE):
        return url
    if url.startswith("//"):
        return "http:" + url
    return "http://" + url if _HOST_START.match(url) else ""


def _date(raw: str, article: ParsedArticle) -> dt.date | None:
    digits = re.sub(r"\D", "", raw)
    try:
        date = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8])) if len(digits) == 8 else None
    except ValueError:
        date = None
    if date is None:
        article.review_reasons.append(f"date rejected: '{DATE}' {raw!r} is not YYYYMMDD")
        return None
    reason = implausible_date(date)
    if reason:
        article.review_reasons.append(f"date rejected: {date.isoformat()} is {reason}")
        return None
    return date


def cell_text(value: object) -> str:
    """A cell as text. Numbers are written without a float's ".0" (a re-saved 일자 20210228)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y%m%d")
    return str(value).replace("\r\n", "\n").strip()
