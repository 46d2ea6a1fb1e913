"""The non-JSON outputs: export formats, citation files and the Atom feed, and their OpenAPI paths.

The views are plain Django views in ``portal.site`` (they stream files, redirect, render Atom), so
ninja does not generate their entries; :class:`portal.api.views.ArchiveAPI` adds the ones written
here to the generated document. ``tests/portal/api/test_openapi.py`` resolves every documented path
and runs schemathesis against them, so these entries cannot drift from the URLs or the answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from ninja.schema import NinjaGenerateJsonSchema

from articles.search.analyses import ANALYSES, Analysis
from articles.search.params import EXPORT_FORMATS, PARAM, QUOTE_EXPORT_FORMATS, QUOTE_PARAMS, names
from portal.api.parameters import export_parameters, openapi_parameter, openapi_parameters
from portal.api.schemas import ExportRowWithBody, QuoteExportRow


@dataclass(frozen=True)
class Format:
    content_type: str
    extension: str


FORMATS = dict(
    zip(
        EXPORT_FORMATS,
        (
            Format("text/csv; charset=utf-8", "csv"),
            Format("application/x-ndjson; charset=utf-8", "jsonl"),
            Format("application/x-research-info-systems; charset=utf-8", "ris"),
            Format("application/x-bibtex; charset=utf-8", "bib"),
            Format("application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
        ),
        strict=True,
    )
)
"""Each export format's media type and file extension, in the order of the ``format`` parameter."""

# The media type of each analysis file format (portal.site.analysis writes them).
ANALYSIS_MEDIA_TYPES = {
    "csv": "text/csv",
    "nodes-csv": "text/csv",
    "edges-csv": "text/csv",
    "json": "application/json",
    "gexf": "application/gexf+xml",
    "graphml": "application/graphml+xml",
}

# The file extensions of /articles/<id>/cite.<ext> and the export format each one means.
CITE_EXTENSIONS = {"ris": "ris", "bib": "bibtex", "json": "csl-json"}

ERROR = {"$ref": "#/components/responses/Error"}
NOT_FOUND = {"$ref": "#/components/responses/NotFound"}
TEXT = {"schema": {"type": "string"}}
CSL_JSON = {"schema": {"type": "array", "items": {"type": "object"}}}
ROW_SCHEMA = "ExportRow"
QUOTE_ROW_SCHEMA = "QuoteExportRow"


def _media_type(fmt: str) -> str:
    return FORMATS[fmt].content_type.split(";")[0]


def _content(formats: list[str]) -> dict:
    special = {"jsonl": {"schema": {"$ref": f"#/components/schemas/{ROW_SCHEMA}"}}, "csl-json": CSL_JSON}
    return {_media_type(fmt): special.get(fmt, TEXT) for fmt in formats}


def _analysis_export(analysis: Analysis) -> dict:
    search = [] if analysis.name == "compare" else openapi_parameters(exclude=names("sort", "paging"))
    return {
        "get": {
            "operationId": f"export{analysis.name.title()}Analysis",
            "summary": f"The {analysis.name} analysis of a search as a file, with its provenance inside",
            "description": f"Takes the parameters of `/api/analysis/{analysis.name}/` and `format`. The file "
            "carries the search parameters, the options, the archive's size, the method and its version, and "
            "nothing of the moment it was made: the same request on the same archive gives the same bytes.",
            "parameters": [
                {
                    "name": "format",
                    "in": "query",
                    "required": False,
                    "schema": {
                        "type": "string",
                        "enum": list(analysis.formats),
                        "default": analysis.formats[0],
                    },
                },
                *search,
                *(openapi_parameter(p) for p in analysis.params),
            ],
            "responses": {
                "200": {
                    "description": "The file (`Content-Disposition: attachment`).",
                    "content": {
                        ANALYSIS_MEDIA_TYPES[fmt]: {"schema": {"type": "object"}} if fmt == "json" else TEXT
                        for fmt in analysis.formats
                    },
                },
                "400": ERROR,
            },
        }
    }


def _quote_export() -> dict:
    fmt = openapi_parameter(PARAM["format"])
    fmt["schema"] = {**fmt["schema"], "enum": list(QUOTE_EXPORT_FORMATS)}
    fmt["description"] = "`csv` (UTF-8 with BOM, for Excel) or `jsonl` (JSON Lines)."
    return {
        "get": {
            "operationId": "exportQuotes",
            "summary": "Every quote of a quote search as a file, streamed, without a row limit",
            "description": "Takes the parameters of `/api/quotes/` (paging parameters are ignored).",
            "parameters": [fmt, *(openapi_parameter(p) for p in QUOTE_PARAMS if p.group != "paging")],
            "responses": {
                "200": {
                    "description": "The file (`Content-Disposition: attachment`).",
                    "content": {
                        _media_type("csv"): TEXT,
                        _media_type("jsonl"): {
                            "schema": {"$ref": f"#/components/schemas/{QUOTE_ROW_SCHEMA}"}
                        },
                    },
                },
                "400": ERROR,
            },
        }
    }


def paths() -> dict:
    """OpenAPI path items of the exports, the citation files and the feed."""
    return {
        "/api/quotes/export/": _quote_export(),
        "/api/articles/export/": {
            "get": {
                "operationId": "exportArticles",
                "summary": "The whole result set of a search as a file, streamed, without a row limit",
                "description": "Takes the search parameters of `/api/articles/` (paging parameters are ignored).",
                "parameters": export_parameters(),
                "responses": {
                    "200": {
                        "description": "The file (`Content-Disposition: attachment`).",
                        "content": _content(list(FORMATS)),
                    },
                    "400": ERROR,
                },
            }
        },
        **{f"/api/analysis/{a.name}/export/": _analysis_export(a) for a in ANALYSES.values()},
        "/articles/{id}/cite.{format}": {
            "get": {
                "operationId": "citeArticle",
                "summary": "One article as a citation: RIS, BibTeX or CSL-JSON",
                "parameters": [
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1},
                    },
                    {
                        "name": "format",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "enum": list(CITE_EXTENSIONS)},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "The citation.",
                        "content": _content(list(CITE_EXTENSIONS.values())),
                    },
                    "301": {"description": "The article was merged into another; its citation is there."},
                    "404": NOT_FOUND,
                },
            }
        },
        "/search/feed/": {
            "get": {
                "operationId": "searchFeed",
                "summary": "The 50 newest articles of a search as an Atom feed",
                "description": "Takes the search parameters of `/api/articles/`; always newest first.",
                "parameters": openapi_parameters(exclude=names("sort", "paging")),
                "responses": {
                    "200": {"description": "An Atom 1.0 feed.", "content": {"application/atom+xml": TEXT}},
                    "400": ERROR,
                },
            }
        },
    }


def components() -> tuple[dict, dict]:
    """The schemas (the JSON Lines row and what it refers to) and the shared error responses."""
    row = ExportRowWithBody.model_json_schema(
        ref_template="#/components/schemas/{model}",
        schema_generator=NinjaGenerateJsonSchema,
        mode="serialization",
    )
    schemas = row.pop("$defs", {})
    quote_row = QuoteExportRow.model_json_schema(
        ref_template="#/components/schemas/{model}",
        schema_generator=NinjaGenerateJsonSchema,
        mode="serialization",
    )
    schemas |= quote_row.pop("$defs", {})
    quote_row["title"] = QUOTE_ROW_SCHEMA
    schemas[QUOTE_ROW_SCHEMA] = quote_row
    row["title"] = ROW_SCHEMA
    row["required"] = [name for name in row["required"] if name != "body"]
    row["properties"]["body"]["description"] = "Only with `include_body=1`."
    responses = {
        "Error": {
            "description": "A parameter is invalid; `param` names it.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        },
        "NotFound": {
            "description": "No such published article.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        },
    }
    return schemas | {ROW_SCHEMA: row}, responses
