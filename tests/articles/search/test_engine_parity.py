"""The search index answers exactly what PostgreSQL answers: the same matches, totals, facet counts
and date orders, for the query language's every construct and every filter (docs/search-engine.md).

Relevance ranks differ by design (BM25 on the index, ts_rank_cd in SQL), so relevance pages are
compared as sets over the whole result."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.test import override_settings

from articles.models import Article
from articles.search.request import search_request_parse
from articles.selectors.entities import entity_page
from articles.selectors.search import articles_search, search_counts
from articles.selectors.timeline import search_timeline
from articles.services.curation import articles_set_status
from policy.models import Entity

pytestmark = pytest.mark.django_db

QUERIES = [
    "배경훈",
    "AI",
    "인공지능",
    "배경훈 하정우",
    "카카오 OR 업스테이지",
    "배경훈 -카카오",
    '"국가 파운데이션 모델"',
    "title:하정우",
    "국가AI컴퓨팅센터",
    "컴퓨팅센터",
    "유찰됐다",
    "배경훈·하정우",
    "(카카오 OR 네이버) -배경훈",
    "독자 AI 파운데이션 모델",
    '"AI 3대 강국"',
    "소버린 AI",
    "하이퍼클로바X",
    "엑사원",
    '"과학기술정보통신부 장관"',
    "LG AI연구원",
    'title:"AI"',
    "-카카오 GPU",
    "없는낱말xyz",
]

FILTERS = [
    "",
    "person=bae-kyunghoon",
    "person=배경훈&person=하정우",
    "programme=national-ai-computing-center",
    "outlet=zdnet-korea",
    "reporter=장유미",
    "month=2025-06&month=2025-07",
    "from=2025-06-20&to=2025-06-30",
    "from=2025-07-01",
    "person=bae-kyunghoon&outlet=zdnet-korea&month=2025-06",
]


def run(query: str, *, backend: str, page_size: int = 100) -> tuple[int, list[int], dict]:
    data = QueryDict(query, mutable=True)
    data["page_size"] = str(page_size)
    with override_settings(SEARCH_BACKEND=backend):
        result = articles_search(request=search_request_parse(data), snippets=False)
    return result.count, [a.pk for a in result.articles], result.facets


@pytest.mark.parametrize("q", QUERIES)
@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_every_query_matches_the_same_articles(q, sort):
    query = f"q={q}&sort={sort}"
    index_count, index_ids, index_facets = run(query, backend="tantivy")
    sql_count, sql_ids, sql_facets = run(query, backend="postgres")
    assert index_count == sql_count
    if sort == "relevance":
        assert sorted(index_ids) == sorted(sql_ids)
    else:
        assert index_ids == sql_ids  # one order: newest_first_fields / oldest_first_fields
    assert index_facets == sql_facets


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("q", ["", "AI", "배경훈 OR 하정우"])
def test_every_filter_counts_the_same_and_facets_stay_disjunctive(filters, q):
    query = "&".join(part for part in (f"q={q}" if q else "", filters, "sort=newest") if part)
    assert run(query, backend="tantivy") == run(query, backend="postgres")


def test_deep_pages_and_small_pages_agree():
    for page in (1, 2, 3):
        query = f"q=AI&sort=oldest&page={page}"
        assert run(query, backend="tantivy", page_size=7) == run(query, backend="postgres", page_size=7)


def test_a_status_change_leaves_the_index_at_once():
    article = Article.objects.readable().filter(title__contains="배경훈").first()
    before, ids, _ = run("q=배경훈", backend="tantivy")
    assert article.pk in ids
    articles_set_status(articles=[article], status=Article.Status.EXCLUDED)
    after, ids, _ = run("q=배경훈", backend="tantivy")
    assert (after, article.pk in ids) == (before - 1, False)
    assert run("q=배경훈&sort=newest", backend="tantivy") == run("q=배경훈&sort=newest", backend="postgres")


@pytest.mark.parametrize(
    "query",
    [
        "q=배경훈&person=하정우",
        "q=AI&month=2025-06&outlet=zdnet-korea",
        "from=2025-06-01&to=2025-06-30&q=GPU",
    ],
)
@pytest.mark.parametrize("skip", [{"q"}, {"person"}, {"month"}, {"outlet"}, {"from", "to"}])
def test_counts_with_a_filter_dropped_agree(query, skip):
    params = search_request_parse(QueryDict(query))
    with override_settings(SEARCH_BACKEND="tantivy"):
        (index,) = search_counts(params, skips=[skip])
    with override_settings(SEARCH_BACKEND="postgres"):
        assert [index] == search_counts(params, skips=[skip])


@pytest.mark.parametrize("query", ["q=AI&from=2025-06-01&to=2025-07-15", "q=배경훈", "person=bae-kyunghoon"])
def test_timelines_agree(query):
    charts = []
    for backend in ("tantivy", "postgres"):
        with override_settings(SEARCH_BACKEND=backend):
            params = search_request_parse(QueryDict(query))
            result = articles_search(request=params, snippets=False)
            charts.append(search_timeline(params, month_facet=result.facets["month"]))
    assert charts[0] == charts[1]
    assert charts[0].buckets


@pytest.mark.parametrize("slug", ["bae-kyunghoon", "ha-jungwoo", "national-ai-computing-center", "kakao"])
def test_entity_pages_agree(slug):
    entity = Entity.objects.get(slug=slug)
    pages = []
    for backend in ("tantivy", "postgres"):
        with override_settings(SEARCH_BACKEND=backend):
            page = entity_page(entity=entity)
        pages.append((page.article_count, page.first, page.last, page.related, [a.pk for a in page.latest]))
    assert pages[0] == pages[1]


def test_the_archive_span_agrees():
    from articles.selectors.search import archive_span

    spans = []
    for backend in ("tantivy", "postgres"):
        with override_settings(SEARCH_BACKEND=backend):
            spans.append(archive_span())
    assert spans[0] == spans[1]
    assert spans[0][0] == 32
