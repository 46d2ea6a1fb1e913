"""The quote rules on real text: the dev half of tests/data/quotes (each article with its source
there). The held-out half is only scored (test_corpus.py), never tested rule by rule.

No database and no Kiwi: ``articles.korean.quotes`` is rules on the text itself.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from articles.korean.quotes import quotes_extract

CORPUS = Path(__file__).resolve().parents[2] / "data" / "quotes"


@cache
def _articles() -> dict[str, dict]:
    return {
        a["id"]: a for split in ("dev", "heldout") for a in json.loads((CORPUS / f"{split}.json").read_text())
    }


def body(article_id: str) -> str:
    return _articles()[article_id]["body"]


def direct(text: str, **names):
    return [q for q in quotes_extract(text, **names) if q.kind == "direct"]


def speakers(text: str) -> list[tuple[str, str]]:
    """(speaker, the quote's first words) of every direct quote."""
    return [(q.speaker, q.text[:12]) for q in direct(text)]


def test_offsets_point_into_the_text_for_every_quote_of_the_corpus():
    for article in _articles().values():
        for q in quotes_extract(article["body"]):
            assert article["body"][q.start : q.end] == q.text, article["id"]


def test_named_subject_two_quotes_joined_by_ramyeo_and_the_reporting_verb():
    # https://zdnet.co.kr (seed 000, "이준석 \"배경훈 과기정통부 장관 지명 축하…구조는 따져야\"")
    quotes = direct(body("seed000-03"))
    last_two = quotes[-2:]
    assert [q.speaker for q in last_two] == ["이준석", "이준석"]
    assert last_two[0].text == "갈라파고스화는 단지 기술 문제라기보다 구조 문제"
    assert all(q.verb == "밝혔다" and not q.anonymous and q.speaker_kind == "person" for q in last_two)
    assert "대표" in last_two[0].role


def test_short_forms_resolve_to_whoever_this_article_introduced():
    # ZDNet (seed 000): 이재명 대통령 and 이준석 대표 are both introduced; 이 대표 is 이준석.
    found = {(q.speaker, q.resolution) for q in direct(body("seed000-03")) if q.resolution == "short"}
    assert found == {("이준석", "short")}
    # 노컷뉴스: there 이 대통령 is 이재명, the only 이… introduced as 대통령.
    found = {(q.speaker, q.resolution) for q in direct(body("web-e457fd9e")) if q.resolution == "short"}
    assert found == {("이재명", "short")}


def test_pronoun_and_continuation_take_the_speaker_before():
    # 서울경제 via Daum (seed 002): "그는 “…”며 “…”고 말했다", "그러면서 “…”며 “…”고 강조했다".
    quotes = direct(body("seed002-01"))
    by_resolution = {q.resolution for q in quotes}
    assert {"pronoun", "continuation"} <= by_resolution
    assert {q.speaker for q in quotes} == {"배경훈"}


def test_organisations_speak_and_anonymous_sources_keep_their_role():
    # ZDNet (seed 004): "과기정통부 측은 “…”라며 “…”는 입장을 밝혔다", "간담회에 참석한 업계 관계자는 “…”".
    quotes = direct(body("seed004-05"))
    ministry = [q for q in quotes if q.speaker == "과기정통부"]
    assert ministry and all(q.speaker_kind == "organisation" and not q.anonymous for q in ministry)
    industry = [q for q in quotes if q.anonymous]
    assert industry and all("관계자" in q.role for q in industry)


def test_quoted_names_terms_and_titles_are_not_quotes():
    # ZDNet (seed 000): 'LLM 이름', '국가대표 AI' and the like, and a stray ' that never closes.
    text = body("seed000-01")
    quoted_terms = ["엑사원", "하이퍼클로바X", "카나나", "코난 LLM", "앨런 LLM", "솔라", "국산 AI 인프라"]
    found = {q.text for q in quotes_extract(text)}
    assert not found & set(quoted_terms)
    assert all(q.anonymous for q in direct(text))  # only the 업계 관계자 quotes at the end


def test_a_subheading_repeating_a_quote_is_not_one_but_the_body_quote_is():
    # 아이뉴스24 via Nate: "◇최수연 네이버 대표 “50배·100배 차이 나는 빅테크와 경쟁…절박함 느껴”".
    texts = [q.text for q in direct(body("web-5c12fa0e"))]
    assert "50배·100배 차이 나는 빅테크와 경쟁…절박함 느껴" not in texts
    assert any(t.startswith("네이버는 50배, 100배 이상") for t in texts)


def test_a_lead_quote_is_attributed_by_the_sentence_that_says_so():
    # ZDNet (seed 000 #13): "“…하겠습니다.” 구광모 LG 대표가 올해 신년사에서 이처럼 강조한 가운데"
    first = direct(body("seed000-13"))[0]
    assert (first.speaker, first.resolution) == ("구광모", "after")
    assert first.text.startswith("난치병을 치료하는")


def test_an_unattributed_subtitle_quote_is_not_a_quote():
    # 아시아경제: two subtitle lines in quotes, then the article.
    texts = [q.text for q in direct(body("web-27087d3f"))]
    assert "처음 제안받고 월급, 주식 등 고민했다" not in texts
    assert "(상사로) '똑부'를 만나면 밑에 사람은 힘들다" in texts


def test_broadcast_syncs_name_their_speaker():
    # MBC: "[유상임/과기정통부 장관 후보자]" then the quote in ″…″ on the next line.
    quotes = direct(body("web-410fb757"))
    assert [q.speaker for q in quotes] == ["유상임", "이해민", "유상임", "이해민", "노종면"]
    assert {q.resolution for q in quotes} == {"broadcast"}
    # KBS: "[박희준/TGK 대표 : "…"]", the sync in brackets.
    quotes = direct(body("real117"))
    assert [(q.speaker, q.role) for q in quotes] == [("박희준", "TGK 대표")]
    assert quotes[0].text.startswith("최고 품질의 데이터센터를")
    # YTN's form, with no quotation marks at all.
    quotes = direct(
        "[정의용 / 청와대 국가안보실장 : 상세하게 밝힐 수는 없습니다만 시험 발사를 하고 있습니다.]"
    )
    assert [(q.speaker, q.text[:9]) for q in quotes] == [("정의용", "상세하게 밝힐 수")]


def test_a_quote_broken_over_lines_and_signed_on_the_next_one():
    # SBS: "“…\n\n…”" then "-권석준 성균관대 화학공학부 교수".
    quotes = direct(body("web-4515e900"))
    assert [q.speaker for q in quotes] == ["권석준", "권석준", "김창욱", "김창욱"]
    assert "\n\n" in quotes[0].text


def test_indirect_speech_with_its_speaker_before_or_after_it():
    # 뉴스1: "… 맞먹는 규모라고 시는 설명했다" (시 = 제천시, named earlier).
    indirect = [q for q in quotes_extract(body("web-4ab04906")) if q.kind == "indirect"]
    assert [(q.speaker, q.verb) for q in indirect] == [("제천시", "설명했다")]
    assert indirect[0].text.startswith("이 발전소에서 생산하는 전력량은")
    # 바이라인네트워크: a ministry's press release, "…줄였다고 25일 밝혔다".
    indirect = [q for q in quotes_extract(body("real040")) if q.kind == "indirect"]
    assert indirect and indirect[0].speaker.startswith("과학기술정보통신부")


def test_known_names_come_from_the_caller():
    # A name that does not look like a Korean name is still a person when the knowledge base has it.
    text = "샘 올트먼은 “한국은 AI 인재가 많다”고 말했다."
    assert [q.speaker for q in direct(text, people=["샘 올트먼"])] == ["샘 올트먼"]


def test_a_large_knowledge_base_finds_the_longest_known_name():
    # Thousands of names, as a real knowledge base has: the phrase looks up only those that can
    # start at its letters; of two known names in it, the longer one speaks.
    many = frozenset({f"가{chr(0xAC00 + i)}{chr(0xAC00 + i * 7 % 11172)}" for i in range(20000)})
    text = "오픈AI 샘 올트먼 최고경영자는 “한국은 AI 인재가 많다”고 말했다."
    people = many | {"샘 올트먼", "올트먼"}
    quotes = direct(text, people=people)
    assert [(q.speaker, q.role) for q in quotes] == [("샘 올트먼", "오픈AI 최고경영자")]


@pytest.mark.parametrize("text", ["", "No Korean here: “quoted” words.", "따옴표가 없는 문장이다."])
def test_nothing_to_find(text):
    assert quotes_extract(text) == []
