"""BigKinds rows into articles: every column mapped. Rows from the real downloads' excerpts in
tests/data/bigkinds (sources in its README); the whole files too, when the shared data set is here."""

from __future__ import annotations

import collections
import datetime as dt
from pathlib import Path

import pytest

from articles.ingest.parsers import bigkinds
from articles.ingest.registry import parse_bytes
from articles.ingest.stream import XLSX, records
from articles.ingest.types import ParseError

DATA = Path(__file__).resolve().parents[2] / "data" / "bigkinds"
XLSX_EXCERPT = DATA / "NewsResult_20210201-20210228_excerpt.xlsx"
CSV_EXCERPT = DATA / "RawData_hallyu_2015-2018_cp949_excerpt.csv"
# The shared data set beside the checkout (../shared/data/bigkinds from the main checkout, further
# up from a worktree); the tests on it are skipped where it is not.
SHARED = next(
    (
        p / "shared" / "data" / "bigkinds"
        for p in Path(__file__).resolve().parents
        if (p / "shared" / "data" / "bigkinds").is_dir()
    ),
    DATA / "absent",
)
SHARED_XLSX = SHARED / "NewsResult_20210201-20210228.xlsx"
SHARED_CSV = SHARED / "RawData_hallyu_2015-2018_cp949.csv"

ROW = {
    "뉴스 식별자": "02100601.20200801111839001",
    "일자": "20200801",
    "언론사": "강원도민일보",
    "기고자": "세종/박성우 기자  park@kado.net",
    "제목": "\u200b[속보] 정부, AI 바우처\n사업 확대",
    "통합 분류1": "IT_과학>인터넷_SNS",
    "통합 분류2": " IT_과학>IT_과학일반",
    "인물": "박성우",
    "기관": "과학기술정보통신부,정보통신산업진흥원",
    "키워드": "AI,바우처,사업,확대",
    "본문": "정부가 인공지능 바우처 사업을 확대한다.\n과학기술정보통신부는 1일 ..",
    "URL": "www.kado.net/news/articleView.html?idxno=1036578",
    "분석제외 여부": "중복, 예외",
}


def test_a_row_with_every_column_mapped():
    article = bigkinds.row_article(ROW)
    assert article.external_id == "02100601.20200801111839001"
    assert article.published_date == dt.date(2020, 8, 1) and article.published_time is None
    assert article.outlet == "강원도민일보"
    assert article.reporters == ["박성우"]
    assert article.title == "[속보] 정부, AI 바우처 사업 확대"
    # The excerpt without BigKinds' ".." mark, and marked as one.
    assert article.paragraphs == ["정부가 인공지능 바우처 사업을 확대한다.", "과학기술정보통신부는 1일"]
    assert article.is_excerpt
    assert article.url == "http://www.kado.net/news/articleView.html?idxno=1036578"
    assert article.review_reasons == ["BigKinds 분석제외: 중복, 예외"]
    assert article.provenance == {
        "통합 분류1": "IT_과학>인터넷_SNS",
        "통합 분류2": "IT_과학>IT_과학일반",
        "인물": "박성우",
        "기관": "과학기술정보통신부,정보통신산업진흥원",
        "키워드": "AI,바우처,사업,확대",
        "분석제외 여부": "중복, 예외",
    }


def test_a_short_item_is_whole_and_a_row_without_body_is_an_excerpt_with_none():
    whole = bigkinds.row_article({**ROW, "본문": "인사 과학기술정보통신부 ◇국장 홍길동"})
    assert not whole.is_excerpt and whole.paragraphs == ["인사 과학기술정보통신부 ◇국장 홍길동"]
    title_only = bigkinds.row_article({"일자": "20181231", "언론사": "조선일보", "제목": "한류 콘텐츠 수출"})
    assert title_only.is_excerpt and title_only.paragraphs == []
    assert title_only.review_reasons == ["no body (title only)"]


def test_an_id_stored_as_a_number_is_refused_not_rounded():
    with pytest.raises(bigkinds.RowError, match="stored as a number"):
        bigkinds.row_article({**ROW, "뉴스 식별자": 2100601.2020080111})
    with pytest.raises(bigkinds.RowError, match="missing '제목'"):
        bigkinds.row_article({**ROW, "제목": " "})


def test_a_bad_date_costs_the_date_only():
    article = bigkinds.row_article({**ROW, "일자": "2020-13-01"})
    assert article.published_date is None
    assert article.review_reasons[0].startswith("date rejected")


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        ("www.kado.net/news/articleView.html?idxno=1", "http://www.kado.net/news/articleView.html?idxno=1"),
        ("news.khan.co.kr/kh_news/a.html", "http://news.khan.co.kr/kh_news/a.html"),
        ("//www.hani.co.kr/arti/1.html", "http://www.hani.co.kr/arti/1.html"),
        ("https://www.chosun.com/a/", "https://www.chosun.com/a/"),
        ("", ""),
        ("없음", ""),
    ],
)
def test_urls_without_a_scheme_are_mended(raw, url):
    assert bigkinds.mended_url(raw) == url


def test_the_xlsx_excerpt_read_as_a_stream():
    rows = list(records(XLSX_EXCERPT, fmt=XLSX))
    assert [r.line for r in rows] == list(range(2, 10)) and all(r.article for r in rows)
    by_id = {r.article.external_id: r.article for r in rows}
    assert by_id["01100101.20210228085221002"].reporters == ["김재중"]  # 워싱턴|김재중 특파원
    assert by_id["01100801.20210226223038001"].reporters == ["성유진", "장형태"]  # two lines
    assert by_id["01100801.20210226031831001"].reporters == ["손진석"]  # 파리/손진석 특파원
    assert by_id["01100101.20210218203816001"].reporters == ["조형국"]  # 조형국 | 정책사회부
    assert by_id["01100101.20210225172114004"].review_reasons == ["BigKinds 분석제외: 중복, 예외"]
    first = by_id["01100101.20210228211022001"]
    assert first.title == "백신 접종 3일째 ‘큰 탈’ 없어 곳곳서 방역 해이 ‘찬물’ 우려"
    assert first.outlet == "경향신문" and first.published_date == dt.date(2021, 2, 28)
    assert first.is_excerpt and first.paragraphs[-1].endswith("곳곳에서 방역 해이 조짐이")
    assert first.provenance["인물"] == "손영래"


def test_the_cp949_csv_excerpt_uploaded_whole():
    result = parse_bytes(CSV_EXCERPT.read_bytes(), name=CSV_EXCERPT.name)
    assert result.format == "bigkinds" and len(result.articles) == 6
    first = result.articles[0]
    assert first.title == '[2019 신년사] 이효성 위원장 "통신분쟁조정위원회 설립, 휴대폰 인터넷 분쟁 줄일 것"'
    assert (first.outlet, first.published_date, first.is_excerpt) == ("조선일보", dt.date(2018, 12, 31), True)


def test_a_csv_with_a_bad_row_reports_its_line():
    text = (
        "일자,언론사,제목\n20210101,한겨레,첫 기사\n20210102,,언론사 없는 행\n20210103,경향신문,셋째 기사\n"
    )
    result = bigkinds.parse(text, name="x.csv")
    assert [a.title for a in result.articles] == ["첫 기사", "셋째 기사"]
    assert result.warnings == ["line 3: missing '언론사'"]
    with pytest.raises(ParseError):
        bigkinds.parse("일자,언론사,제목\n,,x\n", name="y.csv")


@pytest.mark.skipif(not SHARED_XLSX.exists(), reason="the shared BigKinds data set is not here")
def test_the_whole_shared_xlsx():
    rows = list(records(SHARED_XLSX, fmt=XLSX))
    assert len(rows) == 602 and all(r.article for r in rows)
    articles = [r.article for r in rows]
    # Read as text, the 602 ids stay 602 (as floats they collapse into a few hundred).
    assert len({a.external_id for a in articles}) == 602
    assert all(len(a.external_id) == 26 for a in articles)
    assert collections.Counter(a.outlet for a in articles) == {
        "조선일보": 207,
        "경향신문": 186,
        "한겨레": 122,
        "문화일보": 87,
    }
    assert all(a.url.startswith("http") for a in articles)
    assert sum(a.is_excerpt for a in articles) == 581
    excluded = collections.Counter(a.provenance.get("분석제외 여부") for a in articles)
    assert excluded == {None: 559, "예외": 34, "중복": 5, "중복, 예외": 4}
    assert all(not any("@" in name for name in a.reporters) for a in articles)


@pytest.mark.skipif(not SHARED_CSV.exists(), reason="the shared BigKinds data set is not here")
def test_the_whole_shared_csv():
    rows = list(records(SHARED_CSV, fmt="csv"))
    assert len(rows) == 16712 and all(r.article for r in rows)
    assert rows[-1].line == 16713
    assert all(r.article.published_date for r in rows)
