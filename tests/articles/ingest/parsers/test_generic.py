"""Best-effort extraction for unrecognised text and HTML."""

from __future__ import annotations

import datetime as dt

import pytest

from articles.ingest import confidence
from articles.ingest.parsers import generic
from articles.ingest.registry import detect_format, parse_text
from articles.ingest.types import ParseError
from tests.articles.ingest.support import OUTLETS, metadata

PARA_1 = (
    "과학기술정보통신부가 인공지능 기본법 시행령 초안을 공개하고 산업계 의견 수렴에 나섰다. "
    "고영향 인공지능의 범위와 사업자 책무가 구체화됐다."
)
PARA_2 = (
    "업계는 규제 불확실성이 줄었다며 환영하면서도 과태료 계도 기간을 충분히 둬야 한다고 "
    "요구했다. 정부는 다음 달 공청회를 열 계획이다."
)

UNKNOWN_OUTLET_PAGE = f"""<!doctype html>
<html><head>
<title>AI 기본법 시행령 초안 공개 - 테크브리프</title>
<script>var tracking = "입력 1999.01.01 00:00";</script>
<style>.x {{ color: red }}</style>
</head><body>
<header><nav><ul><li>홈</li><li>정책</li><li>산업</li></ul></nav></header>
<div class="article-head">
  <h1>AI 기본법 시행령 초안 공개</h1>
  <p class="date">2025년 6월 24일 18:13</p>
</div>
<div class="share">페이스북 트위터 URL 복사</div>
<article>
  <p>{PARA_1}</p>
  <figure><img src="a.jpg"><figcaption>공청회 모습. 사진=테크브리프</figcaption></figure>
  <p>{PARA_2}</p>
</article>
<aside><h3>많이 본 뉴스</h3><ol><li>다른 기사 제목 하나</li><li>다른 기사 제목 둘</li></ol></aside>
<div class="comment-box">댓글 0 로그인 후 댓글을 남길 수 있습니다.</div>
<footer>회사소개 | 이용약관 | 개인정보처리방침</footer>
</body></html>
"""

YONHAP_PAGE = f"""<html><head><title>정부, AI 데이터센터 지원 확대 | 연합뉴스</title></head>
<body>
<div class="gnb">전체메뉴 정치 경제 사회</div>
<h1 class="tit">정부, AI 데이터센터 지원 확대</h1>
<p class="update-time">입력 2025.06.24 18:13 수정 2025.06.25 09:00</p>
<div class="story-news article">
<p>(서울=연합뉴스) 홍길동 기자 = {PARA_1}</p>
<p>{PARA_2}</p>
<p>hong@yna.co.kr</p>
</div>
<div class="related">관련 뉴스 다른 기사</div>
<p class="copyright">저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지</p>
</body></html>
"""


def test_generic_detects_anything_non_empty():
    assert generic.detect("아무 글", name="x.txt")
    assert not generic.detect("  \n ", name="x.txt")


PLAIN = f"""뉴스 홈 | 정치 | 경제

AI 반도체 지원법 국회 통과

기사입력 2025.06.24. 오후 6:13

박영희 기자

{PARA_1}

{PARA_2}

ⓒ 머니투데이 & mt.co.kr, 무단 전재 및 재배포 금지

이 기사를 본 사람들이 많이 본 기사
"""


@pytest.mark.parametrize(
    ("page", "name", "expected", "review_reasons"),
    [
        (
            UNKNOWN_OUTLET_PAGE,
            "page.html",
            ("AI 기본법 시행령 초안 공개", None, dt.date(2025, 6, 24), dt.time(18, 13), []),
            ["outlet unknown"],
        ),
        (
            YONHAP_PAGE,
            "yna.html",
            ("정부, AI 데이터센터 지원 확대", "연합뉴스", dt.date(2025, 6, 24), dt.time(18, 13), ["홍길동"]),
            [],
        ),
        (
            PLAIN,
            "note.txt",
            ("AI 반도체 지원법 국회 통과", "머니투데이", dt.date(2025, 6, 24), dt.time(18, 13), ["박영희"]),
            [],
        ),
    ],
    ids=["html-unknown-outlet", "html-known-outlet-wire-byline", "plain-text"],
)
def test_every_field(page, name, expected, review_reasons):
    result = generic.parse(page, name=name, outlets=OUTLETS)
    assert result.format == "generic"
    (article,) = result.articles
    assert metadata(article) == expected  # title, outlet, date, time, reporters
    assert article.paragraphs == [PARA_1, PARA_2]
    # Strong evidence for title, outlet and date publishes at once; a missing field waits.
    assert confidence.review_reasons(article) == review_reasons


@pytest.mark.parametrize(
    "junk", ["홈", "정책", "URL 복사", "사진=", "많이 본 뉴스", "댓글", "로그인", "회사소개", "tracking"]
)
def test_html_chrome_is_dropped(junk):
    (article,) = generic.parse(UNKNOWN_OUTLET_PAGE, name="page.html", outlets=OUTLETS).articles
    assert junk not in "\n".join(article.paragraphs)


def test_title_tag_suffix_naming_the_site_is_dropped():
    page = YONHAP_PAGE.replace('<h1 class="tit">정부, AI 데이터센터 지원 확대</h1>', "")
    (article,) = generic.parse(page, name="yna.html", outlets=OUTLETS).articles
    assert article.title == "정부, AI 데이터센터 지원 확대"


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        pytest.param(
            '<meta property="og:site_name" content="테크브리프"><meta property="og:title" content="OG 제목">',
            {
                "outlet": "테크브리프",
                "title": "OG 제목",
                "evidence": {"title": "og:title", "outlet": "unregistered site name", "date": "date element"},
            },
            id="og-site-name-names-the-outlet",
        ),
        pytest.param(
            '<meta property="article:published_time" content="2025-06-24T00:30:00+00:00">'
            '<meta name="author" content="김철수 기자">',
            {
                "published_date": dt.date(2025, 6, 24),
                "published_time": dt.time(9, 30),
                "reporters": ["김철수"],
            },
            id="published-time-and-author",
        ),
    ],
)
def test_meta_tags(meta, expected):
    page = UNKNOWN_OUTLET_PAGE.replace("<head>", "<head>" + meta)
    (article,) = generic.parse(page, name="page.html", outlets=OUTLETS).articles
    assert {field: getattr(article, field) for field in expected} == expected


@pytest.mark.parametrize(
    ("dateline", "date", "time"),
    [
        ("입력 2025-06-24 18:13", dt.date(2025, 6, 24), dt.time(18, 13)),
        ("등록 2025.06.24 오전 9:05", dt.date(2025, 6, 24), dt.time(9, 5)),
        ("승인 2025.06.24 12:00", dt.date(2025, 6, 24), dt.time(12, 0)),
        ("2025년 6월 24일 오후 12시 30분", dt.date(2025, 6, 24), dt.time(12, 30)),
        ("입력 2025.06.24", dt.date(2025, 6, 24), None),
    ],
)
def test_plain_text_date_patterns(dateline, date, time):
    text = PLAIN.replace("기사입력 2025.06.24. 오후 6:13", dateline)
    (article,) = generic.parse(text, name="note.txt", outlets=OUTLETS).articles
    assert (article.published_date, article.published_time) == (date, time)


def test_wire_byline_is_stripped_even_with_a_separate_byline_line():
    text = f"정부 발표\n\n홍길동 기자\n\n(서울=연합뉴스) 홍길동 기자 = {PARA_1}\n\n{PARA_2}\n"
    (article,) = generic.parse(text, name="note.txt", outlets=OUTLETS).articles
    assert article.paragraphs == [PARA_1, PARA_2]
    assert article.reporters == ["홍길동"]
    assert article.outlet == "연합뉴스"


def test_inline_related_list_and_comments_are_cut():
    related = "관련자료 이전 다른 기사 06-24 다음 또 다른 기사 06-24 댓글 0"
    text = f"인공지능 기본법 시행령 공개\n\n{PARA_1} {PARA_2} {related}\n"
    (article,) = generic.parse(text, name="note.txt", outlets=OUTLETS).articles
    assert article.paragraphs == [f"{PARA_1} {PARA_2}"]


def test_no_date_and_no_outlet_are_flagged():
    text = f"시행령 초안에 업계 의견\n\n{PARA_1}\n\n{PARA_2}\n"
    (article,) = generic.parse(text, name="note.txt", outlets=OUTLETS).articles
    assert article.title == "시행령 초안에 업계 의견"
    assert confidence.review_reasons(article) == [
        "title uncertain (first line)",
        "outlet unknown",
        "date unknown",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "안녕하세요\n",
        "<html><body><nav>홈 | 뉴스</nav><p>준비 중입니다.</p><footer>회사소개</footer></body></html>",
        "로그인\n닫기\n0개의 댓글\n  Prev 1 2 3 Next  \n",
        "제목만 있는 파일\n\n입력 2025.06.24 18:13\n\n홍길동 기자\n",
    ],
)
def test_no_article_raises(text):
    with pytest.raises(ParseError, match="no article found"):
        generic.parse(text, name="empty.txt", outlets=OUTLETS)


def test_registry_uses_generic_as_fallback_and_prefixes_errors_with_the_file_name():
    assert detect_format(PLAIN, name="note.txt") is generic
    assert parse_text(PLAIN, name="note.txt", outlets=OUTLETS).format == "generic"
    with pytest.raises(ParseError, match=r"^empty\.txt: no article found"):
        parse_text("안녕하세요\n", name="empty.txt", outlets=OUTLETS)


WIRE_TEXT_PAGE = """연합뉴스 최신기사
메뉴 검색
과기정통부, 'AI 기본법' 하위법령 입법예고…고영향 AI 기준 구체화

송고시간 2025-09-08 10:00
홍길동 기자
기자 페이지

(서울=연합뉴스) 홍길동 기자 = 과학기술정보통신부는 인공지능 기본법 시행령 제정안을 입법예고한다고 8일 밝혔다.

제정안은 고영향 인공지능의 판단 기준과 사업자의 책무를 구체화했다. 장관은 "균형을 맞췄다"고 말했다.

과기정통부는 의견 수렴을 거쳐 내년 1월 시행에 맞춰 시행령을 확정할 계획이다.

gildong@yna.co.kr

제보는 카카오톡 okjebo
<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>
2025/09/08 10:00 송고
관련 뉴스
배경훈 부총리, 고영향 AI 규제 완화를 시사하다
많이 본 뉴스
"""


def test_plain_text_wire_page_takes_the_headline_above_the_dateline():
    result = parse_text(WIRE_TEXT_PAGE, name="yna.txt", outlets=OUTLETS)
    article = result.articles[0]
    assert article.title == "과기정통부, 'AI 기본법' 하위법령 입법예고…고영향 AI 기준 구체화"
    assert (article.published_date, article.published_time) == (dt.date(2025, 9, 8), dt.time(10, 0))
    assert article.outlet == "연합뉴스"
    assert article.reporters == ["홍길동"]
    assert article.paragraphs[0].startswith("과학기술정보통신부는")
    assert article.paragraphs[-1].endswith("확정할 계획이다.")
    text = "\n".join(article.paragraphs)
    for chrome in ("최신기사", "송고시간", "저작권자", "관련 뉴스", "규제 완화", "많이 본", "okjebo"):
        assert chrome not in text
