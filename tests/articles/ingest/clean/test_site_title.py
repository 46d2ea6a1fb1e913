"""The site's wrapper around a title tag's headline: its name and the section trail beside it."""

from __future__ import annotations

import pytest

from articles.ingest.clean.site_title import strip_site_suffix
from tests.articles.ingest.support import OUTLETS


@pytest.mark.parametrize(
    ("title", "site_name", "headline"),
    [
        ("제목 - 부제 | 연합뉴스", "", "제목 - 부제"),
        ("[MT리포트] 칼바람 - 머니투데이 뉴스", "", "[MT리포트] 칼바람"),
        ("창의적 열정과 소통 : 뉴스 : 동아닷컴", "", "창의적 열정과 소통"),
        (
            "펀드 손실 사태로 얼어붙은 금융권 - IT조선 > 기업 > 금융·핀테크",
            "IT조선",
            "펀드 손실 사태로 얼어붙은 금융권",
        ),
        (
            "Colder Temperatures Forecast for Wed. l KBS WORLD",
            "KBS WORLD",
            "Colder Temperatures Forecast for Wed.",
        ),
        ('천하람 "강신철 사퇴하라" - 머니투데이 - 머니투데이', "", '천하람 "강신철 사퇴하라"'),
    ],
)
def test_the_site_part_and_its_trail_go(title, site_name, headline):
    assert strip_site_suffix(title, site_name, OUTLETS) == headline


@pytest.mark.parametrize(
    "title",
    [
        "삼성 - 애플 특허 소송 재개",  # a headline's own dash
        "정부 : 인공지능 기본법 시행령 공개",  # no part names the site
        "금리 동결 - 한국은행 총재 기자회견 전문 - 부록과 해설 전체",  # the trail is no breadcrumb
    ],
)
def test_a_headline_without_the_sites_name_stays_whole(title):
    assert strip_site_suffix(title, "", OUTLETS) == title
