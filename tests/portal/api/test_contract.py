"""The one definition of the search parameters and of an article's fields, and what reads it: every
parameter and error of the API as before, the generated document listing exactly the parameters
of articles/search/params.py, exports written from the schema, and docs that load nothing remote."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.http import QueryDict

from articles.models import Article
from articles.search.links import SearchLinks
from articles.search.params import (
    EXPORT_FORMATS,
    EXPORT_PARAMS,
    FACETS,
    FILTERS,
    PARAMS,
    names,
)
from articles.search.request import SearchFilterSet, SearchRequest
from articles.selectors.search_page import pagination
from portal.api.outputs import FORMATS
from portal.api.schemas import COLUMNS, Facets

pytestmark = pytest.mark.django_db

API = "/api/articles/"

# One valid value per parameter; each must be accepted on its own.
VALID = {
    "q": "배경훈",
    "person": "bae-kyunghoon",
    "programme": "국가AI컴퓨팅센터",
    "organisation": "lg-ai-research",
    "outlet": "지디넷코리아",
    "reporter": "장유미",
    "month": "2025-06",
    "from": "2025-06-01",
    "to": "2025-06-30",
    "sort": "oldest",
    "page": "2",
    "page_size": "5",
}


def test_every_parameter_has_a_valid_example_here():
    assert set(VALID) == {p.name for p in PARAMS}


@pytest.mark.parametrize("name", list(VALID))
def test_each_parameter_is_accepted(client, name):
    response = client.get(API, {name: VALID[name]})
    assert response.status_code == 200, response.content.decode()
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("name", ["person", "programme", "organisation", "outlet", "reporter", "month"])
def test_repeatable_parameters_take_several_values(client, name):
    second = {"person": "하정우", "outlet": "zdnet-korea", "month": "2025-07", "reporter": "한정호"}
    values = [VALID[name], second.get(name, VALID[name])]
    assert client.get(API, {name: values}).status_code == 200


@pytest.mark.parametrize(
    ("params", "param", "message"),
    [
        ({"page": "abc"}, "page", "page는 1 이상의 정수여야 합니다: 'abc'"),
        ({"page": "0"}, "page", "page는 1 이상의 정수여야 합니다: '0'"),
        ({"page": "100001"}, "page", "page는 100000 이하여야 합니다: '100001'"),
        ({"page_size": "101"}, "page_size", "page_size는 100 이하여야 합니다: '101'"),
        ({"sort": "random"}, "sort", "sort는 relevance, newest, oldest 중 하나여야 합니다: 'random'"),
        ({"person": "아무개"}, "person", "person: 알 수 없는 인물: 아무개"),
        ({"programme": "nothing"}, "programme", "programme: 알 수 없는 정책·사업: nothing"),
        ({"organisation": "nothing"}, "organisation", "organisation: 알 수 없는 기관: nothing"),
        ({"outlet": "nothing"}, "outlet", "outlet: 알 수 없는 매체: nothing"),
        ({"month": "2025-6"}, "month", "month: 월은 YYYY-MM 형식이어야 합니다: 2025-6"),
        ({"month": "0000-01"}, "month", "month: 월은 YYYY-MM 형식이어야 합니다: 0000-01"),
        ({"from": "2025-07-01", "to": "2025-06-01"}, "from", "from 날짜가 to 날짜보다 늦습니다."),
        ({"reporter": "장\x00유미"}, "reporter", "reporter에 쓸 수 없는 문자(NUL)가 있습니다."),
        # The NUL check runs first, over every parameter, known or not.
        ({"utm": "x\x00", "page": "0"}, "utm", "utm에 쓸 수 없는 문자(NUL)가 있습니다."),
        # Filters are checked in the order they are defined, the first error reported.
        ({"month": "x", "person": "아무개"}, "person", "person: 알 수 없는 인물: 아무개"),
    ],
)
def test_errors_name_the_parameter_with_the_same_message(client, params, param, message):
    response = client.get(API, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": {"param": param, "message": message}}


@pytest.mark.parametrize(("name", "value"), [("from", "2025-13-01"), ("to", "06/24/2025"), ("q", '"배경훈')])
def test_date_and_query_errors_are_400s_on_the_parameter(client, name, value):
    response = client.get(API, {name: value})
    assert response.status_code == 400
    assert response.json()["error"]["param"] == name


@pytest.mark.parametrize(
    ("params", "param", "message"),
    [
        (
            {"format": "xlsx"},
            "format",
            "format은 csv, jsonl, ris, bibtex, csl-json 중 하나여야 합니다: 'xlsx'",
        ),
        ({"include_body": "maybe"}, "include_body", "include_body는 1 또는 0이어야 합니다: 'maybe'"),
        ({"format": "xlsx", "person": "아무개"}, "format", None),  # the format is checked first
    ],
)
def test_export_options_errors(client, params, param, message):
    response = client.get("/api/articles/export/", params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["param"] == param
    assert message is None or error["message"] == message


def test_detail_statuses(client):
    article = Article.objects.readable().first()
    assert client.get(f"/api/articles/{article.pk}/").status_code == 200
    missing = client.get("/api/articles/999999/")
    assert missing.status_code == 404
    assert missing.json() == {"error": {"param": "id", "message": "기사 999999를 찾을 수 없습니다."}}
    assert client.get("/api/articles/0/").status_code == 404


@pytest.mark.parametrize("url", [API, "/api/articles/1/"])
def test_only_get(client, url):
    assert client.post(url).status_code == 405


def test_korean_is_written_as_it_is(client):
    assert "배경훈".encode() in client.get(API, {"q": "배경훈"}).content


# --- one definition, read everywhere -----------------------------------------------------------


def test_the_filterset_has_exactly_the_defined_filters_in_order():
    assert list(SearchFilterSet.base_filters) == [p.name for p in FILTERS]


def test_facets_and_formats_follow_the_definitions():
    assert tuple(Facets.model_fields) == FACETS
    assert tuple(FORMATS) == EXPORT_FORMATS


def test_export_columns_keep_their_public_order():
    # The schema's field order is the CSV's column order, which scripts and docs/api.md rely on.
    assert COLUMNS == (
        "id", "permalink", "title", "outlet", "published_date", "published_time", "reporters",
        "persons", "programmes", "organisations", "status", "original_url", "sources",
    )  # fmt: skip


def _parameters(document: dict, path: str) -> dict[str, dict]:
    return {p["name"]: p for p in document["paths"][path]["get"]["parameters"] if p["in"] == "query"}


def test_the_generated_document_lists_every_parameter_as_defined(client):
    document = client.get("/api/schema/").json()
    expected = {
        "/api/articles/": [p.name for p in PARAMS],
        "/api/articles/export/": [p.name for p in EXPORT_PARAMS]
        + [p.name for p in PARAMS if p.group != "paging"],
        "/search/feed/": [p.name for p in PARAMS if p.name not in names("sort", "paging")],
    }
    by_name = {p.name: p for p in (*PARAMS, *EXPORT_PARAMS)}
    for path, wanted in expected.items():
        documented = _parameters(document, path)
        assert list(documented) == wanted, path
        for name, doc in documented.items():
            param = by_name[name]
            assert doc["description"].startswith(param.description)
            assert (doc["schema"]["type"] == "array") == param.repeatable, name
            value = doc["schema"]["items"] if param.repeatable else doc["schema"]
            assert value["type"] == param.type
            assert value.get("enum", []) == list(param.choices)
            assert (value.get("minimum"), value.get("maximum")) == (param.minimum, param.maximum)


def test_the_document_describes_the_responses_with_the_schemas(client):
    document = client.get("/api/schema/").json()
    schemas = document["components"]["schemas"]
    assert set(schemas["ArticleSummary"]["properties"]) >= {"id", "url", "snippet", "source_url"}
    assert list(schemas["ExportRow"]["properties"]) == [*COLUMNS, "body"]
    assert "body" not in schemas["ExportRow"]["required"]
    listing = document["paths"]["/api/articles/"]["get"]["responses"]
    assert set(listing) == {"200", "400"}


# --- docs without a CDN ------------------------------------------------------------------------


def _loaded_urls(html: bytes) -> list[str]:
    soup = BeautifulSoup(html, "lxml")
    return [tag.get("src") or tag.get("href") for tag in soup.select("script[src], link[href], img[src]")]


@pytest.mark.parametrize("url", ["/api/docs/", "/api/explorer/"])
def test_docs_pages_load_nothing_from_another_site(client, url, settings):
    response = client.get(url)
    assert response.status_code == 200
    loaded = _loaded_urls(response.content)
    assert loaded
    for src in loaded:
        assert not src.startswith(("http:", "https:", "//")), src
        if src.startswith(settings.STATIC_URL):
            assert finders.find(src.removeprefix(settings.STATIC_URL)), src


def test_the_explorer_reads_the_schema_url(client):
    html = client.get("/api/explorer/").content.decode()
    assert '"url": "/api/schema/"' in html
    guide = BeautifulSoup(client.get("/api/docs/").content, "lxml")
    assert guide.select_one('a[href="/api/explorer/"]')


# --- page window -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "count", "window"),
    [
        (1, 40, [1, 2]),
        (1, 200, [1, 2, 3, None, 10]),
        (5, 200, [1, 2, 3, 4, 5, 6, 7, None, 10]),
        (7, 200, [1, None, 5, 6, 7, 8, 9, 10]),
        (10, 200, [1, None, 8, 9, 10]),
        (12, 200, [1, None, 8, 9, 10]),  # beyond the last page: the end of the window, none current
    ],
)
def test_the_page_window(page, count, window):
    request = SearchRequest(page=page, page_size=20)
    result = pagination(SearchLinks(QueryDict(f"page={page}")), request, count)
    assert [item and item["number"] for item in result["items"]] == window
    current = [item["number"] for item in result["items"] if item and item["current"]]
    assert current == ([page] if page <= 10 else [])
    assert (result["next"] is None) == (page >= count // 20)
