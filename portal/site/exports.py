"""Researchers take data away: streamed exports of a search, citations of one article and the API's
human documentation.

Exports take the same parameters as ``/api/articles/`` (through the one search selector), write
the fields of :class:`portal.api.schemas.ExportRow`, and are streamed with no row cap: the queryset is read with a server-side cursor in chunks, and tags and
sources are fetched once per chunk, never once per article.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from articles.models import SEOUL, Article
from articles.search.params import QUOTE_EXPORT_FORMATS, SearchParamError, names, request_data, without
from articles.search.request import export_options_parse, quote_request_parse, search_request_parse
from articles.selectors.articles import article_get, article_merged_into
from articles.selectors.exports import ExportRecord, articles_export_records
from articles.selectors.quotes import quotes_export_stream
from articles.selectors.search import articles_export_stream
from portal.api.errors import error_response
from portal.api.outputs import CITE_EXTENSIONS, FORMATS
from portal.api.schemas import COLUMNS, QUOTE_COLUMNS, ExportRow, ExportRowWithBody, QuoteExportRow
from portal.site import citations

__all__ = [
    "CHUNK_SIZE",
    "COLUMNS",
    "FORMATS",
    "article_cite",
    "articles_export",
    "export_row",
    "export_rows",
    "quotes_export",
]

# Rows per server-side-cursor fetch; also the batch for the tag and source queries.
CHUNK_SIZE = 500
LIST_SEPARATOR = "; "
# Exports return the whole result set: paging parameters are accepted and ignored.
IGNORED_PARAMS = names("paging", "output")


def export_row(article: Article, *, absolute_url: Callable[[str], str], include_body: bool = False) -> dict:
    """One article as the :class:`ExportRow` schema defines an export row: the CSV columns, with
    lists kept as lists (JSON Lines). The exports write :func:`export_rows`, the same rows made
    from plain values (a test holds the two equal)."""
    schema = ExportRowWithBody if include_body else ExportRow
    return schema.model_validate(article, context={"absolute_url": absolute_url}).model_dump(mode="json")


_PK_PLACEHOLDER = 987654321


def export_rows(
    records: Iterable[ExportRecord], *, absolute_url: Callable[[str], str], include_body: bool = False
) -> Iterator[dict]:
    """The rows of :func:`export_row` from the selector's plain records: no model instance and no
    schema validation per row, which at tens of thousands of rows was most of an export's cost."""
    # Each permalink is the same absolute URL around the id: built once, not reversed per row.
    prefix, suffix = absolute_url(reverse("articles:detail", args=[_PK_PLACEHOLDER])).split(
        str(_PK_PLACEHOLDER)
    )
    for r in records:
        day, time = r["published_date"], r["published_time"]
        row = {
            "id": r["id"],
            "permalink": f"{prefix}{r['id']}{suffix}",
            "title": r["title"],
            "outlet": r["outlet"],
            "published_date": day.isoformat() if day else None,
            "published_time": time.strftime("%H:%M") if time else None,
            "reporters": r["reporters"],
            "persons": r["persons"],
            "programmes": r["programmes"],
            "organisations": r["organisations"],
            "status": r["status"],
            "original_url": r["url"] or None,
            "sources": r["sources"],
        }
        if include_body:
            row["body"] = r["body"]
        yield row


# --- writers --------------------------------------------------------------------------------


class _Echo:
    """csv.writer wants a file; this one hands each formatted line straight back."""

    def write(self, value: str) -> str:
        return value


# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection): the
# scraped text is untrusted, so such a cell gets a leading apostrophe, which spreadsheets hide.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(column: str, value) -> str:
    if value is None:
        return ""
    if column == "sources":
        value = LIST_SEPARATOR.join(f"{s['file_name']} (sha256 {s['sha256']})" for s in value)
    elif isinstance(value, list):
        value = LIST_SEPARATOR.join(value)
    value = str(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def csv_chunks(
    rows: Iterable[dict], *, include_body: bool = False, columns: tuple[str, ...] = COLUMNS
) -> Iterator[str]:
    """UTF-8 CSV with a BOM (Excel then reads Korean correctly) and CRLF line ends.

    Lists (reporters, entities, sources) become one cell joined with ``"; "``.
    """
    columns = (*columns, "body") if include_body else columns
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(columns)
    for row in rows:
        yield writer.writerow([_csv_cell(c, row[c]) for c in columns])


def jsonl_chunks(rows: Iterable[dict]) -> Iterator[str]:
    """JSON Lines: one JSON object per line, Korean kept as it is."""
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def citation_chunks(fmt: str, items: Iterable[citations.Citable]) -> Iterator[str]:
    """RIS records, BibTeX entries or one CSL-JSON array, piece by piece."""
    if fmt == "ris":
        for i, c in enumerate(items):
            yield ("\r\n" if i else "") + citations.ris_record(c)
    elif fmt == "bibtex":
        for i, c in enumerate(items):
            yield ("\n" if i else "") + citations.bibtex_entry(c)
    else:
        yield from citations.csl_json_chunks(items)


# --- views ----------------------------------------------------------------------------------


def _started(items: Iterator) -> Iterator:
    # Start the result set before the first byte: a search that fails does so here, with a proper
    # status, rather than cutting off a file already sent as 200.
    first = next(items, None)
    return itertools.chain([] if first is None else [first], items)


@require_GET
def articles_export(request: HttpRequest):
    """``/api/articles/export/?format=csv|jsonl|ris|bibtex|csl-json`` plus the search parameters."""
    try:
        data = request_data(request)
        output = export_options_parse(data)
        search_request = search_request_parse(without(data, IGNORED_PARAMS))
    except SearchParamError as exc:
        return error_response(exc.param, exc.message)
    fmt, include_body, absolute_url = output.format, output.include_body, request.build_absolute_uri
    chunks: Iterator[str]
    if fmt in ("csv", "jsonl"):
        records = _started(
            articles_export_records(request=search_request, chunk_size=CHUNK_SIZE, include_body=include_body)
        )
        rows = export_rows(records, absolute_url=absolute_url, include_body=include_body)
        chunks = csv_chunks(rows, include_body=include_body) if fmt == "csv" else jsonl_chunks(rows)
    else:
        articles = _started(articles_export_stream(request=search_request, chunk_size=CHUNK_SIZE))
        accessed = citations.today_in_seoul()
        chunks = citation_chunks(
            fmt, (citations.citable(a, absolute_url=absolute_url, accessed=accessed) for a in articles)
        )
    return _streamed(chunks, fmt, "ai-policy-news")


def _blocks(chunks: Iterable[str], size: int = 64 * 1024) -> Iterator[bytes]:
    # One row is a few hundred bytes: sent one by one, each is a socket write of its own (a tenth of
    # the server's time under load at 100k). Blocks of ~64 KB keep the stream and cut the writes.
    block: list[str] = []
    length = 0
    for chunk in chunks:
        block.append(chunk)
        length += len(chunk)
        if length >= size:
            yield "".join(block).encode()
            block, length = [], 0
    if block:
        yield "".join(block).encode()


def _streamed(chunks: Iterator[str], fmt: str, name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_blocks(chunks), content_type=FORMATS[fmt].content_type)
    stamp = dt.datetime.now(SEOUL).strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{FORMATS[fmt].extension}"'
    return response


@require_GET
def quotes_export(request: HttpRequest):
    """``/api/quotes/export/?format=csv|jsonl`` plus the quote search's parameters: every quote of
    the search, streamed, one row each (``QuoteExportRow``)."""
    try:
        data = request_data(request)
        fmt = export_options_parse(data, formats=QUOTE_EXPORT_FORMATS).format
        search_request = quote_request_parse(without(data, IGNORED_PARAMS))
    except SearchParamError as exc:
        return error_response(exc.param, exc.message)
    quotes = _started(quotes_export_stream(request=search_request, chunk_size=CHUNK_SIZE))
    context = {"absolute_url": request.build_absolute_uri}
    rows = (QuoteExportRow.model_validate(q, context=context).model_dump(mode="json") for q in quotes)
    chunks = csv_chunks(rows, columns=QUOTE_COLUMNS) if fmt == "csv" else jsonl_chunks(rows)
    return _streamed(chunks, fmt, "ai-policy-news-quotes")


@require_GET
def article_cite(request: HttpRequest, pk: int, fmt: str):
    """``/articles/<id>/cite.ris|bib|json``: one article for a reference manager."""
    if fmt not in CITE_EXTENSIONS:
        return error_response(
            "format", f"인용 형식은 {', '.join(CITE_EXTENSIONS)} 중 하나입니다: {fmt!r}", status=404
        )
    merged = article_merged_into(pk=pk)
    if merged:
        return redirect("articles:cite", pk=merged, fmt=fmt, permanent=True)
    article = article_get(pk=pk)
    if article is None:
        return error_response("id", f"기사 {pk}를 찾을 수 없습니다.", status=404)
    export_format = CITE_EXTENSIONS[fmt]
    item = citations.citable(article, absolute_url=request.build_absolute_uri)
    response = HttpResponse(
        "".join(citation_chunks(export_format, [item])), content_type=FORMATS[export_format].content_type
    )
    # inline: a browser shows the text; Zotero's connector still recognises RIS by its MIME type.
    response["Content-Disposition"] = f'inline; filename="{item.key}.{fmt}"'
    return response


API_DOC = Path(settings.BASE_DIR) / "docs" / "api.md"


@cache
def _api_doc_html(mtime: float) -> str:
    from markdown_it import MarkdownIt

    # docs/api.md is ours, but raw HTML stays off anyway: the page shows only what Markdown makes.
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    return md.render(API_DOC.read_text(encoding="utf-8"))


@require_GET
def api_docs(request: HttpRequest):
    """docs/api.md as a page of the portal, so the examples are one click from working."""
    return render(
        request,
        "api/docs.html",
        {
            "doc_html": _api_doc_html(API_DOC.stat().st_mtime),
            "schema_url": reverse("articles:api-schema"),
            "explorer_url": reverse("articles:api-explorer"),
        },
    )
