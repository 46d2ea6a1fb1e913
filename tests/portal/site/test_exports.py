"""Exports of a search: every format parsed back, the same articles and order as the API, no row
cap, a bounded number of queries whatever the size, and 400s naming the parameter."""

from __future__ import annotations

import csv
import io
import json
import math

import bibtexparser
import pytest
import rispy
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from portal.site import exports

pytestmark = pytest.mark.django_db

EXPORT = "/api/articles/export/"


def download(client, **params) -> tuple[object, str]:
    response = client.get(EXPORT, params)
    assert response.status_code == 200, response.content.decode()
    assert response.streaming
    return response, b"".join(response.streaming_content).decode("utf-8")


def api_ids(client, **params) -> list[int]:
    data = client.get("/api/articles/", {**params, "page_size": 100}).json()
    assert data["count"] <= 100
    return [row["id"] for row in data["results"]]


def csv_rows(text: str) -> list[dict]:
    assert text.startswith("\ufeff")  # the BOM Excel needs to read UTF-8
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_csv_has_the_columns_and_the_api_order(client):
    response, text = download(client, format="csv", q="배경훈", programme="national-ai-computing-center")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="ai-policy-news-')
    assert response["Content-Disposition"].endswith('.csv"')
    assert "\r\n" in text  # CRLF, as RFC 4180 and Excel have it
    rows = csv_rows(text)
    assert list(rows[0]) == list(exports.COLUMNS)
    assert [int(r["id"]) for r in rows] == api_ids(
        client, q="배경훈", programme="national-ai-computing-center"
    )
    duo = next(r for r in rows if r["title"].startswith("배경훈·하정우 듀오"))
    assert duo["permalink"] == f"http://testserver/articles/{duo['id']}/"
    assert duo["outlet"] == "지디넷코리아"
    assert (duo["published_date"], duo["published_time"]) == ("2025-06-26", "10:55")
    assert duo["reporters"] == "한정호"
    assert set(duo["persons"].split("; ")) == {"배경훈", "하정우", "이재명"}
    assert duo["programmes"] == "국가AI컴퓨팅센터"
    assert "LG AI연구원" in duo["organisations"].split("; ")
    assert duo["status"] == "published"
    assert duo["original_url"] == ""
    for source in duo["sources"].split("; "):
        assert source.endswith(")") and "(sha256 " in source
    assert "body" not in duo


def test_csv_with_body_and_a_missing_time(client):
    rows = csv_rows(download(client, format="csv", outlet="서울경제", include_body="1")[1])
    assert len(rows) == 1
    article = Article.objects.get(pk=rows[0]["id"])
    assert rows[0]["published_time"] == ""
    assert rows[0]["body"] == article.body
    assert "\n\n" in rows[0]["body"]  # paragraphs survive inside the quoted cell


def test_csv_neutralises_formulas_but_jsonl_keeps_the_text(client):
    article = Article.objects.readable().get(outlet__name="서울경제")
    Article.objects.filter(pk=article.pk).update(title='=HYPERLINK("http://evil")', reporters=["@기자"])
    row = csv_rows(download(client, format="csv", outlet="서울경제")[1])[0]
    assert row["title"] == '\'=HYPERLINK("http://evil")'
    assert row["reporters"] == "'@기자"
    line = json.loads(download(client, format="jsonl", outlet="서울경제")[1])
    assert line["title"] == '=HYPERLINK("http://evil")'


def test_jsonl_lines_are_objects_with_lists(client):
    response, text = download(client, format="jsonl", person="ha-jungwoo")
    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    lines = [json.loads(line) for line in text.splitlines()]
    assert [row["id"] for row in lines] == api_ids(client, person="ha-jungwoo")
    for row in lines:
        assert set(row) == set(exports.COLUMNS)
        assert "하정우" in row["persons"]
        assert isinstance(row["reporters"], list)
        assert row["sources"] and all(len(s["sha256"]) == 64 for s in row["sources"])
        assert row["permalink"].startswith("http://testserver/articles/")


def test_jsonl_body_only_when_asked(client):
    without = json.loads(download(client, format="jsonl", outlet="서울경제")[1])
    with_body = json.loads(download(client, format="jsonl", outlet="서울경제", include_body="true")[1])
    assert "body" not in without
    assert with_body["body"] == Article.objects.get(pk=with_body["id"]).body


def test_sort_is_respected(client):
    newest = [json.loads(x)["id"] for x in download(client, format="jsonl", sort="newest")[1].splitlines()]
    oldest = [json.loads(x)["id"] for x in download(client, format="jsonl", sort="oldest")[1].splitlines()]
    assert len(newest) == Article.objects.readable().count() == 32
    assert newest == api_ids(client, sort="newest")
    assert oldest == api_ids(client, sort="oldest")


def test_no_row_cap_and_queries_per_chunk_not_per_row(client, monkeypatch):
    """All 32 rows in chunks of 5: tags and sources cost one query each per chunk."""
    monkeypatch.setattr(exports, "CHUNK_SIZE", 5)
    with CaptureQueriesContext(connection) as queries:
        rows = csv_rows(download(client, format="csv", include_body="1")[1])
    assert len(rows) == 32
    chunks = math.ceil(32 / 5)
    tag_queries = [q for q in queries if 'FROM "articles_articleentity"' in q["sql"]]
    source_queries = [q for q in queries if 'FROM "articles_articlesource"' in q["sql"]]
    assert len(tag_queries) == chunks
    assert len(source_queries) == chunks
    assert len(queries) < 3 * chunks + 10  # cursor fetches and transaction statements, no per-row query


def test_ris_export_parses_back(client):
    response, text = download(client, format="ris", person="ha-jungwoo")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    records = rispy.loads(text)
    assert len(records) == len(api_ids(client, person="ha-jungwoo")) == 7
    assert {r["type_of_reference"] for r in records} == {"NEWS"}
    assert all(r["secondary_title"] and r["urls"] and r["authors"] for r in records)


def test_bibtex_export_parses_back(client):
    response, text = download(client, format="bibtex", reporter="장유미")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    assert len(library.entries) == len(api_ids(client, reporter="장유미")) == 8
    assert len({e.key for e in library.entries}) == 8  # citation keys are unique
    assert all(e["author"] == "{장유미}" or "{장유미}" in e["author"] for e in library.entries)


def test_csl_json_export_parses_back(client):
    response, text = download(client, format="csl-json", month="2025-06")
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    items = json.loads(text)
    assert len(items) == len(api_ids(client, month="2025-06")) == 27
    assert {i["type"] for i in items} == {"article-newspaper"}
    assert all(i["issued"]["date-parts"][0][:2] == [2025, 6] for i in items)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "ris", "bibtex", "csl-json"])
def test_an_empty_result_set_is_a_valid_empty_file(client, fmt):
    text = download(client, format=fmt, person="ha-jungwoo", month="2025-02")[1]
    if fmt == "csv":
        assert csv_rows(text) == []
    elif fmt == "csl-json":
        assert json.loads(text) == []
    else:
        assert text == ""


def test_paging_parameters_are_ignored(client):
    text = download(client, format="jsonl", page="0", page_size="1000")[1]
    assert len(text.splitlines()) == 32


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"format": "xlsx"}, "format"),
        ({"format": "csv", "include_body": "maybe"}, "include_body"),
        ({"sort": "popular"}, "sort"),
        ({"person": "nobody"}, "person"),
        ({"q": "-카카오"}, "q"),
        ({"from": "2025-07-01", "to": "2025-06-01"}, "from"),
        ({"month": "2025-13"}, "month"),
        ({"reporter": "장\x00유미"}, "reporter"),
    ],
)
def test_invalid_parameters_are_400_naming_them(client, params, param):
    response = client.get(EXPORT, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["param"] == param
    assert response.json()["error"]["message"]


def test_only_get(client):
    assert client.post(EXPORT, {"format": "csv"}).status_code == 405


@pytest.mark.parametrize(
    "query", ["q=배경훈&person=ha-jungwoo&page=2&page_size=5", "?q=배경훈&person=ha-jungwoo&page=2"]
)
def test_export_links_include(client, rf, query):
    from bs4 import BeautifulSoup
    from django.http import QueryDict
    from django.template.loader import render_to_string

    for given in (query, QueryDict(query.lstrip("?"))):
        html = render_to_string("articles/_export_links.html", {"query": given}, request=rf.get("/search/"))
        links = {a.get_text(): a["href"] for a in BeautifulSoup(html, "lxml").find_all("a")}
        assert set(links) == {"CSV", "JSON Lines", "RIS", "BibTeX", "CSL-JSON", "Atom 피드", "API"}
        for label, href in links.items():
            assert "page" not in href, label
            response = client.get(href)
            assert response.status_code == 200, (label, href)
        assert links["CSV"].endswith("&format=csv")
        rows = csv_rows(b"".join(client.get(links["CSV"]).streaming_content).decode())
        assert {int(r["id"]) for r in rows} == set(api_ids(client, q="배경훈", person="ha-jungwoo"))
        assert links["Atom 피드"].startswith("/search/feed/?q=")


def test_rows_are_sent_in_blocks_not_one_write_each():
    from portal.site.exports import _blocks

    assert list(_blocks(["ab", "cd", "e"], size=3)) == [b"abcd", b"e"]
    assert list(_blocks(["한글"], size=1)) == ["한글".encode()]
    assert list(_blocks([])) == []


def test_rows_from_plain_values_are_the_schemas_rows():
    """The CSV and JSON Lines exports build rows from plain values, not through ``ExportRow``: on
    every article of the archive the two must agree, field for field, body included."""
    from django.http import QueryDict

    from articles.search.request import search_request_parse
    from articles.selectors.exports import articles_export_records
    from articles.selectors.search import articles_export_stream

    Article.objects.filter(pk=Article.objects.readable().first().pk).update(url="https://news.example/1")
    request = search_request_parse(QueryDict(""))
    absolute_url = "https://archive.example{}".format
    expected = [
        exports.export_row(a, absolute_url=absolute_url, include_body=True)
        for a in articles_export_stream(request=request, chunk_size=7, include_body=True)
    ]
    rows = list(
        exports.export_rows(
            articles_export_records(request=request, chunk_size=7, include_body=True),
            absolute_url=absolute_url,
            include_body=True,
        )
    )
    assert rows == expected
    # What makes the comparison mean something: the archive has every kind of value in it.
    assert len(rows) > 7 and all(list(row) == [*exports.COLUMNS, "body"] for row in rows)
    for key in ("persons", "programmes", "organisations", "sources", "reporters"):
        assert any(row[key] for row in rows), key
    assert any(row["published_time"] for row in rows) and any(row["published_time"] is None for row in rows)
    assert any(row["original_url"] for row in rows) and any(row["original_url"] is None for row in rows)
