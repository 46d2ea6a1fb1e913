"""CSV (or TSV) with a header naming the JSON Lines keys: one article per row.

The columns are JSON Lines' (``title``, ``body``, ``outlet`` required; ``subtitle``,
``published_at``, ``reporters`` (comma-separated), ``url``, ``external_id``, ``is_excerpt``
optional; others ignored), and each row is read by the same rules (``jsonl.record_article``). A
bad row is a warning with its line.
BigKinds tables, with their Korean header, are ``bigkinds``'.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from articles.ingest.outlets import EMPTY_REGISTRY, OutletRegistry
from articles.ingest.parsers import jsonl, record_keys
from articles.ingest.types import ParsedArticle, ParseError, ParseResult

FORMAT = "csv"


def is_header(cells: Sequence[object]) -> bool:
    """Whether a table's first row names an article's text (a body, or a snippet) and something
    that places it (a title, a URL or a date), under any name ``record_keys`` knows."""
    fields = record_keys.header_fields([str(c) for c in cells if c is not None])
    return bool(fields & {"body", "excerpt"}) and bool(fields & {"title", "url", "published_at"})


def dialect(first_line: str) -> type[csv.Dialect]:
    """Tab-separated when the header has more tabs than commas, else Excel's CSV."""
    return csv.excel_tab if first_line.count("\t") > first_line.count(",") else csv.excel


def detect(text: str, *, name: str) -> bool:
    """The first line is a CSV header with the JSON Lines keys."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    try:
        header = next(csv.reader([first], dialect=dialect(first)))
    except (csv.Error, StopIteration):
        return False
    return is_header(header)


def row_article(
    header: Sequence[str], cells: Sequence[object], *, outlets: OutletRegistry = EMPTY_REGISTRY
) -> tuple[ParsedArticle, str]:
    """The article of one row, and why its date was rejected; raises ``jsonl.LineError``."""
    record = {
        key.strip().lower(): (value if value not in ("", None) else None)
        for key, value in zip(header, cells, strict=False)
        if key
    }
    return jsonl.record_article(record, outlets=outlets)


def parse(text: str, *, name: str, outlets: OutletRegistry = EMPTY_REGISTRY, url: str = "") -> ParseResult:
    """Every valid row becomes an article; the others become warnings with their line number."""
    result = ParseResult(format=FORMAT, text=text)
    body = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(body), dialect=dialect(body.split("\n", 1)[0]))
    header = next(reader, [])
    line = reader.line_num + 1
    for cells in reader:
        if any(str(c).strip() for c in cells):
            try:
                article, rejected = row_article(header, cells, outlets=outlets)
            except jsonl.LineError as exc:
                result.warnings.append(f"line {line}: {exc}")
            else:
                result.articles.append(article)
                if rejected:
                    result.warnings.append(f"line {line}: {rejected}; the article is kept without a date")
        line = reader.line_num + 1
    if not result.articles:
        raise ParseError("no CSV row is an article (" + "; ".join(result.warnings[:3]) + ")")
    return result
