"""The analyses in the JSON API, their files and their pages: the documented shapes, Korean 400s for
bad options, files that carry their provenance and are the same bytes for the same request, network
files Gephi reads with their weights, and the pages reachable from the search."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from bs4 import BeautifulSoup

from portal.api.views import api

pytestmark = pytest.mark.django_db


def get_json(client, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    return response.json()


def test_words_answer_the_documented_shape(client):
    body = get_json(client, "/api/analysis/words/?q=배경훈&limit=5&min_df=2")
    assert set(body) == {"matched", "archive", "method", "version", "min_df", "words"}
    assert body["method"] == "dunning-g2-document-frequency" and body["min_df"] == 2
    assert 0 < len(body["words"]) <= 5
    assert set(body["words"][0]) == {"word", "label", "matched", "total", "score"}
    assert body["matched"] == get_json(client, "/api/articles/?q=배경훈")["count"]


def test_network_answers_nodes_and_weighted_edges(client):
    body = get_json(client, "/api/analysis/network/?q=AI&min_edge=2&max_nodes=8")
    assert len(body["nodes"]) == 8 and set(body["nodes"][0]) == {"id", "name", "kind", "slug", "count"}
    ids = {n["id"] for n in body["nodes"]}
    assert body["edges"] and all(
        e["source"] in ids and e["target"] in ids and e["count"] >= 2 for e in body["edges"]
    )


def test_attention_answers_every_bucket(client):
    body = get_json(client, "/api/analysis/attention/?q=AI&interval=week")
    assert body["interval"] == "week"
    assert set(body["buckets"][0]) == {"start", "end", "count", "total", "share"}
    assert sum(b["count"] for b in body["buckets"]) + body["undated"] == body["matched"]
    assert any(b["total"] == 0 and b["share"] is None for b in body["buckets"])


def test_compare_answers_several_searches_and_the_overlap(client):
    body = get_json(
        client, "/api/analysis/compare/?search=q%3D배경훈&search=q%3D하정우&label=배경훈&interval=month"
    )
    assert [s["label"] for s in body["searches"]] == ["배경훈", "하정우"]
    assert body["overlap"] == get_json(client, "/api/articles/?q=배경훈 하정우")["count"]


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/analysis/attention/?interval=decade", "interval"),
        ("/api/analysis/network/?min_edge=0", "min_edge"),
        ("/api/analysis/network/?max_nodes=1", "max_nodes"),
        ("/api/analysis/words/?limit=abc", "limit"),
        ("/api/analysis/words/?q=(", "q"),
        ("/api/analysis/words/?person=nobody-at-all", "person"),
        ("/api/analysis/compare/", "search"),
        ("/api/analysis/compare/?search=q%3D%28", "search"),
        ("/api/analysis/attention/?interval=day&from=0001-01-01&to=9999-12-31", "interval"),
        ("/api/analysis/words/export/?format=gexf", "format"),
    ],
)
def test_bad_options_are_a_400_in_korean_naming_the_parameter(client, url, param):
    body = get_json(client, url, status=400)
    assert body["error"]["param"] == param
    assert any("\uac00" <= c <= "\ud7a3" for c in body["error"]["message"])


def test_the_schema_lists_every_analysis_and_its_export():
    paths = api.get_openapi_schema()["paths"]
    for name in ("words", "network", "attention", "compare"):
        assert f"/api/analysis/{name}/" in paths
    assert all(
        f"/api/analysis/{name}/export/" in paths for name in ("words", "network", "attention", "compare")
    )
    names = {p["name"] for p in paths["/api/analysis/network/"]["get"]["parameters"]}
    assert {"q", "person", "outlet", "from", "to", "min_edge", "max_nodes"} <= names


@pytest.mark.parametrize(
    "query",
    [
        "words/export/?q=배경훈&format=csv",
        "words/export/?q=배경훈&format=json",
        "network/export/?q=AI&format=nodes-csv",
        "network/export/?q=AI&format=edges-csv",
        "network/export/?q=AI&format=gexf",
        "network/export/?q=AI&format=graphml",
        "attention/export/?q=AI&interval=week&format=csv",
        "compare/export/?search=q%3D배경훈&search=q%3D하정우&format=csv",
    ],
)
def test_a_file_is_the_same_bytes_for_the_same_request_and_says_what_it_is(client, query):
    first, again = (client.get(f"/api/analysis/{query}") for _ in range(2))
    assert first.status_code == 200 and first["Content-Disposition"].startswith("attachment")
    assert first.content == again.content
    text = first.content.decode("utf-8-sig")
    for needed in ("analysis", "method", "version", "archive_articles"):
        assert needed in text


def test_csv_files_keep_provenance_in_comment_lines_and_one_column_per_compared_search(client):
    text = client.get(
        "/api/analysis/compare/export/?search=q%3D배경훈&search=q%3D하정우&label=A&label=B"
    ).content
    lines = text.decode("utf-8-sig").splitlines()
    meta = [line for line in lines if line.startswith("#")]
    assert any(line.startswith("# parameters:") and "배경훈" in line for line in meta)
    rows = list(csv.reader(io.StringIO("\n".join(line for line in lines if not line.startswith("#")))))
    assert rows[0] == ["start", "end", "A count", "A total", "A share", "B count", "B total", "B share"]
    body = get_json(client, "/api/analysis/compare/?search=q%3D배경훈&search=q%3D하정우")
    assert [int(r[2]) for r in rows[1:]] == [b["count"] for b in body["searches"][0]["buckets"]]


def test_network_files_open_in_networkx_with_their_weights(client):
    body = get_json(client, "/api/analysis/network/?q=AI&min_edge=2")
    expected = {frozenset((e["source"], e["target"])): e["count"] for e in body["edges"]}
    for fmt, read in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        data = client.get(f"/api/analysis/network/export/?q=AI&min_edge=2&format={fmt}").content
        graph = read(io.BytesIO(data))
        assert graph.number_of_nodes() == len(body["nodes"])
        weights = {frozenset((int(a), int(b))): int(d["weight"]) for a, b, d in graph.edges(data=True)}
        assert weights == expected
        assert "lastmodifieddate" not in data.decode()  # no clock in the file


def test_json_export_is_the_api_answer_with_its_meta(client):
    exported = json.loads(client.get("/api/analysis/words/export/?q=배경훈&format=json").content)
    answer = get_json(client, "/api/analysis/words/?q=배경훈")
    assert exported.pop("meta")["parameters"] == {"q": ["배경훈"]}
    assert exported == answer


# --- pages ------------------------------------------------------------------------------------------


def page(client, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status
    return BeautifulSoup(response.content, "html.parser")


def test_the_search_page_leads_to_the_analysis_of_the_same_search(client):
    search = page(client, "/search/?q=배경훈&outlet=zdnet-korea&page=2")
    link = search.select_one(".analysis-links a.button-link")["href"]
    assert link.startswith("/analysis/?") and "page=" not in link and "outlet=zdnet-korea" in link
    analysis = page(client, link)
    assert analysis.select_one("#attention svg.bar-chart")
    assert analysis.select_one("#words .word-cloud a")
    assert analysis.select_one("#network svg.network a")
    for table in analysis.select("table"):
        assert table.select_one("caption") and table.select("th[scope]")


def test_the_analysis_page_shows_its_thresholds_and_keeps_the_search_in_its_forms(client):
    analysis = page(client, "/analysis/?q=AI&min_edge=3&max_nodes=10")
    assert (
        analysis.select_one("#min_edge")["value"] == "3"
        and analysis.select_one("#max_nodes")["value"] == "10"
    )
    hidden = {(i["name"], i["value"]) for i in analysis.select("#network form input[type=hidden]")}
    assert ("q", "AI") in hidden
    assert len(analysis.select("svg.network .nodes a")) == 10


def test_a_bad_option_on_the_page_is_a_400_saying_so(client):
    analysis = page(client, "/analysis/?interval=fortnight", status=400)
    assert "interval" in analysis.select_one("[role=alert]").get_text()


def test_the_comparison_is_a_permalink_with_editable_labels(client):
    compare = page(client, "/analysis/compare/?search=q%3D배경훈&search=하정우&label=첫째")
    labels = [i.get("value", "") for i in compare.select("input[name=label]")]
    assert labels[:2] == ["첫째", ""]
    assert compare.select_one("svg.line-chart") and compare.select_one("table.compare-table")
    export = compare.select_one("#compare-h").find_parent("section").select_one(".export-links a")["href"]
    assert "search=q%3D" in export and "label=" in export


def test_an_entity_page_shows_its_neighbourhood(client):
    entity = page(client, "/people/bae-kyunghoon/")
    nodes = entity.select("#neighbourhood-h ~ .network-box svg .nodes a")
    assert nodes and any("배경훈" in a.get_text() for a in nodes)
