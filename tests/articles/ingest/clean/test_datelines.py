"""The publication dateline: one rule per test, each on a short snippet shaped like a real page."""

from __future__ import annotations

import datetime as dt

import pytest

from articles.ingest.clean.datelines import find_dateline, is_date_line

HEADLINE = "과기정통부, AI 컴퓨팅센터 공모 조건 완화"
LEAD = "과학기술정보통신부가 국가AI컴퓨팅센터 공모 조건을 완화하기로 했다고 24일 밝혔다."


def _page(*header: str) -> str:
    return "\n".join([HEADLINE, *header, LEAD])


def _when(text: str) -> tuple[str | None, str | None]:
    found = find_dateline(text)
    return (
        found.date.isoformat() if found.date else None,
        found.time.strftime("%H:%M") if found.time else None,
    )


@pytest.mark.parametrize(
    ("line", "date", "time"),
    [
        # Every publication label outlets print, with or without a colon or a space.
        ("입력 2025.06.24 18:13", "2025-06-24", "18:13"),
        ("입력2015.12.21 10:51", "2015-12-21", "10:51"),
        ("등록 2024.06.23 10:17", "2024-06-23", "10:17"),
        ("기사입력 2025.06.24. 오후 6:13", "2025-06-24", "18:13"),
        ("기사등록 2025/12/03 12:00:00", "2025-12-03", "12:00"),
        ("승인 2018.06.15 15:59", "2018-06-15", "15:59"),
        ("기사승인 2018. 04. 25. 14:00", "2018-04-25", "14:00"),
        ("발행: 2025.08.29 17:23", "2025-08-29", "17:23"),
        ("송고시간 2025-06-24 18:13", "2025-06-24", "18:13"),
        ("게재 2025.06.24 18:13", "2025-06-24", "18:13"),
        ("입력 : 2023-12-21 오후 6:25:27", "2023-12-21", "18:25"),
        ("입력 : 2025. 09.18. 15:43:21", "2025-09-18", "15:43"),
        ("입력 2025.07.04 (19:38)", "2025-07-04", "19:38"),
        ("입력 | 2020-01-16 11:43   수정 | 2020-01-16 11:56", "2020-01-16", "11:43"),
        ("방송/통신입력 :2023/02/28 21:37", "2023-02-28", "21:37"),
        ("2021-05-12 10:33 송고 | 2021-05-12 16:19 최종수정", "2021-05-12", "10:33"),
        # Weekday forms and Korean long dates.
        ("입력 2025년 6월 24일(화) 18:13", "2025-06-24", "18:13"),
        ("2025년 7월 17일, 오전 05:01", "2025-07-17", "05:01"),
        # English datelines.
        ("Published: Jun. 24, 2025 - 18:13", "2025-06-24", "18:13"),
        ("Published: 04 Aug. 2025, 17:16 Updated: 04 Aug. 2025, 17:52", "2025-08-04", "17:16"),
        ("Published : April 22, 2024 - 15:33", "2024-04-22", "15:33"),
        ("Posted November. 25, 2025 08:20", "2025-11-25", "08:20"),
        ("Written: 2026-01-21 17:35:17", "2026-01-21", "17:35"),
        ("방송일 20231122", "2023-11-22", None),
    ],
)
def test_labelled_datelines(line, date, time):
    assert _when(_page(line)) == (date, time)


def test_first_publication_wins_even_when_the_update_is_printed_first():
    # Seoul Shinmun prints 수정 above 입력; the update is never the publication date.
    assert _when(_page("수정 2025-06-18 09:10", "입력 2025-06-18 00:10")) == ("2025-06-18", "00:10")
    assert _when(_page("최종수정 2025.06.25 10:00", "입력 2025.06.24 18:13")) == ("2025-06-24", "18:13")


def test_a_label_in_its_own_element_above_the_stamp_labels_it():
    # Hankook Ilbo prints <dt>입력</dt><dd>2025.05.15 20:00</dd>, far below the page header.
    menu = [f"메뉴 {i}" for i in range(60)]
    text = "\n".join([*menu, HEADLINE, "입력", "2025.05.15 20:00", "수정", "2025.05.15 20:57", LEAD])
    assert _when(text) == ("2025-05-15", "20:00")
    # The update's label alone does not make its stamp the publication.
    assert _when("\n".join([*menu, HEADLINE, "수정", "2025.05.15 20:57", LEAD])) == (None, None)
    # A longer line above is a sentence, not a label.
    assert _when("\n".join([*menu, HEADLINE, "댓글을 입력해 주세요 등록", "2025.05.15 20:57", LEAD])) == (
        None,
        None,
    )


def test_an_update_alone_is_not_a_publication_date():
    assert _when(_page("수정 2025.06.24 19:00")) == (None, None)
    assert _when(_page("Updated: 04 Aug. 2025, 17:52")) == (None, None)


def test_a_label_without_a_value_means_the_date_is_unknown():
    # The stored text lost the value; the caption date below must not stand in for it.
    assert _when(
        _page("기사입력 :", "최종수정 :", "[서울=뉴스핌] 김학선 기자 = 2023.02.16 yooksa@newspim.com")
    ) == (
        None,
        None,
    )


@pytest.mark.parametrize(
    "line",
    [
        "2024년 07월 18일 목요일",  # the page's "today" above a weather bar
        "2025.03.02 (일)",
        "2025-06-18 21면",  # print-edition marker
        "신문게재 2025-06-18",
        "배경훈 장관이 2023.07.10 회의에서 발언하고 있다. 사진=뉴시스",  # photo caption
        "정부는 2025년 6월 24일 회의를 열었다.",  # a date in a sentence
    ],
)
def test_dates_that_are_not_the_publication(line):
    assert _when(_page(line)) == (None, None)


def test_bare_header_timestamp_counts():
    assert _when(_page("2026.01.28 12:04:08")) == ("2026-01-28", "12:04")
    assert _when(_page("2025-07-08     홍주연 기자")) == ("2025-07-08", None)
    assert _when(_page("정보운 기자 2025-12-10 09:40:57")) == ("2025-12-10", "09:40")


def test_machine_timestamp_after_a_link_tooltip():
    # A CMS stamp with seconds is never written by hand, even after "…로 이동합니다."
    assert _when(_page("IT동아갤로그로 이동합니다. 2023.12.12 16:56:19", "조회 1066 추천 0 댓글 1")) == (
        "2023-12-12",
        "16:56",
    )


def test_company_registration_dates_in_the_footer_are_not_the_article_date():
    footer = [
        "대표이사/발행인 : 이영섭",
        "|",
        "주소 : 서울시 종로구 종로 47",
        "|",
        "등록일 : 2011. 05. 26",
        "|",
    ]
    assert _when(_page(*footer)) == (None, None)
    # One long footer line: the founding and registration dates sit beside the address.
    long_footer = "[창간 : 2010년 6월 21일] / kjtimes / Tel) 02-722-6616 / 주소 : 서울시 금천구 / 등록일 : 2010년 9월 3일"
    assert _when(_page("2026.01.28 12:04:08", "PC버전으로 보기", long_footer)) == ("2026-01-28", "12:04")


def test_month_day_dateline_takes_its_year_from_the_same_dateline():
    assert _when(_page("입력 06-24 18:13 | 수정 2025-06-24 19:00")) == ("2025-06-24", "18:13")
    # No year anywhere in the dateline: unknown, never guessed from the clock.
    assert _when(_page("입력 06-24 18:13")) == (None, None)


def test_board_post_date_is_not_the_article_date():
    # A board's 작성일 with no year re-posting someone else's article.
    assert _when(_page("작성일 11-17 49 목록")) == (None, None)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("입력 2025.06.24 18:13 수정 2025.06.24 19:00", True),
        ("기사입력 :", True),
        ("Published: 04 Aug. 2025, 17:16", True),
        ("정부는 2025년 6월 24일 회의를 열고 AI 기본법 시행령 초안을 공개했다.", False),
    ],
)
def test_is_date_line(line, expected):
    assert is_date_line(line) is expected


def test_dates_are_real_calendar_dates():
    assert find_dateline("입력 2025.02.30 10:00").date is None
    assert find_dateline("입력 2025.02.28 10:00").date == dt.date(2025, 2, 28)
