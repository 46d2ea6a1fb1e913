"""Daum-syndicated copies (seeds 002 Seoul Economic Daily, 003 Herald Economy)."""

from __future__ import annotations

import datetime as dt

import pytest

from articles.ingest.parsers import daum
from articles.ingest.types import ParseError
from tests.articles.ingest.support import OUTLETS, SEED_ARTICLES, metadata, seed


def parse_one(text: str):
    result = daum.parse(text, name="x.txt", outlets=OUTLETS)
    assert result.format == "daum"
    (article,) = result.articles
    return article, result


FILLER = "정부가 인공지능 산업 육성을 위한 종합 계획을 발표했다. " * 4


def page(
    body: str,
    *,
    head: str = "테스트 기사 제목 작성일 06-24 3 목록",
    image: str = "https://t1.daumcdn.net/news/202506/24/seouleconomy/20250624093526155delc.jpg",
    after: str = '<p class="" data-translation="true">Copyright © 서울경제. 무단전재 및 재배포 금지.</p>',
) -> str:
    """A minimal Daum copy in the seeds' shape."""
    figure = (
        f'<figure class="figure_frm origin_fig" dmcf-ptype="figure"><p class="link_figure">'
        f'<img alt="캡션" data-org-src="{image}" src="https://img3.daumcdn.net/thumb/R658x0/?fname={image}">'
        f'</p><figcaption class="txt_caption default_figure"> 사진 캡션입니다. </figcaption></figure>'
        if image
        else ""
    )
    return (
        f'{head} <div id="layerTranslateNotice"></div> '
        f'<strong class="summary_view" data-translation="true">요약 한 줄<br>요약 두 줄</strong> '
        f'<div class="article_view" data-translation-body="true"> <section dmcf-sid="a"> {figure} {body} '
        f"</section> </div> {after} 관련자료 이전 다른 기사 06-24 다음 또 다른 기사 06-24 댓글 0 "
        "등록된 댓글이 없습니다. 로그인한 회원만 댓글 등록이 가능합니다."
    )


# --- both seeds ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "prefix", "subtitle"),
    [
        ("sedaily", "002", '인사청문 준비 출근길서 포부 밝혀\n"알파폴드처럼 AI·기초과학 연계"'),
        (
            "herald",
            "003",
            "이홍락·임우형 공동 원장 인터뷰\n"
            "미·중 등 비해 환경 열악…파운데이션 모델 필요\n"
            "LG 전 계열사 AI 적용, 글로벌 경쟁력 갖춘 AI 개발",
        ),
    ],
)
def test_every_field(request, fixture, prefix, subtitle):
    article, result = request.getfixturevalue(fixture)
    # Title, outlet, date (no time: Daum copies show none) and reporters, as the seed table pins them.
    assert [metadata(article)] == SEED_ARTICLES[prefix]
    assert article.subtitle == subtitle
    assert article.url == ""
    assert article.review_reasons == []
    assert result.warnings == []


# --- seed 002: 서울경제 -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sedaily():
    return parse_one(seed("002"))


def test_002_paragraphs(sedaily):
    article, _ = sedaily
    starts = [
        "이재명 정부 첫 과학기술정보통신부 장관 후보자로",
        "배 후보자는 24일 서울 종로구 광화문우체국에",
        "전 세계적으로 AI 모델 구동에 필요한 데이터",
        "배 후보자는 AI를 사회와 산업 전 분야에",
        "배 후보자는 과기정통부 장관으로서 AI뿐 아니라",
        "배 후보자는 “이재명 대통령 1호 공약인 AI 3강",
        "이 대통령은 전날 과기정통부 장관 후보자로",
    ]
    assert len(article.paragraphs) == len(starts)
    for paragraph, start in zip(article.paragraphs, starts, strict=True):
        assert paragraph.startswith(start)
    # The "[서울경제]" dateline is text directly in the first general div: dropped.
    assert article.paragraphs[0] == (
        "이재명 정부 첫 과학기술정보통신부 장관 후보자로 지명된 배경훈 LG AI연구원장이 글로벌 인공지능(AI) "
        "경쟁 대응을 위해서는 인프라와 데이터 경쟁력 보완이 급선무라고 강조했다. "
        "배 후보자는 이를 통해 정부의 ‘AI 3강’ 전략을 앞장서서 이끌고 "
        "구글 딥마인드의 ‘알파폴드’ 같은 AI와 기초과학 융합 신기술도 적극 발굴하겠다는 포부를 밝혔다."
    )
    # The sign-off "김윤수 기자 sookim@sedaily.com" follows the last <p> in the same div: dropped.
    assert article.paragraphs[-1].endswith("다양한 후속 모델을 개발해왔다.")


# --- seed 003: 헤럴드경제 -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def herald():
    return parse_one(seed("003"))


def test_003_paragraphs(herald):
    article, _ = herald
    assert len(article.paragraphs) == 13
    # "[헤럴드경제=고재우 기자] " is stripped; the quote it opened stays.
    assert (
        article.paragraphs[0]
        == "“미국, 중국을 제외하면 상위권에서 경쟁하는 나라들은 많지 않다.” (이홍락 LG AI연구원장)"
    )
    assert (
        article.paragraphs[1]
        == "“영국, 프랑스, 싱가포르도 있지만, 한국도 뒤지지 않는다.” (임우형 LG AI연구원장)"
    )
    assert article.paragraphs[-1] == (
        "임 원장은 “제조업, 바이오 등 한국이 강점을 가지거나 미래 산업으로 꼽는 부분에 집중하는 게 맞다”며 "
        "“나아가 국내에서만 잘하는 건 한계가 있을 수 있기 때문에 글로벌 경쟁력을 갖춰야 한다”고 부연했다."
    )


@pytest.mark.parametrize(
    "junk",
    [
        "작성일",
        "목록",
        "[서울경제]",
        "[헤럴드경제",
        "고재우 기자",
        "김윤수 기자",
        "sookim@sedaily.com",
        "Copyright",
        "무단전재",
        "관련자료",
        "이전 32억 화소",
        "댓글",
        "로그인",
        "등록된 댓글이 없습니다",
        # Captions (figcaption and img alt) of both seeds.
        "미리 준비한 글을 읽고 있다",
        "헤럴드경제와 만나 이야기하고 있다",
        "[LG AI연구원 제공]",
        "daumcdn",
        "<",
    ],
)
def test_body_excludes_chrome_captions_bylines(sedaily, herald, junk):
    for article, _ in (sedaily, herald):
        assert junk not in "\n".join(article.paragraphs)
        assert junk not in article.title


def test_detects_daum_seeds_only():
    assert daum.detect(seed("002"), name="x.txt")
    assert daum.detect(seed("003"), name="x.txt")
    for prefix in ("000", "001", "004"):
        assert not daum.detect(seed(prefix), name="x.txt")


# --- the year -------------------------------------------------------------------------------------


def test_year_unknown_without_dated_evidence():
    text = seed("002").replace(
        "news/202506/24/seouleconomy/20250624093526155delc.jpg", "news/seouleconomy/a.jpg"
    )
    assert "2025" not in text.split("Copyright")[0].split("article_view", 1)[1]
    article, result = parse_one(text)
    assert article.published_date is None
    assert article.review_reasons == ["year unknown"]
    assert result.warnings == ["'작성일 06-24' has no year and the page holds no dated image path"]
    assert article.outlet == "서울경제"


def test_year_from_image_file_name_when_the_path_has_no_date():
    text = seed("002").replace("news/202506/24/seouleconomy/", "news/photo/seouleconomy/")
    article, _ = parse_one(text)
    assert article.published_date == dt.date(2025, 6, 24)
    assert article.review_reasons == []


@pytest.mark.parametrize(
    ("page_args", "expected"),
    [
        pytest.param(
            {
                "head": "새해 기사 작성일 01-01 3 목록",
                "image": "https://t1.daumcdn.net/news/202512/31/seouleconomy/20251231235900123abcd.jpg",
            },
            {
                "published_date": dt.date(2026, 1, 1),
                "review_reasons": ["year inferred from a nearby image date (2026-01-01)"],
            },
            id="year-across-new-year-is-inferred-and-flagged",
        ),
        pytest.param(
            {"head": "제목 작성일 2024.03.05 09:41 3 목록"},
            {"title": "제목", "published_date": dt.date(2024, 3, 5), "published_time": dt.time(9, 41)},
            id="written-date-with-year-and-time-is-used-as-is",
        ),
        pytest.param(
            {"head": "작성일 없는 제목 3 목록"},
            {
                "title": "작성일 없는 제목",
                "published_date": dt.date(2025, 6, 24),
                "review_reasons": ["date taken from image path (2025-06-24)"],
            },
            id="no-written-date-takes-the-image-date-for-review",
        ),
    ],
)
def test_date_of_a_copy(page_args, expected):
    article, _ = parse_one(page(f"<p>{FILLER}</p>", **page_args))
    assert {field: getattr(article, field) for field in expected} == expected


# --- the publisher --------------------------------------------------------------------------------


def test_outlet_from_daum_image_code_alone():
    text = page(f"<p>{FILLER}</p>", after="")
    article, _ = parse_one(text)
    assert article.outlet == "서울경제"


def test_outlet_from_reporter_email_alone():
    body = f"<p>{FILLER}</p> 홍길동 기자 hong@heraldcorp.com"
    text = page(body, after="", image="https://t1.daumcdn.net/news/202506/24/zzz/20250624093526155delc.jpg")
    article, _ = parse_one(text)
    assert article.outlet == "헤럴드경제"
    assert article.reporters == ["홍길동"]


@pytest.mark.parametrize(
    ("body", "outlet", "image_code", "reporters", "paragraphs", "review_reasons"),
    [
        pytest.param(
            f"<p>[데일리포커스=김철수 기자] {FILLER}</p>",
            "데일리포커스",
            "dailyfocus",
            ["김철수"],
            [FILLER.strip()],
            ["outlet not in the registry: 데일리포커스"],
            id="unknown-outlet-keeps-the-copyright-name-for-review",
        ),
        pytest.param(
            f"<p>(서울=연합뉴스) 홍길동 기자 = {FILLER}</p><p>둘째 문단이다. 홍길동 기자 hong@yna.co.kr</p>",
            "연합뉴스",
            "yonhap",
            ["홍길동"],
            [FILLER.strip(), "둘째 문단이다."],
            [],
            id="wire-copy-byline-and-glued-signoff",
        ),
    ],
)
def test_outlet_from_the_copyright_line_and_byline(
    body, outlet, image_code, reporters, paragraphs, review_reasons
):
    text = page(
        body,
        after=f'<p class="">Copyright © {outlet}. 무단전재 및 재배포 금지.</p>',
        image=f"https://t1.daumcdn.net/news/202506/24/{image_code}/20250624093526155delc.jpg",
    )
    article, _ = parse_one(text)
    assert article.outlet == outlet
    assert article.reporters == reporters
    assert article.paragraphs[0].startswith("정부가 인공지능")
    assert article.paragraphs == paragraphs
    for reason in review_reasons:
        assert reason in article.review_reasons


def test_no_outlet_evidence_at_all():
    text = page(f"<p>{FILLER}</p>", after="", image="")
    article, _ = parse_one(text)
    assert article.outlet is None
    assert "outlet unknown" in article.review_reasons
    assert "year unknown" in article.review_reasons


def test_signoff_before_an_in_body_copyright_line():
    body = (
        f"<p>{FILLER}</p><p>이영희 기자 lee@sedaily.com</p><p>&lt;저작권자 ⓒ 서울경제, 무단 전재 금지&gt;</p>"
    )
    article, _ = parse_one(page(body))
    assert article.reporters == ["이영희"]
    assert article.paragraphs == [FILLER.strip()]


def test_text_with_br_inside_a_general_div_becomes_paragraphs():
    body = f'<div dmcf-ptype="general">첫 문단입니다. {FILLER}<br><br>둘째 문단입니다. {FILLER}</div>'
    article, _ = parse_one(page(body))
    assert [p[:8] for p in article.paragraphs] == ["첫 문단입니다.", "둘째 문단입니다"]
    assert article.subtitle == "요약 한 줄\n요약 두 줄"


def test_page_without_article_view_is_an_error():
    with pytest.raises(ParseError, match="article_view"):
        daum.parse("제목 작성일 06-24 <div>본문</div>", name="x.txt", outlets=OUTLETS)
