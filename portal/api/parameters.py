"""The search parameters of :mod:`articles.search.params` as OpenAPI parameter objects.

The API, the export and the feed document their query strings from here, so the document lists
exactly the parameters, types and limits the parser accepts.
"""

from __future__ import annotations

from collections.abc import Iterable

from articles.search.params import EXPORT_PARAMS, PARAMS, SearchParam, names

REPEATABLE = " Repeat the parameter for several values (OR); different filters AND."
# SearchParam attribute → JSON Schema keyword, for the keywords that are set only when given.
_KEYWORDS = {
    "format": "format",
    "pattern": "pattern",
    "minimum": "minimum",
    "maximum": "maximum",
    "max_length": "maxLength",
    "default": "default",
}


def openapi_parameter(param: SearchParam) -> dict:
    """One query parameter; a repeatable one is an exploded array (``person=a&person=b``)."""
    value: dict = {"type": param.type}
    value.update(
        {key: getattr(param, attr) for attr, key in _KEYWORDS.items() if getattr(param, attr) is not None}
    )
    if param.choices:
        value["enum"] = list(param.choices)
    example = int(param.example) if param.type == "integer" else param.example
    doc = {"name": param.name, "in": "query", "required": False, "description": param.description}
    if param.repeatable:
        value["minLength"] = 1
        return doc | {
            "description": param.description + REPEATABLE,
            "style": "form",
            "explode": True,
            "schema": {"type": "array", "items": value}
            | ({"maxItems": param.max_values} if param.max_values is not None else {}),
            "example": [example],
        }
    return doc | {"schema": value, "example": example}


def openapi_parameters(*, exclude: Iterable[str] = ()) -> list[dict]:
    """The search's parameters (all but ``exclude``) as OpenAPI parameter objects."""
    excluded = set(exclude)
    return [openapi_parameter(p) for p in PARAMS if p.name not in excluded]


def export_parameters() -> list[dict]:
    """The export's: its format options, then the search's without paging (a file has no pages)."""
    return [openapi_parameter(p) for p in EXPORT_PARAMS] + openapi_parameters(exclude=names("paging"))
