"""A repeatable filter takes at most MAX_VALUES values in one request: the search page links every
chosen value to the search without it, so a thousand reporters built a thousand links of a
thousand values each (seconds of work, megabytes of HTML; found by tests/fuzz)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from articles.search.params import FILTERS, MAX_VALUES

pytestmark = pytest.mark.django_db

REPEATABLE = [p.name for p in FILTERS if p.repeatable]


def reporters(n: int) -> str:
    return urlencode([("reporter", f"기자{i}") for i in range(n)])


@pytest.mark.parametrize("name", REPEATABLE)
def test_every_repeatable_filter_has_the_limit(name):
    assert next(p for p in FILTERS if p.name == name).max_values == MAX_VALUES


@pytest.mark.parametrize("path", ["/api/articles/", "/search/feed/", "/api/articles/export/"])
def test_one_value_too_many_is_a_400_naming_the_filter(client, path):
    response = client.get(f"{path}?{reporters(MAX_VALUES + 1)}")
    assert response.status_code == 400
    assert response.json()["error"] == {
        "param": "reporter",
        "message": f"reporter 값은 한 번에 {MAX_VALUES}개까지 줄 수 있습니다 ({MAX_VALUES + 1}개).",
    }


def test_the_search_page_says_so(client):
    response = client.get(f"/search/?{reporters(MAX_VALUES + 1)}")
    assert response.status_code == 400
    assert f"한 번에 {MAX_VALUES}개까지" in response.content.decode()


def test_up_to_the_limit_is_a_search(client):
    # 49 unknown reporters and 한정호, who wrote demo articles: values of one filter are OR.
    query = reporters(MAX_VALUES - 1) + "&" + urlencode({"reporter": "한정호"})
    assert client.get(f"/search/?{query}").status_code == 200
    response = client.get(f"/api/articles/?{query}")
    assert response.status_code == 200
    assert (
        response.json()["count"] == client.get("/api/articles/", {"reporter": "한정호"}).json()["count"] > 0
    )


def test_the_limit_is_documented(client):
    schema = client.get("/api/schema/").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/articles/"]["get"]["parameters"]}
    for name in REPEATABLE:
        assert parameters[name]["schema"]["maxItems"] == MAX_VALUES
