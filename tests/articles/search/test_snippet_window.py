"""The snippet shows the window with the most matches, found in linear time: a long body with
thousands of matches took a second per article before (every window recounted every match)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.korean import Lexeme
from articles.search.highlight import snippet

WIDTH = 180


def densest_start(starts: list[int], width: int = WIDTH) -> int:
    """The first match of the window with the most matches, counted the slow, obvious way."""
    best_start, best_hits = 0, 0
    for i, s in enumerate(starts):
        hits = sum(1 for s2 in starts[i:] if s2 < s + width)
        if hits > best_hits:
            best_start, best_hits = s, hits
    return best_start


def test_the_densest_stretch_is_shown():
    text = "배경훈 " + "가" * 400 + " " + "하정우 배경훈 " * 12 + "나" * 400
    shown = snippet(text, [Lexeme("배경훈", 0, 3), *_all(text, "배경훈")], {"배경훈"})
    assert str(shown).startswith("…") and str(shown).count("<mark>배경훈</mark>") == 12


def _all(text: str, word: str) -> list[Lexeme]:
    out, at = [], text.find(word, 1)
    while at >= 0:
        out.append(Lexeme(word, at, at + len(word)))
        at = text.find(word, at + 1)
    return out


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.lists(st.integers(0, 1000).map(lambda n: 2 * n), max_size=60, unique=True))
def test_the_window_is_the_one_the_obvious_count_picks(starts):
    starts.sort()  # even offsets: no two matches touch, so none merge into one mark
    text = "가나" * 1100
    lexemes = [Lexeme("가", s, s + 1) for s in starts]
    shown = str(snippet(text, lexemes, {"가"}))
    # The window opens a quarter width before its first match (snapped to the text's end).
    expected = min(max(0, densest_start(starts) - WIDTH // 4), len(text) - WIDTH)
    assert shown.count("<mark>") == sum(1 for s in starts if expected <= s < expected + WIDTH)
    assert shown.startswith("…") == (expected > 0)
