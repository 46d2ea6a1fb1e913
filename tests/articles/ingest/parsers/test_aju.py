"""Aju Business Daily article page (seed 001)."""

from __future__ import annotations

import datetime as dt

import pytest

from articles.ingest.parsers import aju
from articles.ingest.types import ParseError
from tests.articles.ingest.support import OUTLETS, SEED_ARTICLES, metadata, seed

PARAGRAPHS = [
    "세계 주요국들이 AI 생태계의 수직계열화를 가속화하는 가운데, 대한민국도 글로벌 경쟁력을 확보를 위해 "
    "독자적인 파운데이션 모델(Foundation model) 개발과 인프라 확충에 나서야 한다는 목소리가 나왔다.",
    "배경훈 LG AI연구원 원장은 25일 국회 과학기술정보방송통신위원회가 연 AI 관련 공청회에서 "
    '"기초 모델 확보는 AI 생태계의 핵심이다"며 "고성능 예측 모델 등 자체 모델을 개발하지 않는다면, '
    '국가 전략 자산을 포기하는 것이나 다름없다"고 강조했다.',
    "글로벌 AI 패권 경쟁에서 뒤처지지 않기 위해선 전략적 선택과 집중이 필수로 인식되고 있다.",
    '배 원장은 "국가 AI컴퓨팅센터가 고성능 GPU 1만8000만장을 확보해도 xAI(일론 머스크의 AI 기업)는 '
    '이미 20만 장을 보유하고 있다"면서 "자원 격차를 극복하기 위해선 핵심 기업과 연구진에 집중 투자해, '
    '글로벌 경쟁의 최전선에서 혁신을 주도해야 한다"고 말했다.',
    "이미 글로벌 AI 업계는 이제 모델 크기와 데이터 양 확대보다 에이전틱(비서형) AI 기술을 활용해 AI가 "
    "자체적으로 고도화된 학습 데이터를 합성하고, 성능을 강화하는 방향으로 전환하고 있다. 데이터 저작권과 "
    "개인정보 이슈는 AI의 자체 학습 능력 강화로 점차 해소될 가능성이 높다.",
    '배 원장은 "LG는 에이전틱 AI 기술을 활용해 3612개 데이터셋의 라이선스를 자동 검증하는 기술을 '
    '공개했다"면서 "엑사원(EXAONE) 3.5 32B 모델은 70억 원이라는 비교적 낮은 비용으로 훈련되면서도 '
    "글로벌 경쟁 모델 대비 높은 성능을 기록해 한국의 기술 우위를 입증했다. 이는 선택과 집중 전략이 "
    '한국 AI 산업의 글로벌 도약을 이끌 수 있다는 강력한 신호다"고 짚었다.',
    "배 원장은 정책 수립 과정에서 파운데이션 모델 개발과 응용 사례 확산을 혼동하지 말아야 한다고 말한다. "
    "하나의 강력한 모델을 제대로 확보하면, 이를 기반으로 산업 도메인별 AI 솔루션을 빠르게 확산할 수 있기 "
    '때문이다. 그는 "국가 차원의 집중 투자가 AI 산업 전반의 경쟁력을 높일 열쇠다"고 말했다.',
    '배 원장은 "AI 생태계의 수직계열화는 한국이 글로벌 AI 강국으로 도약하기 위한 필수 전략이다"면서 '
    '"정부와 민간이 힘을 모아 파운데이션 모델 개발, 인프라 확충, 기술 혁신에 집중한다면, 한국은 글로벌 '
    'AI 시장에서 독립적이고 강력한 경쟁력을 확보할 수 있을 것이다" 전망했다. 그러면서 그는 "지금이야말로 '
    '대한민국 AI의 미래를 위해 과감한 투자를 결단할 시점"이라고 했다.',
]


@pytest.fixture(scope="module")
def article():
    result = aju.parse(seed("001"), name="001.txt", outlets=OUTLETS)
    assert result.format == "aju"
    assert result.warnings == []
    (only,) = result.articles
    return only


def test_detects_the_aju_seed_only():
    assert aju.detect(seed("001"), name="anything.txt")
    for prefix in ("000", "002", "003", "004"):
        assert not aju.detect(seed(prefix), name="001_aju.txt")


def test_detection_is_structural_not_by_header_label():
    # Without the "기자정보, 기사등록일" label the ©…아주경제 line still identifies the page.
    text = seed("001").replace("기자정보, 기사등록일\n", "")
    assert aju.detect(text, name="x.txt")
    # An "입력" line alone (any outlet) is not enough.
    assert not aju.detect("제목\n\n입력 2025-02-25 16:21\n\n본문입니다.", name="x.txt")


def test_every_field(article):
    assert [metadata(article)] == SEED_ARTICLES["001"]  # title, 아주경제, 2025-02-25 16:21, 최연재
    assert article.subtitle == (
        "고성능 예측 모델 등 자체 모델 개발해야, 전략적 선택과 집중 필수\n"
        "정부와 민간 힘 모아 인프라 확충, 기술 혁신에 집중해야 독보적인 경쟁력 확보"
    )
    assert article.paragraphs == PARAGRAPHS
    assert article.url == ""
    assert article.language == "ko"
    assert article.review_reasons == []


@pytest.mark.parametrize(
    "junk",
    [
        "아주경제. 무단전재",
        "무단전재·재배포 금지",
        "©",
        "관련자료",
        "댓글",
        "로그인",
        "닫기",
        "신고",
        "차단",
        "실시간 인기",
        "기사 이미지 확대 보기",
        "컴패션_PC",
        "0 / 300",
        "글자크기 설정",
        "도구모음",
        "기자정보",
        "최연재 기자",
        "입력 2025",
        "사진=연합뉴스",
        "사진연합뉴스",
        "최경진 가천대학교 법학과 교수가 발언하고 있다",
        "•",
        "\xa0",
    ],
)
def test_body_excludes_chrome_captions_and_everything_after_copyright(article, junk):
    body = "\n".join(article.paragraphs)
    assert junk not in body
    assert junk not in article.subtitle


def test_whitespace_is_normalised(article):
    # The page has "배경훈 \xa0LG" (NBSP) and a paragraph that is only an NBSP.
    assert article.paragraphs[1].startswith("배경훈 LG AI연구원 원장은")
    assert all(p == p.strip() and "  " not in p for p in article.paragraphs)


def test_signoff_inside_the_body_is_taken_as_reporter():
    text = seed("001").replace("\n\n©'5개국어", "\n\n홍길동 기자 hong@ajunews.com\n\n©'5개국어")
    (article,) = aju.parse(text, name="x.txt", outlets=OUTLETS).articles
    assert article.reporters == ["최연재", "홍길동"]
    assert article.paragraphs == PARAGRAPHS


def test_update_dateline_is_not_body():
    text = seed("001").replace("입력 2025-02-25 16:21\n", "입력 2025-02-25 16:21\n수정 2025-02-25 17:40\n")
    (article,) = aju.parse(text, name="x.txt", outlets=OUTLETS).articles
    assert article.published_time == dt.time(16, 21)
    assert article.paragraphs == PARAGRAPHS


def test_page_without_body_is_an_error():
    text = seed("001")
    head = text[: text.index("세계 주요국들이")]
    with pytest.raises(ParseError, match="without body"):
        aju.parse(
            head + "©'5개국어 글로벌 경제신문' 아주경제. 무단전재·재배포 금지\n",
            name="x.txt",
            outlets=OUTLETS,
        )
