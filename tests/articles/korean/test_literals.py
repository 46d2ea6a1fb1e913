"""articles.korean.literals: positions and tsvector/tsquery literal syntax."""

from __future__ import annotations

import pytest

from articles import korean


def test_positions_share_the_first_part_and_reach_the_last():
    lexemes = korean.lexemes("국가AI컴퓨팅센터를 구축")
    assert [(lx.text, p) for lx, p in zip(lexemes, korean.positions(lexemes), strict=True)] == [
        ("국가", (1, 1)),
        ("국가ai컴퓨팅센터", (1, 4)),
        ("ai", (2, 2)),
        ("컴퓨팅", (3, 3)),
        ("센터", (4, 4)),
        ("구축", (5, 5)),
    ]
    assert korean.tsvector_literal(lexemes, weight="A") == (
        "'국가':1A '국가ai컴퓨팅센터':1A,4A 'ai':2A '컴퓨팅':3A '센터':4A '구축':5A"
    )


def test_literals_quote_and_clamp():
    assert korean.QueryGroup("x", ("a'b", "c\\d")).tsquery() == "('a''b' <-> 'c\\\\d')"
    assert korean.QueryGroup("x", ("ab",), ("abc",)).tsquery(prefix=True) == "('ab' | 'abc')"
    assert korean.QueryGroup("x", ("a", "b"), ("ab",)).tsquery(prefix=True) == "('a' <-> 'b' | 'ab':*)"
    many = [korean.Lexeme(f"w{i}", i, i + 1) for i in range(16390)]
    assert korean.tsvector_literal(many).endswith("'w16389':16383")
    assert korean.tsquery_literal("것은 ...") == ""
    with pytest.raises(ValueError):
        korean.tsvector_literal(many[:1], weight="E")
