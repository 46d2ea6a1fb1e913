"""BigKinds' 기고자 (the byline as printed) into reporter names. Cases from the real download
NewsResult_20210201-20210228.xlsx (tests/data/bigkinds/README.md) and the shapes its README lists."""

from __future__ import annotations

import pytest

from articles.ingest.clean.contributors import contributor_names


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("노도현 기자  hyunee@kyunghyang.com", ["노도현"]),
        ("조찬제 논설위원", ["조찬제"]),
        ("세종/박성우 기자", ["박성우"]),
        ("파리/손진석 특파원", ["손진석"]),
        ("워싱턴|김재중 특파원 hermes@kyunghyang.com", ["김재중"]),
        ("조형국 | 정책사회부 situation@kyunghyang.com", ["조형국"]),
        ("이용기 | 영남대 식품자원경제학과 교수", ["이용기"]),
        ("정재훈 가천대 길병원 예방의학과 교수", ["정재훈"]),
        ("데일리안 김성아 기자 (sa@dailian.co.kr)", ["김성아"]),
        ("염규현,남형석", ["염규현", "남형석"]),
        ("이미나/김소연", ["이미나", "김소연"]),
        ("류인하·경태영·권기정 기자 acha@kyunghyang.com", ["류인하", "경태영", "권기정"]),
        ("성유진 기자\n성유진 기자  장형태 기자", ["성유진", "장형태"]),
        ("사진·글 권도현 기자 lightroad@kyunghyang.com", ["권도현"]),
        ("청와대사진기자단", []),
        ("", []),
        (None, []),
    ],
)
def test_contributor_names(raw, names):
    assert contributor_names(raw) == names


def test_the_rows_outlet_written_before_the_name_is_dropped():
    assert contributor_names("경향신문 홍길동 기자", outlet="경향신문") == ["홍길동"]
