"""The rules a whole saved page adds to the generic reading, one per test, on snippets shaped like
the pages of tests/data/pages (the corpus itself is measured in tests/articles/test_whole_pages.py)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from articles.ingest.clean.article_url import names_an_article
from articles.ingest.parsers import generic
from articles.ingest.parsers.page import printed_headline, read_page
from articles.ingest.refuse import non_article_reason
from articles.ingest.types import ParseError
from articles.ingest.whole_page import portal_page_reason, with_dropped_sentences
from tests.articles.ingest.support import OUTLETS

LEAD = "바른미래당 내 비당권파가 신당 출범을 공식화했다고 9일 밝혔다. 창당 발기인 대회는 다음 달 열린다."


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


@pytest.mark.parametrize(
    "logo",
    [
        '<h1><a href="https://www.naver.com/">NAVER</a> <a href="/">뉴스</a></h1>',
        '<h1><a href="https://media.naver.com/press/607">뉴스타파</a></h1>',
        '<h1><a href="http://www.mt.co.kr"><img alt="머니투데이" src="logo.png"></a></h1>',
        "<h1>연합뉴스TV</h1>",
    ],
)
def test_a_logo_in_an_h1_is_not_the_headline(logo):
    headline = "안철수 빠진 변혁 신당 깃발…이합집산의 시작?"
    page = f"<html><head><title>{headline} : 사이트</title></head><body>{logo}<h1>{headline}</h1><p>{LEAD}</p></body></html>"
    assert read_page(page, OUTLETS).title == headline


def test_a_heading_called_title_names_the_page_when_nothing_else_does():
    headline = "안철수 빠진 변혁 신당 깃발…이합집산의 시작?"
    page = (
        '<html><head><title>연합뉴스TV</title></head><body><h1>연합뉴스TV</h1><h2 class="menu">많이 본 뉴스</h2>'
        f'<h2 class="title">{headline}</h2><p>{LEAD}</p></body></html>'
    )
    assert read_page(page, OUTLETS).title == headline
    # The title tag, when it names the story, comes first: a sub-heading is no headline.
    page = page.replace("<title>연합뉴스TV", f"<title>{headline} | 연합뉴스TV").replace(
        f'<h2 class="title">{headline}', '<h2 class="title">창당 발기인 명단에 안철수계는 없었다'
    )
    assert read_page(page, OUTLETS).title == headline


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ('<span class="byline">장석준 글로벌정치경제연구소 기획위원</span>', ["장석준"]),
        (
            '<div class="writer"><span class="name"> 순천, 광양 <strong>구현모</strong> 기자</span> ninek@hankookilbo.com</div>',
            ["구현모"],
        ),
        ('<div class="comment"><span class="author">홍길동 기자</span></div>', []),
    ],
)
def test_a_byline_element_names_the_writer_when_no_author_tag_does(byline, names):
    page = f"<html><head><title>제목</title></head><body><h1>지금, 노회찬의 말이 그립다</h1><p>{LEAD}</p>{byline}</body></html>"
    assert read_page(page, OUTLETS).reporters == names


def test_a_stamp_labelled_songgo_sigan_says_the_page_is_an_article():
    links = "".join(f'<a href="/news/{i}">다른 기사 제목 {i}번째 이야기</a>' for i in range(40))
    page = (
        f"<html><body><h2>신당 깃발</h2><p>송고시간 2019-12-09 08:00:04</p>{links}<p>{LEAD}</p></body></html>"
    )
    soup = BeautifulSoup(page, "html.parser")
    text = soup.get_text("\n")
    assert portal_page_reason(soup, article_meta=False, text=text) is None
    assert portal_page_reason(soup, article_meta=False, text=text.replace("송고시간 2019-12-09 08:00:04", ""))


def test_a_crowded_page_whose_url_names_one_article_is_kept_for_review():
    links = "".join(
        f'<li><a href="/news/{i}">다른 기사 제목이 여기 {i}번째로 길게 걸려 있다</a></li>' for i in range(60)
    )
    body = "".join(f"<p>{LEAD} 관계자는 {i}번째 설명을 덧붙였다고 말했다.</p>" for i in range(4))
    page = (
        "<html><head><title>신당 깃발 올린 비당권파 - 머니투데이</title><meta charset='utf-8'></head><body>"
        f"<ul>{links}</ul><h1>신당 깃발 올린 비당권파</h1><div>{body}</div></body></html>"
    )
    (article,) = generic.parse(
        page, name="a.html", outlets=OUTLETS, url="http://news.mt.co.kr/mtview.php?no=2019013122370465870"
    ).articles
    assert article.title == "신당 깃발 올린 비당권파"
    assert any("its URL names one article" in reason for reason in article.review_reasons)
    with pytest.raises(ParseError, match="portal home or section page"):
        generic.parse(page, name="a.html", outlets=OUTLETS, url="https://news.mt.co.kr/")
