"""Snippets mark the words found, also after a character whose case folding is longer than itself
("ß" folds to "ss", "İ" to "i̇"): the match was marked one character off per such character, and a
lexeme holding such a letter ("größe") was never found."""

from __future__ import annotations

import pytest

from articles.search.highlight import snippet, surface_lexemes


@pytest.mark.parametrize(
    "text",
    [
        "Straße 배경훈 장관",
        "İstanbul·Straße에서 배경훈 장관이 AI를 말했다",
        "ﬁnal ŉ 배경훈",  # a ligature and a letter that fold to two characters each
        "배경훈 장관",  # nothing to unfold: the common path
    ],
)
def test_the_mark_is_on_the_word(text):
    found = surface_lexemes(text, {"배경훈"})
    assert [text[lx.start : lx.end] for lx in found] == ["배경훈"]
    assert "<mark>배경훈</mark>" in snippet(text, found, {"배경훈"})


def test_a_latin_word_after_an_unfolding_letter():
    text = "Größe der KI: AI 전략"
    found = surface_lexemes(text, {"ai", "größe"})
    assert sorted(text[lx.start : lx.end] for lx in found) == ["AI", "Größe"]
