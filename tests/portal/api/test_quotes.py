"""The quotes in the JSON API (demo archive, real Kiwi): ``GET /api/quotes/`` with the article
search's parameter conventions plus ``speaker``, quotes inside ``GET /api/articles/<id>/``, the
quote export in the OpenAPI document, and the 400s of a bad quote search."""

from __future__ import annotations

import pytest

from articles.models import Article, Quote
from articles.search.filters import QUOTE_FILTERS
from articles.search.params import PARAM, PARAMS, QUOTE_EXPORT_FORMATS, QUOTE_PARAMS
from articles.search.request import QUOTES
from articles.services.quotes import quotes_remove
from portal.api.schemas import QUOTE_COLUMNS

pytestmark = pytest.mark.django_db

API = "/api/quotes/"
BAE = '배경훈 LG AI연구원장 "AI 생태계, 수직계열화 시급"'
FIELDS = ["text", "speaker", "speaker_entity", "role", "anonymous", "kind", "start", "end"]


def test_quote_search_answers_a_page_the_total_and_the_facets(client):
    response = client.get(API, {"speaker": "bae-kyunghoon", "q": "생태계", "page_size": 2})
    assert response.status_code == 200
    body = response.json()
    total = (
        Quote.objects.readable().filter(speaker_entity__slug="bae-kyunghoon", text__contains="생태").count()
    )
    assert body["count"] == total >= 2 and body["page_size"] == 2 and len(body["results"]) == 2
    hit = body["results"][0]
    assert set(hit) >= {*FIELDS, "id", "url", "marked", "verb", "article"}
    assert hit["speaker_entity"] == "bae-kyunghoon"
    assert hit["url"] == f"/articles/{hit['article']['id']}/#quote-{hit['id']}"
    assert "<mark>" in hit["marked"]
    assert set(hit["article"]) == {"id", "url", "title", "outlet", "published_date"}
    assert {"name": "배경훈", "slug": "bae-kyunghoon", "count": total} in body["facets"]["speaker"]
    assert body["facets"]["outlet"] and set(body["facets"]["outlet"][0]) == {"name", "slug", "count"}


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"q": "title:배경훈"}, "q"),
        ({"q": '"배경훈'}, "q"),
        ({"outlet": "없는매체"}, "outlet"),
        ({"sort": "loudest"}, "sort"),
        ({"page": "0"}, "page"),
        ({"speaker": "x\x00"}, "speaker"),
        ({"from": "2025-07-01", "to": "2025-06-01"}, "from"),
    ],
)
def test_a_bad_quote_search_is_a_400_naming_the_parameter(client, params, param):
    response = client.get(API, params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["param"] == param and error["message"]


def test_the_quote_search_takes_the_article_searchs_own_parameter_definitions():
    # One definition each: the quote search selects from them, and adds only the speaker.
    assert all(PARAM[p.name] is p for p in QUOTE_PARAMS)
    assert {p.name for p in QUOTE_PARAMS} == {p.name for p in PARAMS} - {"reporter"} | {"speaker"}
    assert list(QUOTES.filterset.base_filters) == [name for f in QUOTE_FILTERS for name in f.params]


def test_article_detail_holds_its_quotes_that_count_in_body_order(client):
    article = Article.objects.get(title=BAE)
    quotes = list(Quote.objects.active().filter(article=article).order_by("start"))
    quotes_remove(quotes=[quotes[0]])
    body = client.get(f"/api/articles/{article.pk}/").json()
    assert [list(q) for q in body["quotes"]] == [FIELDS] * (len(quotes) - 1)
    assert [q["start"] for q in body["quotes"]] == [q.start for q in quotes[1:]]
    first = body["quotes"][0]
    text = "\n\n".join(body["body"])  # the stored body's paragraphs; offsets are into the body
    assert article.body[first["start"] : first["end"]] == first["text"]
    assert first["text"] in text
    assert first["speaker"] == "배경훈" and first["speaker_entity"] == "bae-kyunghoon"
    assert first["kind"] in ("direct", "indirect") and first["anonymous"] is False


def test_the_document_describes_the_quote_search_and_its_export(client):
    document = client.get("/api/schema/").json()
    listed = [p["name"] for p in document["paths"]["/api/quotes/"]["get"]["parameters"]]
    assert listed == [p.name for p in QUOTE_PARAMS]
    export = document["paths"]["/api/quotes/export/"]["get"]
    fmt = next(p for p in export["parameters"] if p["name"] == "format")
    assert fmt["schema"]["enum"] == list(QUOTE_EXPORT_FORMATS)
    schemas = document["components"]["schemas"]
    assert list(schemas["QuoteExportRow"]["properties"]) == list(QUOTE_COLUMNS)
    assert list(schemas["QuoteFields"]["properties"]) == FIELDS
    assert "quotes" in schemas["ArticleDetail"]["properties"]
