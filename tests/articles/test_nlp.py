"""articles.korean with the real Kiwi: lexeme rules, offsets, the user dictionary, queries, fork safety.

Run without Django: ``.venv/bin/pytest -p no:django tests/articles/test_nlp.py -q``. The Kiwi is built
once for the module (a second, dictionary-free one for the comparisons) to keep the suite fast.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from articles import korean

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "fixtures" / "seeds"

TERMS = [
    "배경훈",
    "하정우",
    "임우형",
    "독자 AI 파운데이션 모델",
    "국가AI컴퓨팅센터",
    "국가 AI 컴퓨팅센터",
    "LG AI연구원",
    "엑사원",
    "하이퍼클로바X",
    "소버린",
]

# From fixtures/seeds/000_*.txt: plain Kiwi reads 배경훈 here as 배경/NNG 후/NNG ᆫ/JX.
SPLIT_BAEGYEONGHUN = "이같은 흐름 속에서 배경훈 후보자와 하정우 수석의 역할이 더욱 부각되고 있다."
# From fixtures/seeds/000_*.txt and 004_*.txt: plain Kiwi reads 소버린 as 소/NNG 버리/VV ᆫ/ETM.
SPLIT_SOVEREIGN = (
    "하 수석이 네이버클라우드 AI 혁신센터장 시절 개발·운영을 총괄했던 자체 LLM '하이퍼클로바X'를 "
    "기반으로 소버린 AI 구축을 늘 강조해왔던 탓이다."
)


@pytest.fixture(scope="module", autouse=True)
def dictionary():
    """The process-wide analyser with the test dictionary, built once for the module."""
    previous = korean.user_terms()
    korean.set_user_terms(TERMS)
    korean.lexemes("")  # build now, not inside the first test's timing
    yield
    korean.set_user_terms(previous)


@pytest.fixture(scope="module")
def plain():
    """A second analyser without user words, for with/without comparisons."""
    return korean._Analyser(())


def texts_of(text: str) -> list[str]:
    return [lx.text for lx in korean.lexemes(text)]


def plain_texts(plain, text: str) -> list[str]:
    return [lx.text for lx in korean._analyse_many([text], plain)[0].flat()]


def seed_text(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def index(text: str) -> dict[str, set[int]]:
    """lexeme -> positions, as the tsvector built from ``tsvector_literal`` holds them."""
    lexemes = korean.lexemes(text)
    out: dict[str, set[int]] = {}
    for lx, (first, last) in zip(lexemes, korean.positions(lexemes), strict=True):
        out.setdefault(lx.text, set()).update((first, last))
    return out


def matches(document: str, query: str, *, phrase: bool = False) -> bool:
    """``tsvector @@ tsquery`` for the query ``tsquery_literal(query, phrase=phrase)`` builds."""
    idx = index(document)
    groups = korean.query_groups(query)
    assert groups, query

    def spans(g: korean.QueryGroup) -> set[tuple[int, int]]:
        found = {(p, p) for alt in g.alternatives for p in idx.get(alt, ())}
        for p in idx.get(g.parts[0], ()):
            if all(p + k in idx.get(part, ()) for k, part in enumerate(g.parts)):
                found.add((p, p + len(g.parts) - 1))
        return found

    if not phrase:
        return all(spans(g) for g in groups)
    chain = spans(groups[0])
    for g in groups[1:]:
        chain = {(s, e2) for s, e in chain for s2, e2 in spans(g) if s2 == e + 1}
    return bool(chain)


# ---------------------------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------------------------
# User dictionary and out-of-vocabulary names


def test_seed_sentences_are_real():
    assert SPLIT_BAEGYEONGHUN in seed_text("000")
    assert SPLIT_SOVEREIGN in seed_text("004")


def test_dictionary_keeps_baegyeonghun_whole(plain):
    plain_tokens = [(t.form, t.tag) for t in plain.kiwi.tokenize(SPLIT_BAEGYEONGHUN)]
    assert ("배경", "NNG") in plain_tokens and ("배경훈", "NNP") not in plain_tokens  # Kiwi alone splits it

    tokens = [(t.form, t.tag) for t in korean._get_analyser().kiwi.tokenize(SPLIT_BAEGYEONGHUN)]
    assert ("배경훈", "NNP") in tokens and ("배경", "NNG") not in tokens

    start = SPLIT_BAEGYEONGHUN.index("배경훈")
    assert korean.Lexeme("배경훈", start, start + 3) in korean.lexemes(SPLIT_BAEGYEONGHUN)
    # Without the dictionary the surface fallback still indexes the name, not 배경 + 후.
    assert "배경훈" in plain_texts(plain, SPLIT_BAEGYEONGHUN)
    assert "후" not in plain_texts(plain, SPLIT_BAEGYEONGHUN)


def test_dictionary_fixes_what_the_fallback_cannot(plain):
    without = plain_texts(plain, SPLIT_SOVEREIGN)
    assert "소버린" not in without and "버리" in without  # read as the verb 버리다
    assert "소버린" not in plain_texts(plain, "소버린")  # ...and the query agrees, but on garbage
    with_dict = texts_of(SPLIT_SOVEREIGN)
    assert "소버린" in with_dict and "버리" not in with_dict
    assert "하이퍼클로바x" in with_dict and "하이퍼클로" not in with_dict
    assert matches(SPLIT_SOVEREIGN, "소버린") and matches(SPLIT_SOVEREIGN, "하이퍼클로바X")
    assert matches("(임우형 LG AI연구원장)", "임우형")


def test_query_and_document_agree_on_names_with_particles():
    doc = seed_text("000") + "\n" + seed_text("004")
    for query in (
        "배경훈이",
        "배경훈은",
        "배경훈·하정우",
        "하정우는",
        "유찰됐다",
        "exaone",
        "엑사원 4.0",
        "소버린",
    ):
        assert matches(doc, query), query


def test_multi_word_term_gets_one_lexeme_for_both_spellings():
    spaced = korean.lexemes("'독자 AI 파운데이션 모델' 프로젝트")
    assert [lx.text for lx in spaced][:5] == ["독자", "독자ai파운데이션모델", "ai", "파운데이션", "모델"]
    compound = spaced[1]
    assert "'독자 AI 파운데이션 모델' 프로젝트"[compound.start : compound.end] == "독자 AI 파운데이션 모델"
    assert "국가ai컴퓨팅센터" in texts_of("국가 AI 컴퓨팅센터가")
    assert "국가ai컴퓨팅센터" in texts_of("국가AI컴퓨팅센터를")
    [group] = korean.query_groups("독자 AI 파운데이션 모델")
    assert group.parts == ("독자", "ai", "파운데이션", "모델")
    assert group.alternatives == ("독자ai파운데이션모델",)


@pytest.mark.parametrize(
    "doc",
    [
        "국가AI컴퓨팅센터 구축",
        "국가 AI 컴퓨팅센터 구축",
        "국가인공지능(AI)컴퓨팅센터 구축",
        "국가인공지능컴퓨팅센터",
    ],
)
def test_compound_part_query_finds_every_spelling(doc):
    [group] = korean.query_groups("컴퓨팅센터")
    assert group.parts == ("컴퓨팅", "센터")
    assert matches(doc, "컴퓨팅센터")


def test_full_name_query_finds_spaced_and_unspaced():
    for doc in ("국가AI컴퓨팅센터를 짓는다", "국가 AI 컴퓨팅센터를 짓는다"):
        assert matches(doc, "국가AI컴퓨팅센터")
        assert matches(doc, "국가 AI 컴퓨팅센터")
    assert not matches("국가 데이터센터와 AI 컴퓨팅 교육", "국가AI컴퓨팅센터")


def test_dictionary_term_as_prefix_of_a_longer_word():
    # "LG AI연구원장" mentions LG AI연구원 although Kiwi reads 연구 + 원장.
    assert matches("배경훈 LG AI연구원장이 지명됐다", "LG AI연구원")


# ---------------------------------------------------------------------------------------------
# Positions and literals


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


def test_query_groups_per_typed_word():
    groups = korean.query_groups("배경훈이 국가AI컴퓨팅센터를 추진한다")
    assert [(g.surface, g.parts) for g in groups] == [
        ("배경훈이", ("배경훈",)),
        ("국가AI컴퓨팅센터를", ("국가", "ai", "컴퓨팅", "센터")),
        ("추진한다", ("추진",)),
    ]
    assert groups[1].alternatives == ("국가ai컴퓨팅센터",)
    assert korean.tsquery_literal("배경훈이 유찰됐다") == "'배경훈' & '유찰'"


# ---------------------------------------------------------------------------------------------
# Dictionary state


def test_dictionary_version_tracks_the_terms():
    version = korean.dictionary_version()
    analyser = korean._get_analyser()
    korean.set_user_terms(reversed([" 배경훈 ", *TERMS]))  # same set, other order and spacing
    assert korean.dictionary_version() == version
    assert korean._get_analyser() is analyser  # no rebuild
    korean.set_user_terms([*TERMS, "새 이름"])
    assert korean.dictionary_version() != version
    korean.set_user_terms(TERMS)
    assert korean.dictionary_version() == version


def test_import_builds_nothing():
    code = (
        "import sys; from articles import korean; "
        "assert korean._analyser is None and 'kiwipiepy' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)


# ---------------------------------------------------------------------------------------------
# Fork safety


def _child_lexemes(texts, conn):
    conn.send(
        (os.getpid(), korean._get_analyser().pid, [[lx.text for lx in x] for x in korean.lexemes_many(texts)])
    )
    conn.close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_forked_child_builds_its_own_kiwi():
    texts = [SPLIT_BAEGYEONGHUN, SPLIT_SOVEREIGN] * 20
    expected = [[lx.text for lx in x] for x in korean.lexemes_many(texts)]  # parent's Kiwi threads ran
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child_lexemes, args=(texts, sender))
    child.start()
    try:
        assert receiver.poll(120), "child did not answer: hung on the inherited Kiwi?"
        pid, analyser_pid, got = receiver.recv()
        child.join(30)
    finally:
        if child.is_alive():
            child.kill()
            child.join(5)
    assert child.exitcode == 0
    assert analyser_pid == pid != os.getpid()
    assert got == expected


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_forked_child_exits_normally():
    # A plain os.fork() child that exits through interpreter shutdown must not wait on the
    # parent's Kiwi threads either; run in a subprocess so a hang is a timeout, not a stuck suite.
    script = textwrap.dedent(
        """
        import os, sys
        from articles import korean
        korean.lexemes_many(["배경훈 후보자가 말했다"] * 20)
        pid = os.fork()
        if pid == 0:
            assert korean.lexemes_many(["엑사원 4.0을 공개했다"] * 20)[0][0].text == "엑사원"
            sys.exit(0)
        _, status = os.waitpid(pid, 0)
        sys.exit(os.waitstatus_to_exitcode(status))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, timeout=180, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
