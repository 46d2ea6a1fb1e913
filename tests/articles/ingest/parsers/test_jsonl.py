"""JSON Lines exports: one article per line, bad lines become warnings."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from articles.ingest.parsers import jsonl
from articles.ingest.registry import detect_format, parse_text
from articles.ingest.types import ParseError
from articles.ingest.untitled import PROVISIONAL_REASON
from tests.articles.ingest.support import OUTLETS

GOOD = {
    "title": "배경훈 과기정통부 장관 후보자 “인프라·데이터 보완해 글로벌 AI 경쟁 대응”",
    "subtitle": '인사청문 준비 출근길서 포부 밝혀\n"알파폴드처럼 AI·기초과학 연계"',
    "body": "첫 문단이다.\n줄바꿈은 같은 문단이다.\n\n둘째 문단이다.\n\n\n셋째 문단이다.",
    "outlet": "서울경제",
    "published_at": "2025-06-24T18:13:00+09:00",
    "reporters": ["김윤수 기자"],
    "url": "https://www.sedaily.com/NewsView/1234",
    "views": 41,
}


def line(**changes) -> str:
    record = {**GOOD, **changes}
    return json.dumps({k: v for k, v in record.items() if v is not None}, ensure_ascii=False)


def test_detect_first_non_empty_line_is_an_object():
    assert jsonl.detect("\n\n" + line() + "\n", name="a.jsonl")
    assert not jsonl.detect('["a list"]\n', name="a.jsonl")
    assert not jsonl.detect("{ not json\n", name="a.jsonl")
    assert not jsonl.detect("제목\n{}\n", name="a.txt")


def test_good_line_every_field():
    result = jsonl.parse(line() + "\n", name="a.jsonl", outlets=OUTLETS)
    assert result.format == "jsonl"
    assert result.warnings == []
    (article,) = result.articles
    assert article.title == GOOD["title"]
    assert article.subtitle == '인사청문 준비 출근길서 포부 밝혀\n"알파폴드처럼 AI·기초과학 연계"'
    assert article.paragraphs == ["첫 문단이다. 줄바꿈은 같은 문단이다.", "둘째 문단이다.", "셋째 문단이다."]
    assert article.outlet == "서울경제"
    assert article.published_date == dt.date(2025, 6, 24)
    assert article.published_time == dt.time(18, 13)
    assert article.reporters == ["김윤수"]
    assert article.url == "https://www.sedaily.com/NewsView/1234"
    assert article.review_reasons == []


def test_bad_lines_become_warnings_and_good_lines_still_parse():
    text = "\n".join(
        [
            line(title="첫 기사"),
            line(title="본문 없는 기사", body=None),
            "{this is not json",
            "",
            line(title="날짜가 이상한 기사", published_at="어제 오후"),
            json.dumps({"body": "제목도 매체도 없다.", "published_at": "2025-06-24"}, ensure_ascii=False),
            "[1, 2]",
            line(title="마지막 기사", published_at="2025-06-25"),
        ]
    )
    result = jsonl.parse(text, name="a.jsonl", outlets=OUTLETS)
    # A body makes an article: a record without a date, title or outlet is kept, for review.
    assert [a.title for a in result.articles] == [
        "첫 기사",
        "날짜가 이상한 기사",
        "제목도 매체도 없다.",
        "마지막 기사",
    ]
    assert result.warnings[0] == "line 2: missing 'body'"
    assert result.warnings[1].startswith("line 3: invalid JSON")
    assert result.warnings[2] == (
        "line 5: unparseable 'published_at' '어제 오후'; the article is kept without a date, for review"
    )
    assert result.warnings[3] == "line 7: not a JSON object but list"
    assert len(result.warnings) == 4
    untitled = result.articles[2]
    assert untitled.outlet is None and PROVISIONAL_REASON in untitled.review_reasons
    assert "outlet unknown" in untitled.review_reasons


def test_bare_date_means_time_unknown():
    (article,) = jsonl.parse(line(published_at="2025-06-24"), name="a.jsonl", outlets=OUTLETS).articles
    assert article.published_date == dt.date(2025, 6, 24)
    assert article.published_time is None


def test_what_news_please_and_trafilatura_write():
    # news-please: maintext, date_publish, authors, source_domain; trafilatura's JSON: text, date,
    # author, and "source" holding the page's URL, not a name.
    news_please = {
        "authors": ["홍길동"],
        "date_publish": "2025-09-08 14:05:00",
        "description": "요약.",
        "maintext": "본문이다.",
        "source_domain": "www.yna.co.kr",
        "title": "뉴스 플리즈",
        "url": "https://www.yna.co.kr/view/AKR2",
    }
    article, _ = jsonl.record_article(news_please, outlets=OUTLETS)
    assert (article.paragraphs, article.outlet, article.reporters, article.is_excerpt) == (
        ["본문이다."],
        "연합뉴스",
        ["홍길동"],
        False,
    )
    assert (article.published_date, article.published_time) == (dt.date(2025, 9, 8), dt.time(14, 5))
    trafilatura = {
        "title": "t",
        "text": "본문.",
        "date": "2025-09-08",
        "source": "https://www.newsis.com/view/NISX1",
    }
    assert jsonl.record_article(trafilatura, outlets=OUTLETS)[0].outlet == "뉴시스"
    unknown = {"title": "t", "text": "본문.", "source": "https://blog.example.org/1"}
    article, _ = jsonl.record_article(unknown, outlets=OUTLETS)
    assert article.outlet is None and "outlet unknown" in article.review_reasons


@pytest.mark.parametrize(
    ("value", "date", "time"),
    [
        ("2025-06-24T18:13:00+09:00", dt.date(2025, 6, 24), dt.time(18, 13)),
        # Aware datetimes elsewhere become Seoul wall time, across midnight too.
        ("2025-06-24T09:13:00Z", dt.date(2025, 6, 24), dt.time(18, 13)),
        ("2025-06-24T20:30:00+00:00", dt.date(2025, 6, 25), dt.time(5, 30)),
        ("2025-06-24T05:00:00-04:00", dt.date(2025, 6, 24), dt.time(18, 0)),
        # Naive datetimes are already Seoul time.
        ("2025-06-24T18:13:00", dt.date(2025, 6, 24), dt.time(18, 13)),
        ("2025-06-24 18:13", dt.date(2025, 6, 24), dt.time(18, 13)),
        ("2025-06-24T18:13:27.5+09:00", dt.date(2025, 6, 24), dt.time(18, 13, 27)),
    ],
)
def test_datetimes_are_converted_to_seoul_wall_time(value, date, time):
    (article,) = jsonl.parse(line(published_at=value), name="a.jsonl", outlets=OUTLETS).articles
    assert (article.published_date, article.published_time) == (date, time)


def test_missing_date_is_allowed_but_flagged():
    (article,) = jsonl.parse(line(published_at=None), name="a.jsonl", outlets=OUTLETS).articles
    assert article.published_date is None
    assert article.review_reasons == ["date unknown"]


def test_reporters_are_bare_deduplicated_names():
    value = ["장유미 기자", "장유미", "한정호·조이환 기자", "John Kim"]
    (article,) = jsonl.parse(line(reporters=value), name="a.jsonl", outlets=OUTLETS).articles
    assert article.reporters == ["장유미", "한정호", "조이환", "John Kim"]


def test_outlet_alias_becomes_the_korean_name_and_unknown_outlets_pass_through():
    text = line(outlet="ZDNet Korea") + "\n" + line(outlet="새로운매체", title="다른 기사")
    result = jsonl.parse(text, name="a.jsonl", outlets=OUTLETS)
    assert [a.outlet for a in result.articles] == ["지디넷코리아", "새로운매체"]


def test_body_as_list_and_unknown_keys_are_accepted():
    (article,) = jsonl.parse(
        line(body=["하나.", "", "둘."], extra={"x": 1}), name="a.jsonl", outlets=OUTLETS
    ).articles
    assert article.paragraphs == ["하나.", "둘."]


def test_wrong_types_are_line_warnings():
    text = line(title=5) + "\n" + line(reporters=5) + "\n" + line()
    result = jsonl.parse(text, name="a.jsonl", outlets=OUTLETS)
    assert len(result.articles) == 1
    assert result.warnings == [
        "line 1: 'title' is not a string",
        "line 2: 'reporters' is not a list of names",
    ]


def test_blank_body_counts_as_missing():
    text = line(title="하나") + "\n" + line(body="  \n\n ") + "\n"
    result = jsonl.parse(text, name="a.jsonl", outlets=OUTLETS)
    assert [a.title for a in result.articles] == ["하나"]
    assert result.warnings == ["line 2: missing 'body'"]


def test_no_valid_line_is_an_error():
    with pytest.raises(ParseError, match=r"no valid JSON Lines record.*line 1: missing 'body'"):
        jsonl.parse(line(body=None) + "\n{broken\n", name="a.jsonl", outlets=OUTLETS)


def test_registry_picks_jsonl_even_when_a_body_quotes_other_formats():
    body = "ZDNet 검색 페이지\n\n'배경훈'통합검색 결과 입니다. (113건)\n\n입력 2025-02-25 16:21"
    text = line(body=body)
    assert detect_format(text, name="a.jsonl") is jsonl
    result = parse_text(text, name="a.jsonl", outlets=OUTLETS)
    assert result.format == "jsonl"
    assert result.text == text


def test_lone_surrogates_escaped_in_json_become_replacement_characters():
    # json.dumps writes "\ud800" as an escape; such text would fail in PostgreSQL, not in JSON.
    raw = json.dumps(
        {**GOOD, "title": "AI \ud800 정책", "reporters": ["김윤수\udfff 기자"]}, ensure_ascii=True
    )
    (article,) = jsonl.parse(raw + "\n", name="a.jsonl", outlets=OUTLETS).articles
    assert article.title == "AI \ufffd 정책"
    assert not any("\ud800" <= ch <= "\udfff" for ch in article.title + "".join(article.reporters))
    article.title.encode("utf-8")  # what the database will need


def test_external_id_and_excerpt_flag_are_carried():
    ((article, _), (number, _)) = [
        jsonl.line_article(line(external_id="02100601.20200801111839001", is_excerpt=True)),
        jsonl.line_article(line(external_id=20250624001, is_excerpt="false")),
    ]
    assert (article.external_id, article.is_excerpt) == ("02100601.20200801111839001", True)
    # An integer id is exact in JSON, so it is kept; as text, like every id.
    assert (number.external_id, number.is_excerpt) == ("20250624001", False)
    plain, _ = jsonl.line_article(line())
    assert (plain.external_id, plain.is_excerpt) == ("", False)


@pytest.mark.parametrize(
    ("changes", "doubt"),
    [
        (
            {"external_id": 2100601.25},
            "external id dropped: 2100601.25 was written as a number and may have lost digits",
        ),
        ({"external_id": "두 단어 id"}, "external id dropped: '두 단어 id' is not an id"),
        ({"is_excerpt": "maybe"}, "'is_excerpt' 'maybe' is neither true nor false: taken as false"),
    ],
)
def test_a_float_id_or_an_unclear_flag_costs_the_field_not_the_article(changes, doubt):
    (article,) = jsonl.parse(line(**changes) + "\n", name="a.jsonl").articles
    assert (article.external_id, article.is_excerpt) == ("", False)
    assert doubt in article.review_reasons


def test_the_names_other_scrapers_give_the_fields():
    # A Naver search API item: originallink, an HTML-marked title and snippet, an RFC 2822 pubDate.
    naver = {
        "title": "&quot;<b>AI</b> 기본법&quot; 시행령 입법예고",
        "originallink": "https://www.yna.co.kr/view/AKR20250908000100017",
        "link": "https://n.news.naver.com/mnews/article/001/0015612345",
        "description": "과학기술정보통신부는 <b>AI</b> 기본법 시행령 제정안을 입법예고한다고 8일 밝혔다.",
        "pubDate": "Mon, 08 Sep 2025 14:05:00 +0900",
    }
    article, rejected = jsonl.record_article(naver, outlets=OUTLETS)
    assert rejected == "" and article.title == '"AI 기본법" 시행령 입법예고'
    assert article.paragraphs == ["과학기술정보통신부는 AI 기본법 시행령 제정안을 입법예고한다고 8일 밝혔다."]
    assert article.is_excerpt  # a snippet stands in for the body it is not
    assert (article.url, article.outlet) == (naver["originallink"], "연합뉴스")  # named by its host
    assert (article.published_date, article.published_time) == (dt.date(2025, 9, 8), dt.time(14, 5))
    # NewsAPI nests the outlet and calls the date publishedAt; Korean column names work too.
    newsapi = {
        "source": {"id": None, "name": "Yonhap"},
        "content": "본문.",
        "headline": "제목",
        "publishedAt": "2025-09-08T05:05:00Z",
    }
    article, _ = jsonl.record_article(newsapi, outlets=OUTLETS)
    assert (article.title, article.outlet, article.published_time) == ("제목", "연합뉴스", dt.time(14, 5))
    korean = {
        "제목": "국문 열 이름",
        "본문": "본문이다.",
        "언론사": "뉴시스",
        "일자": "2025.09.08 오후 2:05",
        "기자": "홍길동 기자",
    }
    article, _ = jsonl.record_article(korean, outlets=OUTLETS)
    assert (article.title, article.outlet, article.reporters) == ("국문 열 이름", "뉴시스", ["홍길동"])
    assert (article.published_date, article.published_time) == (dt.date(2025, 9, 8), dt.time(14, 5))
    # The archive's own key wins over an alias.
    both = {"title": "제목", "body": "진짜 본문.", "content": "다른 본문.", "outlet": "뉴시스"}
    assert jsonl.record_article(both, outlets=OUTLETS)[0].paragraphs == ["진짜 본문."]


@pytest.mark.parametrize(
    ("value", "date", "time"),
    [
        ("20250908", dt.date(2025, 9, 8), None),
        (20250908, dt.date(2025, 9, 8), None),
        ("202509081405", dt.date(2025, 9, 8), dt.time(14, 5)),
        (1757307900, dt.date(2025, 9, 8), dt.time(14, 5)),  # Unix seconds, 05:05 UTC
        ("1757307900000", dt.date(2025, 9, 8), dt.time(14, 5)),  # milliseconds
        ("2025.09.08 14:05", dt.date(2025, 9, 8), dt.time(14, 5)),
        ("2025년 9월 8일 오후 2:05", dt.date(2025, 9, 8), dt.time(14, 5)),
        ("2025/09/08", dt.date(2025, 9, 8), None),
    ],
)
def test_dates_in_the_forms_scrapers_write_them(value, date, time):
    article, rejected = jsonl.record_article({"title": "t", "body": "b.", "date": value})
    assert rejected == "" and (article.published_date, article.published_time) == (date, time)


def test_html_paragraphs_and_korean_brackets():
    body = '<div class="article"><p>첫 문단</p><figure><img src="a.jpg"></figure><p>둘째 <b>문단</b>이다<br>셋째</p></div>'
    record = {"title": "<오징어 게임> 시즌2", "body": body, "outlet": "뉴시스"}
    article, _ = jsonl.record_article(record, outlets=OUTLETS)
    assert article.title == "<오징어 게임> 시즌2"
    assert article.paragraphs == ["첫 문단", "둘째 문단이다", "셋째"]
    # A plain body that names a work in angle brackets is not read as HTML.
    plain = {"title": "t", "body": "영화 <기생충>이 개봉했다.\n\n둘째 문단."}
    assert jsonl.record_article(plain)[0].paragraphs == ["영화 <기생충>이 개봉했다.", "둘째 문단."]
