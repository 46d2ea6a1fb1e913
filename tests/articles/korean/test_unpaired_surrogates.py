"""Text with an unpaired surrogate (a JSON ``"\\ud800"`` escape decodes to one) is analysed like
any other: Kiwi, which reads UTF-16, raised UnicodeDecodeError on it (found by tests/fuzz)."""

from __future__ import annotations

import pytest

from articles import korean


@pytest.mark.parametrize(
    "text", ["배경훈\ud800이 말했다", "\udc00배경훈", "\ud83e\udd16 배경훈", "배경훈\udfff"]
)
def test_a_lone_surrogate_does_not_stop_the_analysis(text):
    lexemes = korean.lexemes(text)
    assert "배경훈" in [lx.text for lx in lexemes]
    for lx in lexemes:  # offsets still index the original text
        assert korean.term_key(text[lx.start : lx.end]) == lx.text


def test_a_query_of_a_lone_surrogate_has_no_words():
    assert korean.query_groups("\ud800") == []
    assert [g.parts for g in korean.query_groups("배경훈\udc00")] == [("배경훈",)]
