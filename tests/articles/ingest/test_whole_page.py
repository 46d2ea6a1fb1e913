"""The rules a whole saved page adds to the generic reading, one per test, on snippets shaped like
the pages of tests/data/pages (the corpus itself is measured in tests/articles/test_whole_pages.py)."""

from __future__ import annotations

import pytest

from articles.ingest.clean.article_url import names_an_article
from articles.ingest.parsers.page import printed_headline
from articles.ingest.refuse import non_article_reason
from articles.ingest.whole_page import with_dropped_sentences


@pytest.mark.parametrize(
    ("meta_title", "printed"),
    [
        ("대전일보 모바일 :: 코로나19 극복 성금 기탁 줄 잇는다", "코로나19 극복 성금 기탁 줄 잇는다"),
        (
            '민주당 선호투표제 도입 또다시 불발··· 친청계 "당규 개정 왜 밀어붙이나"-정치ㅣ한국일보',
            '민주당 선호투표제 도입 또다시 불발··· 친청계 "당규 개정 왜 밀어붙이나"',
        ),
        (
            "[CEO&]창의적 열정과 소통, 초일류 시험인증 기업이 간다 : 뉴스 : 동아닷컴",
            "[CEO&]창의적 열정과 소통, 초일류 시험인증 기업이 간다",
        ),
    ],
)
def test_the_printed_headline_wins_over_a_meta_title_wrapped_in_the_site_name(meta_title, printed):
    blocks = ["뉴스 > 사회", printed, "입력 2020-03-04 16:52", "본문 첫 문장이다."]
    assert printed_headline(meta_title, [meta_title], blocks) == printed


def test_a_shorter_block_inside_the_title_is_not_taken_for_it():
    title = "정부, 인공지능 기본법 시행령 초안 공개…업계 의견 수렴"
    # "인공지능 기본법" is printed (a tag), but not set off by a separator: no headline.
    assert printed_headline(title, [title], ["인공지능 기본법", "본문이다."]) == ""


def test_a_closing_sentence_trafilatura_dropped_for_being_a_link_comes_back():
    main = ["첫 문단이다.", "둘째 문단이다. 관계자는 말했다."]
    page = [
        "메뉴",
        "첫 문단이다.",
        "둘째 문단이다. 관계자는 말했다.",
        "지침 원문은 누리집에서 내려받을 수 있다.",
        "많이 본 뉴스",
    ]
    assert with_dropped_sentences(main, page) == [*main, "지침 원문은 누리집에서 내려받을 수 있다."]
    # Menus and lists after the text stay out.
    assert with_dropped_sentences(main, [*page[:3], "많이 본 뉴스", "다른 기사 제목"]) == main


@pytest.mark.parametrize(
    "url",
    [
        "https://m.etnews.com/20240912000374",
        "http://www.sisunnews.co.kr/news/articleView.html?idxno=117295",
        "https://newsbell.co.kr/?p=861404",
        "http://news.naver.com/main/read.nhn?mode=LSD&mid=sec&oid=032&aid=0002915741&sid1=001",
        "https://www.vop.co.kr/A00001483352.html",
        "https://krtube.net/view/PWebl7Xtrp8.html",
        "https://www.news1.kr/articles/?4304009",
    ],
)
def test_urls_naming_one_article(url):
    assert names_an_article(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.economidaily.com/search?q=%EC%9A%B0%EC%A3%BC",
        "https://etoday.co.kr/news/section/subsection?MID=1101&page=52",
        "https://www.bloter.net/archives/tag/%EC%9D%B8%ED%95%98",
        "https://www.etnews.com/news/category_list.html?id=1837&page=4",
        "https://www.etoday.co.kr/reporter?eid=ljs",
        "https://news.daum.net/",
        "",
        "not a url",
    ],
)
def test_urls_of_collections_and_non_urls(url):
    assert not names_an_article(url)


def test_one_line_of_bulleted_prose_is_no_yaml_file():
    summary = (
        "- 청정에너지 수소발전을 위한 입찰시장이 본격적으로 열려 - 정부, 2030년 온실가스 감축 효과 기대 " * 3
    )
    assert non_article_reason(summary) is None
    assert non_article_reason("seeds:\n  - https://a.example\n  - https://b.example\nselector: div.body\n")
