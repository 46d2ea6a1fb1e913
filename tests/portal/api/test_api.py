"""The JSON API: shape, filters, disjunctive facets, date edges and the 400s."""

from __future__ import annotations

import pytest

from articles.models import Article

pytestmark = pytest.mark.django_db


def get(client, **params):
    response = client.get("/api/articles/", params)
    assert response["Content-Type"].startswith("application/json")
    return response


def ok(client, **params) -> dict:
    response = get(client, **params)
    assert response.status_code == 200, response.content.decode()
    return response.json()


def facet(data: dict, name: str) -> dict[str, int]:
    return {(row.get("name") or row.get("value")): row["count"] for row in data["facets"][name]}


def test_list_shape(client):
    data = ok(client, q="배경훈·하정우", sort="newest")
    assert set(data) >= {"count", "page", "page_size", "results", "facets"}
    assert (data["page"], data["page_size"]) == (1, 20)
    first = data["results"][0]
    assert set(first) >= {
        "id", "url", "title", "outlet", "published_date", "published_at", "reporters",
        "persons", "programmes", "snippet", "source_url",
    }  # fmt: skip
    duo = next(r for r in data["results"] if r["title"].startswith("배경훈·하정우 듀오"))
    assert duo["outlet"] == {"name": "지디넷코리아", "slug": "zdnet-korea"}
    assert duo["published_date"] == "2025-06-26"
    assert duo["published_at"] == "2025-06-26T10:55:00+09:00"
    assert duo["reporters"] == ["한정호"]
    assert set(duo["persons"]) == {"배경훈", "하정우", "이재명"}
    assert duo["programmes"] == ["국가AI컴퓨팅센터"]
    assert "<mark>배경훈</mark>" in duo["snippet"]
    assert duo["url"] == f"/articles/{duo['id']}/"
    assert duo["source_url"] is None


def test_published_at_is_null_without_a_time(client):
    data = ok(client, outlet="서울경제")
    assert data["count"] == 1
    assert data["results"][0]["published_at"] is None
    assert data["results"][0]["published_date"] == "2025-06-24"


def test_filters_take_names_or_slugs_and_combine(client):
    by_name = ok(client, person="배경훈", programme="국가AI컴퓨팅센터")
    by_slug = ok(client, person="bae-kyunghoon", programme="national-ai-computing-center")
    assert by_name["count"] == by_slug["count"] == 4
    for row in by_name["results"]:
        assert "배경훈" in row["persons"] and "국가AI컴퓨팅센터" in row["programmes"]


def test_values_of_one_facet_are_or_and_facets_are_and(client):
    aju = ok(client, outlet="아주경제")["count"]
    seoul = ok(client, outlet="seoul-economic-daily")["count"]
    both = ok(client, outlet=["아주경제", "seoul-economic-daily"])
    assert both["count"] == aju + seoul == 2
    narrowed = ok(client, outlet=["아주경제", "seoul-economic-daily"], programme="독자 AI 파운데이션 모델")
    assert narrowed["count"] == 0


def test_facet_counts_are_disjunctive(client):
    everything = ok(client, q="배경훈")
    picked = ok(client, q="배경훈", outlet="aju-business-daily")
    assert picked["count"] == 1
    # Picking 아주경제 still shows how many 지디넷코리아 articles match the query.
    assert (
        facet(picked, "outlet")
        == facet(everything, "outlet")
        == {"지디넷코리아": 12, "아주경제": 1, "서울경제": 1}
    )
    # ...while the other facets count only what is selected.
    assert facet(picked, "person") == {"배경훈": 1}
    assert facet(picked, "month") == {"2025-02": 1}
    assert facet(everything, "person")["배경훈"] == 14
    assert sum(facet(everything, "month").values()) == 14


def test_reporter_and_month_facets(client):
    data = ok(client, q="국가AI컴퓨팅센터")
    reporters = facet(data, "reporter")
    assert reporters["한정호"] >= 3 and reporters["장유미"] >= 2
    picked = ok(client, q="국가AI컴퓨팅센터", reporter="한정호", month="2025-06")
    assert all(r["reporters"] == ["한정호"] for r in picked["results"])
    # The reporter facet ignores its own selection but honours the month.
    assert facet(picked, "reporter") == facet(ok(client, q="국가AI컴퓨팅센터", month="2025-06"), "reporter")
    assert all(r["published_date"].startswith("2025-06") for r in picked["results"])


def test_date_range_is_inclusive_at_both_ends(client):
    day = ok(client, **{"from": "2025-06-23", "to": "2025-06-23"})
    assert day["count"] == Article.objects.filter(published_date="2025-06-23").count() == 5
    assert ok(client, **{"from": "2025-09-09"})["count"] == 1
    assert ok(client, **{"to": "2025-02-06"})["count"] == 1
    assert ok(client, **{"from": "2025-09-10"})["count"] == 0


def test_paging(client):
    first = ok(client, page_size="5")
    second = ok(client, page_size="5", page="2")
    assert first["count"] == 32 and len(first["results"]) == 5
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}
    assert ok(client, page="100")["results"] == []


def test_unknown_parameters_are_ignored(client):
    assert ok(client, q="배경훈", utm_source="x")["count"] == 14


@pytest.mark.parametrize(
    "params, param",
    [
        ({"q": '"배경훈'}, "q"),
        ({"q": "배경훈 -"}, "q"),
        ({"q": "그리고"}, "q"),
        ({"from": "2025-13-01"}, "from"),
        ({"to": "06/24/2025"}, "to"),
        ({"from": "2025-07-01", "to": "2025-06-01"}, "from"),
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page_size": "101"}, "page_size"),
        ({"sort": "random"}, "sort"),
        ({"person": "아무개"}, "person"),
        ({"outlet": "no-such-outlet"}, "outlet"),
        ({"month": "2025-6"}, "month"),
    ],
)
def test_bad_parameters_get_a_400_naming_them(client, params, param):
    response = get(client, **params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["param"] == param
    assert error["message"]


def test_detail(client):
    article = Article.objects.get(title__startswith="국가대표AI 정예팀")
    data = client.get(f"/api/articles/{article.pk}/").json()
    assert data["outlet"]["name"] == "헤럴드경제"
    assert data["subtitle"].splitlines()[0] == "이홍락·임우형 공동 원장 인터뷰"
    assert data["body"][0].startswith("“미국, 중국을 제외하면")
    assert {t["name"] for t in data["tags"]} >= {"이홍락", "임우형", "독자 AI 파운데이션 모델"}
    assert data["sources"][0]["format"] == "daum" and len(data["sources"][0]["sha256"]) == 64
    assert (data["is_excerpt"], data["external_id"]) == (False, "")
    assert client.get("/api/articles/999999/").status_code == 404


def test_detail_of_a_bigkinds_excerpt(client):
    article = Article.objects.get(title__startswith="국가대표AI 정예팀")
    Article.objects.filter(pk=article.pk).update(is_excerpt=True, external_id="01100101.20210228211022001")
    data = client.get(f"/api/articles/{article.pk}/").json()
    assert (data["is_excerpt"], data["external_id"]) == (True, "01100101.20210228211022001")


def test_excluded_articles_are_not_in_the_api(client):
    article = Article.objects.get(outlet__name="서울경제")
    article.status = Article.Status.EXCLUDED
    article.save()
    assert ok(client, outlet="서울경제")["count"] == 0
    assert client.get(f"/api/articles/{article.pk}/").status_code == 404
