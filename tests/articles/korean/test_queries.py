"""articles.korean.queries with the real Kiwi: search strings grouped per typed word."""

from __future__ import annotations

from articles import korean


def test_query_groups_per_typed_word():
    groups = korean.query_groups("배경훈이 국가AI컴퓨팅센터를 추진한다")
    assert [(g.surface, g.parts) for g in groups] == [
        ("배경훈이", ("배경훈",)),
        ("국가AI컴퓨팅센터를", ("국가", "ai", "컴퓨팅", "센터")),
        ("추진한다", ("추진",)),
    ]
    assert groups[1].alternatives == ("국가ai컴퓨팅센터",)
    assert korean.tsquery_literal("배경훈이 유찰됐다") == "'배경훈' & '유찰'"
