"""Reporters from bylines: one rule per test, each on a short snippet shaped like a real page."""

from __future__ import annotations

import pytest

from articles.ingest.clean.reporters import find_reporters, reporters_in_meta
from tests.articles.ingest.support import OUTLETS

LEAD = "과학기술정보통신부가 국가AI컴퓨팅센터 공모 조건을 완화하기로 했다고 24일 밝혔다."


def _reporters(*lines: str) -> list[str]:
    return find_reporters(list(lines), OUTLETS)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["홍길동 기자", LEAD], ["홍길동"]),
        (["[헤럴드경제=고재우 기자] " + LEAD], ["고재우"]),
        (["(서울=연합뉴스) 홍길동 기자 = " + LEAD], ["홍길동"]),
        (["(세종=뉴스1) 한종수 기자, 서미선 기자 = " + LEAD], ["한종수", "서미선"]),
        (["[디지털데일리 이종현기자] " + LEAD], ["이종현"]),
        ([LEAD, "김윤수 기자 sookim@sedaily.com"], ["김윤수"]),
        ([LEAD, "부산 구형모 기자"], ["구형모"]),
        (["글·사진 홍길동 기자", LEAD], ["홍길동"]),
    ],
)
def test_korean_bylines(lines, expected):
    assert _reporters(*lines) == expected


def test_space_separated_co_authors_in_a_bracket_byline():
    assert _reporters("[이데일리 김형욱 정두리 기자] " + LEAD) == ["김형욱", "정두리"]


def test_name_and_title_split_over_two_lines():
    # The page set the name and "기자" in separate elements; the text dump splits them.
    assert _reporters("등록 2024.06.23 10:17", "임재덕", "  기자", LEAD) == ["임재덕"]


def test_outlet_between_name_and_title():
    assert _reporters(LEAD, "최수진 한경닷컴 기자 naive@hankyung.com") == ["최수진"]
    assert _reporters("글 : 정혜연  월간조선 기자  hychung@chosun.com", LEAD) == ["정혜연"]


def test_broadcaster_byline_without_title():
    # SBS Biz and YTN print "<outlet> <name>" in the byline slot or as the sign-off.
    assert _reporters("SBS Biz 김동필", "입력2025.02.04 15:45", LEAD) == ["김동필"]
    assert _reporters(LEAD, "YTN 홍민기 (hongmg1227@ytn.co.kr)") == ["홍민기"]
    # A guest introducing himself in a transcript is not the byline.
    assert _reporters(LEAD, "<박지성 / 디지털타임스 기자>", "네, 디지털타임스 박지성입니다.") == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("어떤 내용이 포함될 것으로 보이는지 이성훈 기자가 전해드립니다.", ["이성훈"]),
        ("김도훈 기자입니다.", ["김도훈"]),
        ("보도에 손원혁 기자입니다.", ["손원혁"]),
        # A one-line transcript: the hand-over sits mid-line, far from any byline slot.
        (
            "일자리를 만들겠다고 밝혔습니다 전정인 기자입니다 【 기자 】 대통령이 민생토론회에서 " + LEAD,
            ["전정인"],
        ),
        # The anchor is not a reporter.
        ("홍길동 앵커가 전해드립니다.", []),
    ],
)
def test_anchor_hands_over_to_the_correspondent(line, expected):
    assert _reporters("<앵커>", line, LEAD) == expected


def test_broadcast_sign_off_and_reporting_credit():
    script = "온실가스 약 830만톤 감축 효과를 기대하고 있습니다 뉴스토마토 김지영입니다 #뉴스토마토 ● 제작진 - 기획: 이은재, 이규하 - 구성 취재: 김지영"
    assert _reporters(script) == ["김지영"]
    # Camera crews are credited, not bylined.
    assert _reporters(LEAD, "(영상취재 : 조춘동·이찬수, 영상편집") == []


@pytest.mark.parametrize(
    "line",
    [
        "1일 서울 삼성동 코엑스에서 열린 '세미콘 코리아'에서 관람객들이 접수하고 있다.(사진=유혜진 기자)",
        "정부가 8월 도매대가 인하를 추진한다. 그래픽 = 배서은 기자",
        "(서울=뉴스1) 허경 기자 = 이재명 대통령이 5일 국무회의에서 의사봉을 두드리고 있다. "
        "(대통령실 제공. 재판매 및 DB 금지) 2025.7.5/뉴스1",
        "[서울=뉴스핌] 김학선 기자 = 이종호 장관이 발언하고 있다. 2023.02.16 yooksa@newspim.com",
    ],
)
def test_photo_and_graphic_credits_are_not_bylines(line):
    assert _reporters(line, LEAD) == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By KANG KWANG-WOO [kang.kwangwoo@joongang.co.kr]", ["KANG KWANG-WOO"]),
        ("By Son Ji-hyoung", ["Son Ji-hyoung"]),
        (
            "[Asia Economy Reporter Park Jun-yi] The Special Act passed the subcommittee on the 1st.",
            ["Park Jun-yi"],
        ),
    ],
)
def test_english_bylines(line, expected):
    assert _reporters(line, LEAD) == expected


@pytest.mark.parametrize(
    "line",
    ["픽틈 IT·테크팀 기자", "서림신문 기자", "기자의 다른기사 보기", "디지털콘텐츠팀", "로봇 기자"],
)
def test_desks_outlets_and_widgets_are_not_reporters(line):
    assert _reporters(line, LEAD) == []


def test_wire_co_authors_separated_by_spaces():
    lead = "(세종=연합뉴스) 이세원 이대희 민경락 기자 = " + LEAD
    assert _reporters(lead) == ["이세원", "이대희", "민경락"]


def test_english_sign_off_names_the_reporter_before_the_outlet():
    assert _reporters("Seoul temperatures fall below zero.", "Max Lee, KBS World Radio News.") == ["Max Lee"]
    # A name before an outlet the registry does not know is no sign-off.
    assert _reporters("Max Lee, Springfield Gazette.") == []


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("홍길동 기자", ["홍길동"]),
        ("홍길동, 김철수", ["홍길동", "김철수"]),
        ("By 임정우", ["임정우"]),
        ("순천, 광양 구현모 기자 ninek@hankookilbo.com", ["구현모"]),  # places before the name
        ("박준석 기자 외 1명", ["박준석"]),  # the others are named elsewhere
        ("장석준 글로벌정치경제연구소 기획위원", ["장석준"]),  # a column's writer
        ("한국일보", []),  # the outlet, not a person
        ("https://www.facebook.com/hkilbo", []),
        ("디지털뉴스팀", []),  # a desk
    ],
)
def test_author_meta_tags(author, expected):
    assert reporters_in_meta(author, OUTLETS) == expected
