"""The OpenAPI 3 description of the archive's JSON API, written by hand and served at /api/schema/.

By hand because the API is small and its parameters (repeatable filters, the query language) are
better explained than inferred. tests/articles/test_openapi.py runs schemathesis against it, so a
request this document allows cannot end in a 500, and responses are checked against the schemas.
"""

from __future__ import annotations

from copy import deepcopy

from articles.search.selectors import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, SORTS
from portal.site.exports import COLUMNS, FORMATS

QUERY_LANGUAGE = """\
검색어 문법 (query language):

| 쓰기 | 뜻 |
|---|---|
| `배경훈 국가AI컴퓨팅센터` | 띄어 쓴 낱말은 모두 나와야 한다 (AND) |
| `하정우 OR 배경훈`, `하정우 \\| 배경훈` | 둘 중 하나 |
| `"독자 AI 파운데이션 모델"` | 따옴표 안은 그 순서 그대로 이어진 구절 |
| `LG -엑사원`, `-"소버린 AI"` | `-`를 붙인 낱말·구절이 나오는 기사는 뺀다 |
| `title:배경훈` | 제목에서만 찾는다 |
| `(하정우 OR 배경훈) 컴퓨팅센터` | 괄호로 묶는다 |

Every word is analysed with the same Kiwi morphological analyser as the articles, so particles and
endings do not matter (`배경훈이` finds `배경훈`), and names listed with a middle dot
(`배경훈·하정우`) are separate words. A query of exclusions only, or of particles only, is a 400."""


def _array_param(name: str, description: str, example: list[str], pattern: str | None = None) -> dict:
    items: dict = {"type": "string", "minLength": 1}
    if pattern:
        items["pattern"] = pattern
    return {
        "name": name,
        "in": "query",
        "description": description + " Repeat the parameter for several values (OR); different filters AND.",
        "required": False,
        "style": "form",
        "explode": True,
        "schema": {"type": "array", "items": items},
        "example": example,
    }


FILTER_PARAMETERS = [
    {
        "name": "q",
        "in": "query",
        "description": "Full-text query; see the query language above. Sorts by relevance unless `sort` says otherwise.",
        "required": False,
        "schema": {"type": "string", "maxLength": 500},
        "example": "하정우 국가AI컴퓨팅센터",
    },
    _array_param(
        "person", "A person, by Korean name or slug (`배경훈` or `bae-kyunghoon`).", ["bae-kyunghoon"]
    ),
    _array_param("programme", "A programme, by name or slug.", ["national-ai-computing-center"]),
    _array_param("organisation", "An organisation, by name or slug.", ["lg-ai-research"]),
    _array_param("outlet", "An outlet, by name or slug.", ["zdnet-korea"]),
    _array_param("reporter", "A reporter's name, exactly as in the byline.", ["장유미"]),
    _array_param(
        "month", "A month of publication, `YYYY-MM`.", ["2025-07"], pattern=r"^\d{4}-(0[1-9]|1[0-2])$"
    ),
    {
        "name": "from",
        "in": "query",
        "description": "Published on or after this date (inclusive).",
        "schema": {"type": "string", "format": "date"},
        "example": "2025-07-01",
    },
    {
        "name": "to",
        "in": "query",
        "description": "Published on or before this date (inclusive); not before `from`.",
        "schema": {"type": "string", "format": "date"},
        "example": "2025-08-31",
    },
    {
        "name": "sort",
        "in": "query",
        "description": "`relevance` (the default with `q`), `newest` (the default without) or `oldest`.",
        "schema": {"type": "string", "enum": list(SORTS)},
    },
]

PAGING_PARAMETERS = [
    {
        "name": "page",
        "in": "query",
        "description": "Page number, from 1.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100000, "default": 1},
    },
    {
        "name": "page_size",
        "in": "query",
        "description": f"Results per page, 1 to {MAX_PAGE_SIZE}.",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
    },
]

EXPORT_PARAMETERS = [
    {
        "name": "format",
        "in": "query",
        "description": (
            "`csv` (UTF-8 with BOM, for Excel), `jsonl` (JSON Lines), `ris`, `bibtex` (biblatex "
            "`@article` with `entrysubtype = {newspaper}`) or `csl-json`."
        ),
        "schema": {"type": "string", "enum": list(FORMATS), "default": "csv"},
    },
    {
        "name": "include_body",
        "in": "query",
        "description": "`1` adds the article text (`body`) to CSV and JSON Lines.",
        "schema": {"type": "string", "enum": ["0", "1"], "default": "0"},
    },
]

NULLABLE_STRING = {"type": "string", "nullable": True}
STRINGS = {"type": "array", "items": {"type": "string"}}
# Where an article came from, as both the detail endpoint and the export describe it.
SOURCE_PROPERTIES = {
    "file_name": {"type": "string"},
    "sha256": {"type": "string"},
    "format": {"type": "string"},
    "position": {"type": "integer"},
}
ERROR_RESPONSE = {"$ref": "#/components/responses/Error"}

COMPONENTS = {
    "schemas": {
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["param", "message"],
                    "properties": {
                        "param": {
                            "type": "string",
                            "description": "The parameter at fault.",
                            "example": "sort",
                        },
                        "message": {"type": "string", "description": "What is wrong, in Korean."},
                    },
                }
            },
        },
        "Outlet": {
            "type": "object",
            "required": ["name", "slug"],
            "properties": {"name": {"type": "string"}, "slug": {"type": "string"}},
        },
        "ArticleSummary": {
            "type": "object",
            "required": [
                "id",
                "url",
                "title",
                "outlet",
                "published_date",
                "published_at",
                "reporters",
                "persons",
                "programmes",
                "organisations",
                "snippet",
                "source_url",
            ],
            "properties": {
                "id": {"type": "integer"},
                "url": {"type": "string", "description": "The article's page in the archive (path)."},
                "title": {"type": "string"},
                "outlet": {"$ref": "#/components/schemas/Outlet"},
                "published_date": {"type": "string", "format": "date", "nullable": True},
                "published_at": {
                    "type": "string",
                    "format": "date-time",
                    "nullable": True,
                    "description": "Date and time in Seoul time, when the source gave a time.",
                },
                "reporters": STRINGS,
                "persons": STRINGS,
                "programmes": STRINGS,
                "organisations": STRINGS,
                "snippet": {"type": "string", "description": "HTML: escaped text, matches in `<mark>`."},
                "source_url": {"type": "string", "nullable": True, "description": "The outlet's own URL."},
            },
        },
        "Facets": {
            "type": "object",
            "description": "Counts per value; each facet counts with every filter but its own.",
            "properties": {
                name: {"type": "array", "items": {"$ref": f"#/components/schemas/{ref}"}}
                for name, ref in (
                    ("person", "NamedCount"),
                    ("programme", "NamedCount"),
                    ("outlet", "NamedCount"),
                    ("reporter", "NamedCount"),
                    ("month", "MonthCount"),
                )
            },
        },
        "NamedCount": {
            "type": "object",
            "required": ["name", "count"],
            "properties": {
                "name": {"type": "string"},
                "slug": {"type": "string"},
                "count": {"type": "integer"},
            },
        },
        "MonthCount": {
            "type": "object",
            "required": ["value", "count"],
            "properties": {"value": {"type": "string", "example": "2025-07"}, "count": {"type": "integer"}},
        },
        "SearchPage": {
            "type": "object",
            "required": ["count", "page", "page_size", "num_pages", "results", "facets"],
            "properties": {
                "count": {"type": "integer", "description": "Matching articles in all pages."},
                "page": {"type": "integer"},
                "page_size": {"type": "integer"},
                "num_pages": {"type": "integer"},
                "results": {"type": "array", "items": {"$ref": "#/components/schemas/ArticleSummary"}},
                "facets": {"$ref": "#/components/schemas/Facets"},
            },
        },
        "ArticleDetail": {
            "type": "object",
            "required": ["id", "url", "title", "outlet", "body", "status", "tags", "sources"],
            "properties": {
                "id": {"type": "integer"},
                "url": {"type": "string"},
                "title": {"type": "string"},
                "subtitle": {"type": "string"},
                "outlet": {"$ref": "#/components/schemas/Outlet"},
                "published_date": {"type": "string", "format": "date", "nullable": True},
                "published_at": {"type": "string", "format": "date-time", "nullable": True},
                "reporters": STRINGS,
                "persons": STRINGS,
                "programmes": STRINGS,
                "organisations": STRINGS,
                "source_url": NULLABLE_STRING,
                "body": {"type": "array", "items": {"type": "string"}, "description": "Paragraphs."},
                "language": {"type": "string", "example": "ko"},
                "status": {"type": "string", "example": "published"},
                "tags": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "name": {"type": "string"},
                            "slug": {"type": "string"},
                            "kind": {"type": "string", "enum": ["person", "programme", "organisation"]},
                            "mentions": {"type": "integer"},
                        },
                    },
                },
                "sources": {
                    "type": "array",
                    "description": "The raw files the article was ingested from (provenance).",
                    "items": {
                        "type": "object",
                        "properties": SOURCE_PROPERTIES
                        | {"ingested_at": {"type": "string", "format": "date-time"}},
                    },
                },
            },
        },
        "ExportRow": {
            "type": "object",
            "description": (
                "One line of the JSON Lines export; the CSV has the same columns, lists joined with "
                "`; ` and sources written `file (sha256 …)`."
            ),
            "required": list(COLUMNS),
            "properties": {
                "id": {"type": "integer"},
                "permalink": {"type": "string", "format": "uri"},
                "title": {"type": "string"},
                "outlet": {"type": "string"},
                "published_date": {"type": "string", "format": "date", "nullable": True},
                "published_time": {"type": "string", "example": "09:30", "nullable": True},
                "reporters": STRINGS,
                "persons": STRINGS,
                "programmes": STRINGS,
                "organisations": STRINGS,
                "status": {"type": "string"},
                "original_url": NULLABLE_STRING,
                "sources": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": SOURCE_PROPERTIES,
                    },
                },
                "body": {"type": "string", "description": "Only with `include_body=1`."},
            },
        },
    },
    "responses": {
        "Error": {
            "description": "A parameter is invalid; `param` names it.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        },
        "NotFound": {
            "description": "No such published article.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        },
    },
}

TEXT = {"schema": {"type": "string"}}

PATHS = {
    "/api/articles/": {
        "get": {
            "operationId": "searchArticles",
            "summary": "Search the archive: one page of articles, the total and the facets",
            "parameters": FILTER_PARAMETERS + PAGING_PARAMETERS,
            "responses": {
                "200": {
                    "description": "A page of results.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchPage"}}},
                },
                "400": ERROR_RESPONSE,
            },
        }
    },
    "/api/articles/{id}/": {
        "get": {
            "operationId": "getArticle",
            "summary": "One article with its full text, tags and provenance",
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
            ],
            "responses": {
                "200": {
                    "description": "The article.",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/ArticleDetail"}}
                    },
                },
                "404": {"$ref": "#/components/responses/NotFound"},
            },
        }
    },
    "/api/articles/export/": {
        "get": {
            "operationId": "exportArticles",
            "summary": "The whole result set of a search as a file, streamed, without a row limit",
            "description": "Takes the search parameters of `/api/articles/` (paging parameters are ignored).",
            "parameters": EXPORT_PARAMETERS + FILTER_PARAMETERS,
            "responses": {
                "200": {
                    "description": "The file (`Content-Disposition: attachment`).",
                    "content": {
                        "text/csv": TEXT,
                        "application/x-ndjson": {"schema": {"$ref": "#/components/schemas/ExportRow"}},
                        "application/x-research-info-systems": TEXT,
                        "application/x-bibtex": TEXT,
                        "application/vnd.citationstyles.csl+json": {
                            "schema": {"type": "array", "items": {"type": "object"}}
                        },
                    },
                },
                "400": ERROR_RESPONSE,
            },
        }
    },
    "/articles/{id}/cite.{format}": {
        "get": {
            "operationId": "citeArticle",
            "summary": "One article as a citation: RIS, BibTeX or CSL-JSON",
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}},
                {
                    "name": "format",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "enum": ["ris", "bib", "json"]},
                },
            ],
            "responses": {
                "200": {
                    "description": "The citation.",
                    "content": {
                        "application/x-research-info-systems": TEXT,
                        "application/x-bibtex": TEXT,
                        "application/vnd.citationstyles.csl+json": {
                            "schema": {"type": "array", "items": {"type": "object"}}
                        },
                    },
                },
                "301": {"description": "The article was merged into another; its citation is there."},
                "404": {"$ref": "#/components/responses/NotFound"},
            },
        }
    },
    "/search/feed/": {
        "get": {
            "operationId": "searchFeed",
            "summary": "The 50 newest articles of a search as an Atom feed",
            "description": "Takes the search parameters of `/api/articles/`; always newest first.",
            "parameters": [p for p in FILTER_PARAMETERS if p["name"] != "sort"],
            "responses": {
                "200": {"description": "An Atom 1.0 feed.", "content": {"application/atom+xml": TEXT}},
                "400": ERROR_RESPONSE,
            },
        }
    },
}

SCHEMA = {
    "openapi": "3.0.3",
    "info": {
        "title": "AI 정책 뉴스 아카이브 API",
        "version": "1",
        "description": (
            "Read-only JSON API of an open research archive of Korean AI-policy news: search, "
            "articles, exports, citations and feeds. No key, no rate limit beyond courtesy. "
            "Human documentation with working examples: [/api/docs/](/api/docs/).\n\n" + QUERY_LANGUAGE
        ),
        "license": {"name": "MIT"},
    },
    "servers": [{"url": "/"}],
    "paths": PATHS,
    "components": COMPONENTS,
}


def openapi_schema() -> dict:
    """The OpenAPI document (a copy: callers may annotate it)."""
    return deepcopy(SCHEMA)
