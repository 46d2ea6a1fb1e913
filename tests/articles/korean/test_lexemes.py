"""articles.korean.lexemes with the real Kiwi: which morphemes become lexemes, and their offsets."""

from __future__ import annotations

import pytest

from articles import korean
from tests.articles.korean.support import SPLIT_BAEGYEONGHUN, SPLIT_SOVEREIGN, matches, seed_text, texts_of

# Lexeme rules


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("배경훈이", ["배경훈"]),
        ("배경훈은", ["배경훈"]),
        ("하정우는", ["하정우"]),
        ("엑사원을", ["엑사원"]),
        ("과기정통부에서", ["과기", "과기정통부", "정통부"]),  # split by Kiwi, + the compound
        ("배경훈·하정우", ["배경훈", "하정우"]),
    ],
)
def test_particles_are_not_indexed(text, expected):
    assert texts_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("개발했다", ["개발"]),  # 개발/NNG + 하/XSV: the noun, not 하다
        ("유찰됐다", ["유찰"]),
        ("유찰된", ["유찰"]),
        ("만들었다", ["만들"]),  # a plain verb: its stem
        ("있었다", []),  # light verbs are not worth a lexeme
    ],
)
def test_verbs_index_the_noun_or_stem(text, expected):
    assert texts_of(text) == expected


def test_latin_is_lower_cased_and_versions_stay_whole():
    assert texts_of("EXAONE 4.0을 공개") == ["exaone", "4.0", "공개"]  # Kiwi reads 을 as NNG here
    assert korean.query_lexemes("exaone") == ["exaone"]
    assert matches("LG AI연구원은 EXAONE 3.5를 공개했다.", "exaone")
    assert texts_of("ＥＸＡＯＮＥ　４．０") == ["exaone", "4.0"]  # full-width letters and space


def test_version_at_sentence_end_and_glued_to_the_name():
    # Kiwi reads "4.0." as a serial number including the full stop.
    assert texts_of("엑사원 4.0.") == ["엑사원", "4.0"]
    assert texts_of("엑사원4.0") == ["엑사원", "엑사원4.0", "4.0"]
    for doc in ("LG AI연구원 '엑사원 4.0'과 조직 개편", "엑사원4.0.", "엑사원 4.0을 공개"):
        assert matches(doc, "엑사원 4.0", phrase=True), doc
    other = "EXAONE 4.0 공개 이후 엑사원 개선"
    assert matches(other, "엑사원 4.0") and not matches(other, "엑사원 4.0", phrase=True)
    assert korean.tsquery_literal("엑사원 4.0", phrase=True) == "'엑사원' <-> '4.0'"


def test_numbers_drop_thousands_separators():
    assert texts_of("1,000억원")[:2] == ["1000", "1000억원"]
    assert korean.query_lexemes("1000억원") == ["1000", "억", "원"]


def test_bound_noun_stoplist():
    assert texts_of("할 수 있는 것이다") == []
    assert "년" in texts_of("2025년")  # units stay


# Offsets


@pytest.mark.parametrize(
    "text",
    [
        "배경훈이 말했다",
        "😀배경훈 장관이 😀엑사원을 발표",
        "배경훈\u200b장관 ＥＸＡＯＮＥ\u3000４．０",
        "도와줬다 예뻤다 나은",
        "1,000억원과 2조5천억원, 엑사원4.0.",
        "https://zdnet.co.kr/view/?no=1 참조",
        SPLIT_SOVEREIGN,
    ],
)
def test_offsets_index_the_original_text(text):
    for lx in korean.lexemes(text):
        surface = text[lx.start : lx.end]
        assert surface and surface == surface.strip(), lx
        # The lexeme is the normalised surface, except that an irregular verb stem differs from
        # the written syllable it is fused into (도와줬 -> 도와주, 나 -> 낫).
        fused = len(surface) == len(lx.text) and surface[:-1] == lx.text[:-1]
        assert korean.term_key(surface) == lx.text or fused, (lx, surface)


def test_offsets_over_a_whole_seed_page():
    text = seed_text("000")
    lexemes = korean.lexemes(text)
    assert len(lexemes) > 5000
    # Irregular verb stems are written differently (떠올랐다 -> 떠오르, 새로운 -> 새롭): their span is
    # Kiwi's span of the stem. Every other lexeme is its normalised surface.
    verb_spans = {
        (t.start, t.end) for t in korean._get_analyser().kiwi.tokenize(text) if t.tag.startswith(("VV", "VA"))
    }
    bad = [
        lx
        for lx in lexemes
        if korean.term_key(text[lx.start : lx.end]) != lx.text and (lx.start, lx.end) not in verb_spans
    ]
    assert bad == []


def test_lexemes_many_equals_lexemes():
    texts = [SPLIT_BAEGYEONGHUN, SPLIT_SOVEREIGN, "", "국가AI컴퓨팅센터를"]
    assert korean.lexemes_many(texts) == [korean.lexemes(t) for t in texts]
    assert korean.lexemes_many(iter(texts)) == korean.lexemes_many(texts)
