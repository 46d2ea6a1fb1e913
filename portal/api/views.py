"""The JSON API researchers script against, on django-ninja. Thin: parse, call the selector, return
the schema; ninja serialises it and generates the OpenAPI document from the same schemas.

Parameters are parsed by :func:`articles.search.request.search_request_parse`, not by ninja, so the
API accepts and refuses exactly what the search page, exports and feeds do, with the same 400s;
the document lists them from the same definitions (``openapi_extra``).
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path, reverse
from django.views.decorators.http import require_GET
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.openapi.docs import Swagger
from ninja.openapi.schema import OpenAPISchema
from ninja.renderers import JSONRenderer
from pydantic import WithJsonSchema

from articles.search.params import SearchParamError, request_data
from articles.search.request import search_request_parse
from articles.selectors.articles import article_get
from articles.selectors.search import articles_search
from portal.api import analysis, outputs, quotes
from portal.api.errors import error_response
from portal.api.parameters import openapi_parameters
from portal.api.schemas import ArticleDetail, Error, SearchPage

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

DESCRIPTION = (
    "Read-only JSON API of an open research archive of Korean AI-policy news: search, articles, "
    "exports, citations and feeds. No key. Per-client rate limits (by default 120 calls per 60 s for the API and "
    "citations, 10 exports per 60 s with at most 2 streaming at once): over a limit the answer is a "
    "429 with Retry-After (seconds) and RateLimit-Limit / RateLimit-Remaining / RateLimit-Reset "
    "headers; a script should sleep for Retry-After and go on. Human documentation with "
    "working examples: [/api/docs/](/api/docs/).\n\n" + QUERY_LANGUAGE
)


# Documented from 1 so generated requests stay on the URL pattern; 0 is accepted and a 404.
ArticleId = Annotated[int, WithJsonSchema({"type": "integer", "minimum": 1})]


class KoreanJSONRenderer(JSONRenderer):
    """JSON with Korean written as it is, as the API has always answered."""

    json_dumps_params = {"ensure_ascii": False}


class ArchiveAPI(NinjaAPI):
    """NinjaAPI plus the plain views' entries (:mod:`portal.api.outputs`) in its OpenAPI document."""

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        """ninja's generated document, with the export, citation and feed entries added."""
        schema = super().get_openapi_schema(**kwargs)
        schema["paths"].update(outputs.paths())
        schemas, responses = outputs.components()
        schema.add_schema_definitions(schemas)
        schema["components"]["responses"] = responses
        return schema

    def get_content_type(self) -> str:
        # As before ninja: JSON is UTF-8 by definition (RFC 8259), the parameter adds nothing.
        return self.renderer.media_type or "application/json"


api = ArchiveAPI(
    title="AI 정책 뉴스 아카이브 API",
    version="1",
    description=DESCRIPTION,
    # The schema and the interactive docs are served by the views below, under today's URL names.
    openapi_url=None,
    docs_url=None,
    servers=[{"url": "/"}],
    urls_namespace="articles",
    renderer=KoreanJSONRenderer(),
    openapi_extra={"info": {"license": {"name": "MIT"}}},
)


api.add_router("/analysis/", analysis.router)
api.add_router("/quotes/", quotes.router)


@api.exception_handler(SearchParamError)
def _invalid_parameter(request: HttpRequest, exc: SearchParamError) -> HttpResponse:
    return error_response(exc.param, exc.message)


@api.exception_handler(ValidationError)
def _invalid_path(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    # Ninja validates only path parameters here (the query goes through search_params_parse);
    # its 422 would be a second error shape, so the first error becomes our 400.
    first = exc.errors[0]
    return error_response(str(first["loc"][-1]), str(first["msg"]))


@api.get(
    "/articles/",
    response={200: SearchPage, 400: Error},
    url_name="api-list",
    operation_id="searchArticles",
    summary="Search the archive: one page of articles, the total and the facets",
    openapi_extra={"parameters": openapi_parameters()},
)
def articles_list(request: HttpRequest) -> dict:
    """`/api/articles/?q=…&person=…`: one page of results with the total and the facets."""
    search_request = search_request_parse(request_data(request))
    result = articles_search(request=search_request)
    return {
        "count": result.count,
        "page": search_request.page,
        "page_size": search_request.page_size,
        "num_pages": result.num_pages,
        "results": result.articles,
        "facets": result.facets,
    }


@api.get(
    "/articles/{int:id}/",
    response={200: ArticleDetail, 404: Error},
    url_name="api-detail",
    operation_id="getArticle",
    summary="One article with its full text, tags, quotes and provenance",
)
def article_detail(request: HttpRequest, id: ArticleId) -> Any:
    """`/api/articles/<id>/`: one published article; 404 for an unknown or hidden one."""
    article = article_get(pk=id, quotes=True)
    if article is None:
        return error_response("id", f"기사 {id}를 찾을 수 없습니다.", status=404)
    return article


@require_GET
def api_schema(request: HttpRequest) -> JsonResponse:
    """The OpenAPI 3 description of the API, the export, the citations and the feed, as JSON."""
    schema = api.get_openapi_schema()
    return JsonResponse(schema, json_dumps_params={"ensure_ascii": False, "indent": 2})


class _Explorer(Swagger):
    """ninja's Swagger UI, served from this site's static files (no CDN), reading ``/api/schema/``."""

    def get_openapi_url(self, api: NinjaAPI, path_params: dict) -> str:
        return reverse("articles:api-schema")


_explorer = _Explorer(settings={"defaultModelsExpandDepth": 0})


@require_GET
def api_explorer(request: HttpRequest) -> HttpResponse:
    """Every endpoint of the OpenAPI document, to try in the browser."""
    return _explorer.render_page(request, api)


# Mounted at /api/ inside the `articles` namespace, so the names are `articles:api-list`, … as before
# ninja. Its own schema and docs URLs are off (above): these two views keep today's URL names.
urlpatterns = [
    path("schema/", api_schema, name="api-schema"),
    path("explorer/", api_explorer, name="api-explorer"),
    *api.urls[0],
]
