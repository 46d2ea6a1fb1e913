"""ZDNet Korea search-result pages (seeds 000 and 004)."""

from __future__ import annotations

import datetime as dt

import pytest

from articles.ingest.parsers import zdnet_search
from articles.ingest.registry import parse_text
from articles.ingest.types import ParseError
from tests.articles.ingest.support import OUTLETS, SEED_ARTICLES, metadata, seed

EXPECTED_000 = SEED_ARTICLES["000"]
EXPECTED_004 = SEED_ARTICLES["004"]

IN_BOTH = {
    "[유미's 픽] 삼성·SKT도 등판?…李 정부 '국가대표 AI' 선발전, 판 커질까",
    "배경훈·하정우 듀오, '국가AI컴퓨팅센터' 성공 이끌까…민간 중심 전환 '신호탄'",
    "'파격' 인사 기업도 놀랐다…배경훈-하정우 콤비, 韓 AI 부흥 이끌까",
    "'40대 AI 전문가' 배경훈, 과기정통부 이끈다",
}

BOILERPLATE = [
    "지금 뜨는 기사",
    "이시각 헤드라인",
    "Prev",
    "Next",
    "통합검색 결과",
    "ZDNet 검색 페이지",
    "ZDNet Power Center",
    "Connect with us",
    "회사소개",
    "COPYRIGHT",
    "ZDNet USA",
    "지디넷 웨비나",
    "제목 + 내용",
    "3개월",
    "삼성 파운드리 '2세대 2나노' 공정 본격화...외부 고객사 확보 첫 발",
    "라인프렌즈에서 ‘케이팝스퀘어’로…홍대 새로운 K팝 성지 가보니",
    "삼성, 엔비디아향 HBM4 양산검증 목전…1c D램 대량 할당",
    "아이온큐, 18억 달러에 스카이워터 인수",
]


@pytest.fixture(scope="module")
def page_000():
    return zdnet_search.parse(seed("000"), name="000.txt", outlets=OUTLETS)


@pytest.fixture(scope="module")
def page_004():
    return zdnet_search.parse(seed("004"), name="004.txt", outlets=OUTLETS)


def as_rows(result):
    return [metadata(a) for a in result.articles]


@pytest.mark.parametrize("prefix", ["000", "004"])
def test_detects_both_seed_pages(prefix):
    assert zdnet_search.detect(seed(prefix), name="x.txt")


@pytest.mark.parametrize("prefix", ["001", "002", "003"])
def test_does_not_detect_other_seeds(prefix):
    assert not zdnet_search.detect(seed(prefix), name="x.txt")


@pytest.mark.parametrize(("prefix", "count"), [("000", 13), ("004", 20)])
def test_every_result_with_its_title_date_time_and_reporter(request, prefix, count):
    page = request.getfixturevalue(f"page_{prefix}")
    assert len(page.articles) == count
    assert as_rows(page) == SEED_ARTICLES[prefix]
    assert page.warnings == []
    assert page.format == "zdnet_search"


def test_29_distinct_titles_across_both_pages(page_000, page_004):
    titles_000 = {a.title for a in page_000.articles}
    titles_004 = {a.title for a in page_004.articles}
    assert titles_000 & titles_004 == IN_BOTH
    assert len(titles_000 | titles_004) == 29


def test_fields_common_to_all_results(page_000, page_004):
    for article in page_000.articles + page_004.articles:
        assert article.outlet == "지디넷코리아"
        assert article.subtitle == ""
        assert article.url == ""
        assert article.language == "ko"
        assert article.review_reasons == []
        assert len(article.reporters) == 1
        assert "기자" not in article.reporters[0]
        # The search page puts each article on one line: one paragraph, never the date line.
        assert len(article.paragraphs) == 1
        assert len(article.paragraphs[0]) > 50
        assert not article.paragraphs[0].startswith("2025.")


def test_reporter_with_and_without_gija_suffix(page_000, page_004):
    # 000 writes "2025.06.27 11:53장유미 기자", 004 writes "2025.06.27 11:53장유미".
    assert page_000.articles[0].reporters == ["장유미"]
    assert page_004.articles[2].reporters == ["장유미"]
    assert page_000.articles[0].paragraphs == page_004.articles[2].paragraphs


def test_specific_bodies(page_000, page_004):
    breaking = page_000.articles[9]
    assert breaking.paragraphs == [
        "이재명 대통령이 23일 과학기술정보통신부 장관 후보자에 배경훈 LG AI연구원장을 내정했다. "
        "배경훈 장관 후보자를 비롯해 11개 부처에 대한 인선이 이뤄졌다."
    ]
    first = page_000.articles[0].paragraphs[0]
    assert first.startswith("약 2천억원을 투입해 글로벌 톱 수준의 거대언어모델(LLM)을 만들")
    assert first.endswith('함께 나서야 할 것"이라고 피력했다.')
    aws = page_004.articles[5]
    assert aws.published_date == dt.date(2025, 6, 25)
    assert aws.published_time == dt.time(11, 14)
    assert aws.paragraphs[0].startswith("아마존웹서비스(AWS)가 과학기술정보통신부의")


def test_no_boilerplate_in_titles_or_paragraphs(page_000, page_004):
    for article in page_000.articles + page_004.articles:
        for text in [article.title, *article.paragraphs]:
            for junk in BOILERPLATE:
                assert junk not in text, (junk, article.title)


def test_headline_block_repeating_a_real_title_is_not_an_extra_article(page_004):
    titles = [a.title for a in page_004.articles]
    assert titles.count("[유미's 픽] 삼성·SKT도 등판?…李 정부 '국가대표 AI' 선발전, 판 커질까") == 1
    assert "삼성 파운드리 '2세대 2나노' 공정 본격화...외부 고객사 확보 첫 발" not in titles


def test_truncated_in_the_middle_of_a_body_keeps_complete_articles():
    text = seed("000")
    cut = text[: len(text) // 2]
    # The half-way point falls inside the body of the 8th result.
    body_start = text.index('"과거 정부가 이처럼 친기업적 성향을')
    assert body_start < len(cut) < text.index("2025.06.23 15:23장유미 기자")

    result = zdnet_search.parse(cut, name="cut.txt", outlets=OUTLETS)
    assert as_rows(result) == EXPECTED_000[:7]
    assert len(result.warnings) == 1
    warning = result.warnings[0]
    assert warning.startswith("article 8 ('")
    assert "'파격' 인사 기업도 놀랐다" in warning
    assert "cut off" in warning
    assert "no date/reporter line" in warning


def test_truncated_after_a_title_keeps_complete_articles():
    text = seed("004")
    title = "정부, '국가대표 AI' 만든다…글로벌 수준 모델 개발에 '총력'"
    cut = text[: text.index(title) + len(title)]
    result = zdnet_search.parse(cut, name="cut.txt", outlets=OUTLETS)
    assert as_rows(result) == EXPECTED_004[:11]
    assert result.warnings == [
        "article 12 ('정부, '국가대표 AI' 만든다…글로벌 수준 모델 개발…') "
        "is cut off: no body and no date/reporter line"
    ]


def test_truncated_inside_a_date_line():
    text = seed("004")
    cut = text[: text.index("2025.06.25 11:14남혁우") + len("2025.06.2")]
    result = zdnet_search.parse(cut, name="cut.txt", outlets=OUTLETS)
    assert as_rows(result) == EXPECTED_004[:5]
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("article 6 ('글로벌 클라우드 최초…AWS")


def test_page_ending_on_a_date_line_flags_a_possibly_cut_reporter():
    text = seed("004")
    cut = text[: text.index("2025.06.25 11:14남혁우") + len("2025.06.25 11:14남혁")]
    result = zdnet_search.parse(cut, name="cut.txt", outlets=OUTLETS)
    assert len(result.articles) == 6
    last = result.articles[-1]
    assert last.reporters == ["남혁"]
    assert last.review_reasons == ["reporter may be cut off"]
    assert "reporter name may be cut off" in result.warnings[0]
    # The same page with its newline intact is complete: nothing to flag.
    whole_line = text[: text.index("2025.06.25 11:14남혁우") + len("2025.06.25 11:14남혁우\n")]
    assert zdnet_search.parse(whole_line, name="ok.txt", outlets=OUTLETS).warnings == []


def test_page_cut_before_the_first_result_is_an_error():
    text = seed("000")
    cut = text[: text.index("[유미's 픽]") + 5]
    result = zdnet_search.parse(cut, name="cut.txt", outlets=OUTLETS)
    assert result.articles == []
    with pytest.raises(ParseError, match=r"cut\.txt: no articles found"):
        parse_text(cut, name="cut.txt", outlets=OUTLETS)


def test_multiple_reporters_on_the_date_line():
    text = seed("000").replace("2025.06.27 11:53장유미 기자", "2025.06.27 11:53장유미·한정호 기자")
    result = zdnet_search.parse(text, name="x.txt", outlets=OUTLETS)
    assert result.articles[0].reporters == ["장유미", "한정호"]
