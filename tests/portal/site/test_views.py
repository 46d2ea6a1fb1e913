"""The server-rendered pages: home, search (the topic browser), article, as a reader's browser gets them.

Over 400 lines on purpose: the pages share one set of HTML helpers and one seed archive, and read
best as one walk through the site, page by page.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, NearDuplicate
from policy.models import Entity

pytestmark = pytest.mark.django_db

SEARCH = "/search/"


def get(client, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return BeautifulSoup(response.content, "lxml")


def search_url(*pairs: tuple[str, str]) -> str:
    return f"{SEARCH}?{urlencode(pairs)}"


def result_titles(page: BeautifulSoup) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".results-list .result-title a")]


def result_count(page: BeautifulSoup) -> int:
    return int(page.select_one("#results-title strong").get_text())


def form_state(page: BeautifulSoup) -> list[tuple[str, str]]:
    """What submitting the search form as drawn would send (empty fields left out, as the JS does)."""
    form = page.select_one("form#search-form")
    fields = form.select("input[name]") + page.select('input[form="search-form"][name]')
    pairs = []
    for field in fields:
        kind = field.get("type", "text")
        if kind == "checkbox" and not field.has_attr("checked"):
            continue
        if field.get("value"):
            pairs.append((field["name"], field["value"]))
    return pairs


def link_pairs(href: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(href).query)


# --- home -------------------------------------------------------------------------------------------


def test_home_shows_the_archive_people_programmes_and_newest(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        page = get(client, "/")
    span = page.select_one(".archive-span").get_text(" ", strip=True)
    assert "32" in span and "2025년 2월 6일" in span and "2025년 9월 9일" in span
    assert page.select_one("form[role=search] label[for=q]").get_text() == "검색어"
    people = {card.h3.get_text(strip=True): card for card in page.select("#people-title ~ .cards .card")}
    assert "배경훈" in people and "구광모" in people
    bae = people["배경훈"]
    assert "기사 14건" in bae.get_text()
    assert bae.select_one("h3 a")["href"] == Entity.objects.get(slug="bae-kyunghoon").get_absolute_url()
    assert bae.select_one(".meta a")["href"] == "/search/?person=bae-kyunghoon"
    latest = bae.select_one(".latest a")
    assert latest.get_text() == Article.objects.get(pk=int(latest["href"].split("/")[2])).title
    programmes = [h.get_text(strip=True) for h in page.select("#programmes-title ~ .cards h3")]
    assert set(programmes) == {"국가AI컴퓨팅센터", "독자 AI 파운데이션 모델"}
    newest = page.select("#newest-title ~ ol li a")
    assert len(newest) == 10
    assert newest[0].get_text() == Article.objects.order_by("-published_date").first().title


def test_every_page_has_landmarks_and_marks_the_current_nav_item(client):
    for url, current in (("/", "홈"), (SEARCH, "검색·둘러보기")):
        page = get(client, url)
        for landmark in ("header", "nav", "main#main", "footer"):
            assert page.select_one(landmark), (url, landmark)
        assert page.select_one("html")["lang"] == "ko"
        assert page.select_one("a.skip")["href"] == "#main"
        assert page.select_one('nav a[aria-current="page"]').get_text() == current


# --- search -----------------------------------------------------------------------------------------


def test_the_organisation_facet_counts_and_filters(client):
    # The sidebar's 기관 box: counted like the API's facet, ticking it narrows the search to it.
    api = client.get("/api/articles/", {"q": "AI"}).json()["facets"]["organisation"]
    assert api, "the demo archive names organisations"
    top = api[0]
    page = get(client, SEARCH + "?q=AI")
    option = page.select_one(f'#facet-organisation input[value="{top["slug"]}"]')
    assert option is not None and not option.has_attr("checked")
    count = option.find_parent("label").select_one(".facet-count").get_text()
    assert count.startswith(str(top["count"]))
    narrowed = get(client, SEARCH + f"?q=AI&organisation={top['slug']}")
    assert result_count(narrowed) == top["count"]
    assert narrowed.select_one(f'#facet-organisation input[value="{top["slug"]}"]').has_attr("checked")
    assert any(top["name"] in chip.get_text() for chip in narrowed.select(".chips .chip-organisation"))


def test_topic_browser_without_a_query(client):
    page = get(client, SEARCH)
    assert result_count(page) == 32
    assert len(result_titles(page)) == 20
    assert page.select_one("aside.facets")
    legends = [fs.legend.get_text(" ", strip=True) for fs in page.select("aside fieldset")]
    assert legends == ["인물", "정책·사업", "기관", "매체", "기자", "월", "기간"]
    for name in ("person", "programme", "organisation", "outlet", "reporter", "month"):
        boxes = page.select(f'input[type=checkbox][name="{name}"]')
        assert boxes, name
        for box in boxes:  # every input has a label
            assert page.select_one(f'label[for="{box["id"]}"]')
    assert page.select_one("label[for=from]") and page.select_one("label[for=to]")
    sorts = [a.get_text() for a in page.select("nav.sort a")]
    assert sorts == ["최신순", "오래된순"]  # no relevance without a query
    assert page.select_one('nav.sort a[aria-current="true"]').get_text() == "최신순"
    pages = page.select("nav.pagination a")
    assert [a.get_text(" ", strip=True) for a in pages] == ["페이지 1", "페이지 2", "다음 →"]


def test_query_results_show_outlet_date_reporters_chips_and_highlighted_snippet(client):
    page = get(client, search_url(("q", "배경훈이")))
    assert result_count(page) == 14
    first = page.select_one(".results-list .result")
    meta = first.select_one(".meta").get_text(" ", strip=True)
    assert "2025." in meta and "기자" in meta
    assert first.select_one(".snippet mark").get_text() == "배경훈"
    chips = first.select(".entity-chips a")
    assert any(a.get_text(strip=True).endswith("배경훈") for a in chips)
    assert all(a["href"].startswith(("/people/", "/programmes/", "/organisations/")) for a in chips)
    link = first.select_one(".result-title a")["href"]
    assert dict(link_pairs(link)) == {"q": "배경훈이", "back": "q=%EB%B0%B0%EA%B2%BD%ED%9B%88%EC%9D%B4"}
    assert [a.get_text() for a in page.select("nav.sort a")] == ["관련도", "최신순", "오래된순"]
    assert page.select_one('nav.sort a[aria-current="true"]').get_text() == "관련도"


def test_facet_values_are_or_and_facets_are_and(client):
    both = get(client, search_url(("person", "bae-kyunghoon"), ("person", "ha-jungwoo")))
    bae = get(client, search_url(("person", "bae-kyunghoon")))
    ha = get(client, search_url(("person", "ha-jungwoo")))
    assert (
        max(result_count(bae), result_count(ha)) < result_count(both) <= result_count(bae) + result_count(ha)
    )
    checked = {b["value"] for b in both.select('input[name="person"][checked]')}
    assert checked == {"bae-kyunghoon", "ha-jungwoo"}
    narrowed = get(client, search_url(("person", "bae-kyunghoon"), ("outlet", "seoul-economic-daily")))
    assert result_count(narrowed) == 1


def test_facet_counts_are_disjunctive_and_selected_values_stay_listed(client):
    page = get(
        client, search_url(("q", "배경훈"), ("person", "bae-kyunghoon"), ("outlet", "aju-business-daily"))
    )
    people = {
        b["value"]: b.find_parent("label").select_one(".facet-count").get_text(strip=True)
        for b in page.select('input[name="person"]')
    }
    assert people["bae-kyunghoon"] == "1건"
    outlets = [b["value"] for b in page.select('input[name="outlet"]')]
    assert "zdnet-korea" in outlets  # other outlets still offered while one is selected
    gone = get(client, search_url(("q", "없는낱말이다"), ("person", "koo-kwangmo")))
    box = gone.select_one('input[name="person"][value="koo-kwangmo"]')
    assert box.has_attr("checked")
    assert box.find_parent("label").select_one(".facet-count").get_text(strip=True) == "0건"


def test_a_person_given_by_name_is_ticked_and_removable(client):
    page = get(client, search_url(("person", "배경훈")))
    assert page.select_one('input[name="person"][value="bae-kyunghoon"]').has_attr("checked")
    chip = next(c for c in page.select(".chips .chip-active") if "인물: 배경훈" in c.get_text())
    assert chip.select_one("a.chip-remove")["href"] == SEARCH


def test_chips_remove_exactly_their_own_value(client):
    url = search_url(
        ("q", "AI"),
        ("person", "bae-kyunghoon"),
        ("person", "ha-jungwoo"),
        ("month", "2025-06"),
        ("from", "2025-06-01"),
        ("to", "2025-06-30"),
        ("page", "2"),
    )
    page = get(client, url)
    chips = {
        c.span.get_text(): c.select_one("a.chip-remove")["href"] for c in page.select(".chips .chip-active")
    }
    assert set(chips) == {
        "검색어: AI",
        "인물: 배경훈",
        "인물: 하정우",
        "월: 2025년 6월",
        "기간: 2025-06-01 ~ 2025-06-30",
    }
    assert link_pairs(chips["인물: 배경훈"]) == [
        ("q", "AI"),
        ("person", "ha-jungwoo"),
        ("month", "2025-06"),
        ("from", "2025-06-01"),
        ("to", "2025-06-30"),
    ]  # and back to page 1
    assert ("q", "AI") not in link_pairs(chips["검색어: AI"])
    assert not {"from", "to"} & {k for k, _ in link_pairs(chips["기간: 2025-06-01 ~ 2025-06-30"])}
    for href in chips.values():
        get(client, href)


def test_date_range_filters_and_fills_the_date_inputs(client):
    page = get(client, search_url(("from", "2025-06-20"), ("to", "2025-06-23")))
    assert page.select_one("input#from")["value"] == "2025-06-20"
    assert page.select_one("input#to")["value"] == "2025-06-23"
    expected = Article.objects.readable().filter(published_date__range=("2025-06-20", "2025-06-23")).count()
    assert result_count(page) == expected
    dates = [t["datetime"] for t in page.select(".results-list time")]
    assert all("2025-06-20" <= d <= "2025-06-23" for d in dates)


def test_sort_orders(client):
    oldest = get(client, search_url(("sort", "oldest")))
    newest = get(client, search_url(("sort", "newest")))
    assert result_titles(oldest)[0] == Article.objects.order_by("published_date").first().title
    assert result_titles(newest)[0] == Article.objects.order_by("-published_date").first().title
    assert oldest.select_one('nav.sort a[aria-current="true"]').get_text() == "오래된순"
    # The sort is kept when the form is submitted again.
    assert ("sort", "oldest") in form_state(oldest)


def test_pagination_pages_through_everything_once(client):
    first = get(client, search_url(("page_size", "10")))
    assert first.select_one('nav.pagination a[aria-current="page"]').get_text(" ", strip=True) == "페이지 1"
    seen, url = [], search_url(("page_size", "10"))
    while url:
        page = get(client, url)
        seen += result_titles(page)
        nxt = page.select_one('nav.pagination a[rel="next"]')
        url = nxt["href"] if nxt else None
    assert len(seen) == len(set(seen)) == 32
    beyond = get(client, search_url(("page", "9")))
    assert "이 페이지에는 결과가 없습니다" in beyond.get_text()


def test_the_chart_is_inline_svg_with_one_link_per_period(client):
    page = get(client, SEARCH)
    svg = page.select_one("figure.timeline svg")
    assert svg["role"] == "img" and svg.title.get_text() and svg.desc.get_text()
    assert "월별" in page.select_one("figure.timeline figcaption").get_text()
    bars = svg.select("a")
    june = next(a for a in bars if "6월" in a["aria-label"])
    assert dict(link_pairs(june["href"])) == {"from": "2025-06-01", "to": "2025-06-30"}
    count = int(june["aria-label"].split(": ")[1].rstrip("건"))
    narrowed = get(client, june["href"])
    assert result_count(narrowed) == count
    assert "주별" in narrowed.select_one("figure.timeline figcaption").get_text()
    week = narrowed.select_one("figure.timeline svg a")
    week_count = int(week["aria-label"].split(": ")[1].rstrip("건"))
    assert result_count(get(client, week["href"])) == week_count
    # The same periods as a table, for readers who cannot see the chart.
    assert len(page.select("figure.timeline table tbody tr")) == len(svg.select("rect.bar"))


def test_a_bar_replaces_the_month_filter_and_keeps_the_others(client):
    page = get(client, search_url(("q", "배경훈"), ("month", "2025-06"), ("outlet", "zdnet-korea")))
    feb = next(a for a in page.select("figure.timeline svg a") if "2월" in a["aria-label"])
    assert dict(link_pairs(feb["href"])) == {
        "q": "배경훈",
        "outlet": "zdnet-korea",
        "from": "2025-02-01",
        "to": "2025-02-28",
    }


def test_no_results_suggests_dropping_a_filter_with_counts(client):
    page = get(client, search_url(("q", "배경훈"), ("outlet", "herald-economy")))
    assert result_count(page) == 0
    box = page.select_one(".no-results")
    suggestions = {a.get_text(): a["href"] for a in box.select("ul li a")}
    outlet_label = next(label for label in suggestions if label.startswith("매체"))
    assert "헤럴드경제" in outlet_label
    assert "14건" in box.get_text()
    assert result_count(get(client, suggestions[outlet_label])) == 14


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("q=%22", "따옴표"),
        ("from=2025-13-01", "from"),
        ("from=2025-07-01&to=2025-06-01", "늦습니다"),
        ("person=nobody-at-all", "알 수 없는 인물"),
        ("month=2025-6", "YYYY-MM"),
        ("sort=random", "sort"),
        ("page=0", "page"),
        ("page_size=1000", "page_size"),
    ],
)
def test_invalid_parameters_explain_themselves_and_keep_the_form(client, query, message):
    page = get(client, f"{SEARCH}?{query}", status=400)
    alert = page.select_one('[role="alert"]')
    assert message in alert.get_text()
    assert page.select_one("form#search-form input#q")
    assert page.select_one("form#search-form button[type=submit]")


def test_an_invalid_query_keeps_the_other_filters_in_the_form(client):
    page = get(client, search_url(("q", '"'), ("person", "bae-kyunghoon"), ("page", "2")), status=400)
    assert page.select_one("input#q")["aria-invalid"] == "true"
    assert form_state(page) == [("q", '"'), ("person", "bae-kyunghoon")]
    bad_date = get(client, search_url(("q", "AI"), ("from", "2025-99-01")), status=400)
    assert ("from", "2025-99-01") not in form_state(bad_date)
    retry = bad_date.select_one('[role="alert"] a')["href"]
    assert link_pairs(retry) == [("q", "AI")]


# --- permalinks -------------------------------------------------------------------------------------


PERMALINKS = [
    [("q", "배경훈")],
    [("q", "AI"), ("person", "bae-kyunghoon"), ("person", "ha-jungwoo"), ("sort", "oldest")],
    [("programme", "national-ai-computing-center"), ("outlet", "zdnet-korea"), ("reporter", "한정호")],
    [
        ("q", "컴퓨팅센터"),
        ("month", "2025-06"),
        ("from", "2025-06-10"),
        ("to", "2025-06-30"),
        ("page_size", "5"),
    ],
    [("organisation", "lg-ai-research"), ("month", "2025-02"), ("month", "2025-06")],
]


@pytest.mark.parametrize("pairs", PERMALINKS)
def test_permalink_round_trip(client, pairs):
    """The page drawn for a URL carries that whole state: submitting its form asks for the same URL,
    and that URL gives the same page of results."""
    page = get(client, search_url(*pairs))
    assert sorted(form_state(page)) == sorted(pairs)
    again = get(client, search_url(*form_state(page)))
    assert result_titles(again) == result_titles(page)
    assert result_count(again) == result_count(page)
    # Result links bring the reader back to this exact search.
    first = page.select_one(".results-list .result-title a")["href"]
    back = get(client, first).select_one("a.back-link")["href"]
    assert sorted(link_pairs(back)) == sorted(pairs)
    assert result_titles(get(client, back)) == result_titles(page)


def test_page_two_survives_the_round_trip_to_an_article(client):
    url = search_url(("q", "AI"), ("page", "2"))
    page = get(client, url)
    article_link = page.select_one(".results-list .result-title a")["href"]
    back = get(client, article_link).select_one("a.back-link")["href"]
    assert back == url
    assert result_titles(get(client, back)) == result_titles(page)


# --- article ----------------------------------------------------------------------------------------


def test_article_page_shows_everything_about_the_article(client, django_assert_max_num_queries):
    article = Article.objects.get(title__startswith="배경훈 과기정통부 장관 후보자")
    Article.objects.filter(pk=article.pk).update(url="https://www.sedaily.com/NewsView/1")
    with django_assert_max_num_queries(16):
        page = get(client, article.get_absolute_url())
    assert page.select_one("h1#article-title").get_text() == article.title
    assert page.select_one(".subtitle").get_text(" ", strip=True).startswith("인사청문 준비")
    meta = page.select_one(".article-header .meta")
    assert meta.select_one("a.outlet").get_text() == "서울경제"
    assert meta.select_one("time")["datetime"] == "2025-06-24"
    assert [a.get_text() for a in meta.select(".reporters a")] == ["김윤수"]
    assert len(page.select(".article-body p")) == len(article.paragraphs)
    chips = page.select(".article-header .entity-chips a")
    assert {a["href"] for a in chips} >= {"/people/bae-kyunghoon/"}
    assert page.select_one(".source-link a")["href"] == "https://www.sedaily.com/NewsView/1"
    provenance = page.select_one(".provenance")
    source = article.article_sources.get().source
    assert source.sha256 in provenance.get_text()
    assert source.format in provenance.get_text()
    assert "/" not in provenance.select_one(".source dd").get_text()  # the file name, not the server's path
    assert source.ingested_at.astimezone().strftime("%Y-%m-%d") in provenance.get_text()
    related = page.select("#related-title ~ ol li a")
    assert 1 <= len(related) <= 5
    assert article.get_absolute_url() not in {a["href"] for a in related}


def test_article_page_highlights_the_search_terms_and_links_back(client):
    article = Article.objects.get(title__startswith="배경훈 장관 후보자의 우선 과제는")
    back = urlencode([("q", "배경훈"), ("person", "bae-kyunghoon"), ("page", "1")])
    page = get(client, f"{article.get_absolute_url()}?{urlencode({'q': '배경훈이', 'back': back})}")
    marks = page.select(".article-body mark")
    assert marks and {m.get_text() for m in marks} == {"배경훈"}
    assert (
        page.select_one("a.back-link")["href"]
        == "/search/?q=%EB%B0%B0%EA%B2%BD%ED%9B%88&person=bae-kyunghoon&page=1"
    )
    plain = get(client, article.get_absolute_url())
    assert not plain.select(".article-body mark")
    assert not plain.select("a.back-link")


@pytest.mark.parametrize(
    "back", ["https://evil.example/", "//evil.example", "javascript:alert(1)", "q=<script>"]
)
def test_back_link_never_leaves_the_search_page(client, back):
    article = Article.objects.first()
    page = get(client, f"{article.get_absolute_url()}?{urlencode({'back': back})}")
    href = page.select_one("a.back-link")["href"]
    assert href.startswith("/search/")
    assert "evil" not in href and "javascript" not in href and "<" not in href


def test_article_page_lists_sources_duplicates_and_merged_articles(client):
    article = Article.objects.get(title__startswith="배경훈 장관 후보자의 우선 과제는")
    near_one, near_two, merged = Article.objects.exclude(pk=article.pk).order_by("pk")[:3]
    NearDuplicate.objects.create(article=article, other=near_one, similarity=0.91)
    NearDuplicate.objects.create(article=near_two, other=article, similarity=0.96)
    Article.objects.filter(pk=merged.pk).update(merged_into=article, status=Article.Status.EXCLUDED)
    page = get(client, article.get_absolute_url())
    section = page.select_one("#duplicates-title").find_parent("section")
    links = [a["href"] for a in section.select("a")]
    assert links == [near_two.get_absolute_url(), near_one.get_absolute_url()]
    assert "96%" in section.get_text() and "91%" in section.get_text()
    assert merged.title in section.get_text()
    related = {a["href"] for a in page.select("#related-title ~ ol a")}
    assert not related & {near_one.get_absolute_url(), near_two.get_absolute_url(), merged.get_absolute_url()}


def test_article_found_in_two_files_lists_both(client):
    article = next(a for a in Article.objects.all() if a.article_sources.count() > 1)
    page = get(client, article.get_absolute_url())
    assert len(page.select(".provenance dl.source")) == 2
    assert "원본 파일 2개" in page.select_one("#duplicates-title").find_parent("section").get_text()


def test_merged_article_redirects_with_its_query(client):
    target, merged = Article.objects.order_by("pk")[:2]
    Article.objects.filter(pk=merged.pk).update(merged_into=target)
    response = client.get(f"{merged.get_absolute_url()}?q=AI")
    assert response.status_code == 301
    assert response["Location"] == f"{target.get_absolute_url()}?q=AI"


def test_unpublished_article_is_not_found(client):
    article = Article.objects.first()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.NEEDS_REVIEW)
    assert client.get(article.get_absolute_url()).status_code == 404


# --- speed ------------------------------------------------------------------------------------------


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "query", [[], [("q", "AI")], [("person", "bae-kyunghoon"), ("outlet", "zdnet-korea")]]
)
def test_search_queries_do_not_grow_with_the_page_size(client, django_assert_max_num_queries, query):
    client.get(search_url(*query))  # warm Kiwi's dictionary
    small = count_queries(client, search_url(*query, ("page_size", "5")))
    large = count_queries(client, search_url(*query, ("page_size", "50")))
    assert small == large
    with django_assert_max_num_queries(12):
        client.get(search_url(*query, ("page_size", "100")))


def test_short_span_search_with_the_weekly_chart_is_bounded(client, django_assert_max_num_queries):
    url = search_url(("q", "AI"), ("from", "2025-06-01"), ("to", "2025-06-30"), ("page_size", "50"))
    client.get(url)
    with django_assert_max_num_queries(12):
        client.get(url)


def test_article_page_queries_do_not_grow_with_tags_or_related(client):
    busy = Article.objects.get(title__startswith="[유미's 픽] 삼성·SKT도 등판?")  # many entity tags
    quiet = Article.objects.get(title__startswith="국내 4대 'IST'")
    client.get(busy.get_absolute_url())
    assert count_queries(client, busy.get_absolute_url()) == count_queries(client, quiet.get_absolute_url())


def test_a_missing_page_is_a_korean_404_page_in_the_site(client):
    response = client.get("/articles/999999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "찾는 페이지가 없습니다" in html and 'href="/search/"' in html
