"""articles.korean.kiwi with the real Kiwi: the user dictionary, its version, lazy building, fork safety."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import textwrap

import pytest

from articles import korean
from tests.articles.korean.support import (
    ROOT,
    SPLIT_BAEGYEONGHUN,
    SPLIT_SOVEREIGN,
    TERMS,
    matches,
    plain_texts,
    seed_text,
    texts_of,
)

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
        # The analyser lives in the kiwi module; importing the package must not build it.
        "import sys; from articles import korean; from articles.korean import kiwi; "
        "assert kiwi._analyser is None and 'kiwipiepy' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)


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


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_preloaded_kiwi_is_adopted_by_forked_workers():
    # A server's parent loads the model without running it; each forked worker adopts that very
    # instance (no second load) and tokenizes normally. In a subprocess: a hang is a timeout.
    script = textwrap.dedent(
        """
        import os, sys
        from articles.korean import kiwi
        kiwi.preload()
        preloaded = id(kiwi._preloaded)
        for _ in range(2):
            if os.fork() == 0:
                from articles import korean
                ok = korean.lexemes_many(["엑사원 4.0을 공개했다"] * 20)[0][0].text == "엑사원"
                adopted = id(kiwi._get_analyser().kiwi) == preloaded
                os._exit(0 if ok and adopted else 1)
        codes = [os.waitstatus_to_exitcode(os.wait()[1]) for _ in range(2)]
        sys.exit(max(codes))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, timeout=180, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
