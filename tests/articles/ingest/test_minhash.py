"""articles.ingest.minhash: MinHash signatures and the LSH band keys near-duplicates are found by."""

from __future__ import annotations

import random

import numpy as np
import pytest

from articles.ingest import minhash
from articles.ingest.dedup import shingles, similarity

BODY = (
    "과학기술정보통신부는 국가AI컴퓨팅센터 구축 사업의 공모 조건을 일부 수정해 다시 공고한다고 밝혔다. "
    "앞선 공모에는 참여한 컨소시엄이 없어 유찰됐다. 정부는 민간 참여를 늘리기 위해 지분 구조와 "
    "매수청구권 조항을 손보기로 했다. 업계는 수익성이 관건이라는 반응을 보였다."
)


def test_the_same_shingles_make_the_same_keys():
    # normalise() ignores case, width, spaces and punctuation, so the shingles (and keys) agree.
    assert minhash.near_keys("AI 반도체, 지원!") == minhash.near_keys("ai반도체지원")
    assert minhash.near_keys(BODY) == minhash.near_keys(BODY.replace(" ", "  ").replace(".", "。"))
    assert len(minhash.near_keys(BODY)) == minhash.BANDS
    assert len(set(minhash.near_keys(BODY))) == minhash.BANDS  # the band's number is in each key


def test_texts_without_shingles_have_no_keys_and_short_ones_have_their_own():
    assert minhash.near_keys("") == []
    assert minhash.near_keys(" … !! ") == []
    assert minhash.near_keys("AI") == minhash.near_keys("a i") != minhash.near_keys("AX")


def test_the_keys_are_what_the_stored_ones_were_made_with():
    # Stored articles keep their keys: a change to any constant of the module silently stops old
    # articles from being found, unless every key is rebuilt (manage.py near_duplicate_keys --rebuild).
    assert minhash.near_keys("국가AI컴퓨팅센터")[:3] == [
        -6729792267479642040,
        -3107209364993784221,
        3059984043032170420,
    ]


def test_agreement_of_signatures_estimates_the_jaccard_similarity():
    rng = random.Random(5)
    sentences = BODY.split(". ")
    for _ in range(20):
        edited = list(sentences)
        edited[rng.randrange(len(edited))] = "정부는 이달 중 세부 계획을 내놓을 예정이다"
        other = ". ".join(edited)
        exact = similarity(BODY, other)
        estimate = float(np.mean(minhash.signature(BODY) == minhash.signature(other)))
        # 120 hash functions: a standard error of at most 0.046; 0.15 is more than three of them.
        assert abs(estimate - exact) < 0.15, (exact, estimate)


def test_long_texts_are_hashed_in_blocks_with_the_same_result():
    # Two halves overlapping by SHINGLE_SIZE - 1 characters have, together, every shingle of the
    # whole: the whole's signature is the smaller value of the halves' at each position.
    rng = random.Random(1)
    text = "".join(chr(0xAC00 + rng.randrange(11172)) for _ in range(3 * 4096))
    assert len(shingles(text)) > 2 * 4096
    cut = len(text) // 2
    first, second = minhash.signature(text[: cut + 4]), minhash.signature(text[cut:])
    assert np.array_equal(minhash.signature(text), np.minimum(first, second))


def test_the_bands_find_near_duplicates_and_rarely_anything_else():
    assert minhash.candidate_probability(0.8) > 0.99
    assert minhash.candidate_probability(0.9) > 0.9999
    assert minhash.candidate_probability(0.3) < 0.02
    edited = BODY.replace("밝혔다", "밝혔다고 전했다")
    assert similarity(BODY, edited) >= 0.8
    assert set(minhash.near_keys(BODY)) & set(minhash.near_keys(edited))


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError):
        minhash.signature(BODY, permutations=0)
    with pytest.raises(ValueError):
        minhash.band_keys(minhash.signature(BODY, permutations=10), bands=20, rows=6)
