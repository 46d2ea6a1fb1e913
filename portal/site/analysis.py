"""The analysis pages (분석: attention, associated words, the co-mention network; 비교: compared
searches) and the analyses' files. Thin: parse, call a selector, render or write.

Every file carries what it was made from: the search parameters, the analysis's options, the
archive's size, the method and its version; and nothing of the moment it was made, so the same
request on the same archive gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_GET

from articles.search.analyses import (
    ANALYSES,
    COMPARE,
    NETWORK,
    PAGE,
    WORDS,
    Analysis,
    analysis_options_parse,
    compared_parse,
    export_format_parse,
)
from articles.search.params import SearchParamError, request_data, without
from articles.selectors.analysis_page import analysis_page, compare_page
from articles.selectors.search import archive_span
from portal.api.analysis import IGNORED, analysis_run, search_and_options
from portal.api.errors import error_response
from portal.api.outputs import ANALYSIS_MEDIA_TYPES
from portal.site.network import GraphMeta, gexf, graphml, network_svg

_EXTENSIONS = {"nodes-csv": "nodes.csv", "edges-csv": "edges.csv"}


@require_GET
def analysis(request: HttpRequest):
    """``/analysis/?<search parameters>``: attention, associated words and the network of one search."""
    try:
        search_request, options = search_and_options(request_data(request), PAGE)
    except SearchParamError as exc:
        return render(
            request, "analysis/page.html", {"error": exc, "q": request.GET.get("q", "")}, status=400
        )
    page = analysis_page(search_request, options)
    svg = network_svg(page.network, title=f"‘{search_request.q}’ 관계도" if search_request.q else "관계도")
    return render(request, "analysis/page.html", {"page": page, "network_svg": svg, "q": search_request.q})


@require_GET
def compare(request: HttpRequest):
    """``/analysis/compare/?search=…&search=…&label=…``: up to five searches side by side."""
    data = request_data(request)
    try:
        options = analysis_options_parse(COMPARE, data)
        compared = compared_parse(data) if data.getlist("search") else []
    except SearchParamError as exc:
        return render(request, "analysis/compare.html", {"error": exc, "raw": _raw_rows(data)}, status=400)
    page = compare_page(compared, options) if compared else None
    return render(request, "analysis/compare.html", {"page": page, "raw": _raw_rows(data)})


def _raw_rows(data: QueryDict) -> list[tuple[str, str]]:
    """The comparison's searches and labels as typed, for the form to show again."""
    searches, labels = data.getlist("search"), data.getlist("label")
    return [(s, labels[i] if i < len(labels) else "") for i, s in enumerate(searches)]


# --- files ---------------------------------------------------------------------------------------


def _meta(analysis: Analysis, data: QueryDict) -> dict[str, Any]:
    params = without(data, (*IGNORED, "format"))
    return {
        "analysis": analysis.name,
        "method": analysis.method,
        "version": analysis.version,
        "parameters": {key: params.getlist(key) for key in sorted(params)},
        "archive_articles": archive_span()[0],
    }


def _csv(meta: dict[str, Any], header: list[str], rows: list[list[Any]]) -> str:
    """UTF-8 CSV with a BOM (Excel reads Korean then), CRLF line ends, and the file's provenance in
    leading ``#`` lines (pandas: ``read_csv(..., comment="#")``)."""
    out = io.StringIO()
    for key, value in meta.items():
        out.write(f"# {key}: {json.dumps(value, ensure_ascii=False, sort_keys=True)}\r\n")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return "\ufeff" + out.getvalue()


def _json(meta: dict[str, Any], answer: dict[str, Any]) -> str:
    body = {"meta": meta, **answer}
    return json.dumps(body, ensure_ascii=False, indent=2, sort_keys=False, cls=DjangoJSONEncoder) + "\n"


def _share(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}"


def _rows(analysis: Analysis, fmt: str, result: Any) -> tuple[list[str], list[list[Any]]]:
    if analysis is WORDS:
        return (
            ["rank", "word", "label", "matched", "total", "score"],
            [
                [i, w.word, w.label, w.matched, w.total, f"{w.score:.4f}"]
                for i, w in enumerate(result.words, 1)
            ],
        )
    if analysis is NETWORK and fmt == "nodes-csv":
        return (
            ["id", "name", "kind", "slug", "count", "url"],
            [[n.id, n.name, n.kind, n.slug, n.count, n.url] for n in result.nodes],
        )
    if analysis is NETWORK:
        return (
            ["source", "target", "source_name", "target_name", "count"],
            [[e.source.id, e.target.id, e.source.name, e.target.name, e.count] for e in result.edges],
        )
    if analysis is COMPARE:
        header = ["start", "end"]
        for s in result.searches:
            header += [f"{s.label} count", f"{s.label} total", f"{s.label} share"]
        rows = []
        for i, bucket in enumerate(result.searches[0].attention.buckets if result.searches else []):
            row: list[Any] = [bucket.start.isoformat(), bucket.end.isoformat()]
            for s in result.searches:
                b = s.attention.buckets[i]
                row += [b.count, b.total, _share(b.share)]
            rows.append(row)
        return header, rows
    return (
        ["start", "end", "count", "total", "share"],
        [[b.start.isoformat(), b.end.isoformat(), b.count, b.total, _share(b.share)] for b in result.buckets],
    )


@require_GET
def analysis_export(request: HttpRequest, name: str):
    """``/api/analysis/<name>/export/?format=…&<parameters>``: one analysis as a file."""
    analysis = ANALYSES.get(name)
    if analysis is None:
        return error_response("name", f"알 수 없는 분석입니다: {name!r}", status=404)
    try:
        data = request_data(request)
        fmt = export_format_parse(analysis, data)
        result, answer = analysis_run(analysis, data)
    except SearchParamError as exc:
        return error_response(exc.param, exc.message)
    meta = _meta(analysis, data)
    if fmt == "json":
        body = _json(meta, answer)
    elif fmt in ("gexf", "graphml"):
        description = json.dumps(meta, ensure_ascii=False, sort_keys=True)
        body = (gexf if fmt == "gexf" else graphml)(result, GraphMeta(description))
    else:
        body = _csv(meta, *_rows(analysis, fmt, result))
    response = HttpResponse(body.encode(), content_type=f"{ANALYSIS_MEDIA_TYPES[fmt]}; charset=utf-8")
    extension = _EXTENSIONS.get(fmt, fmt)
    response["Content-Disposition"] = f'attachment; filename="analysis-{analysis.name}.{extension}"'
    return response
