"""Noun phrases that can speak: the words of a clause and the subjects among them.

Rules, on whitespace-separated words (eojeol) and their particles; no morphological analyser is
needed for the shapes news uses to introduce a speaker: a subject is a word ending in
은/는/이/가/도/께서 (or 에선/에서는 after 업계, 일각), its noun phrase the bare words before it
(``배경훈 과학기술정보통신부 장관은``), stopping at a particle, a verb ending, a date or an
adverb. What such a phrase names (a person, an organisation, an anonymous source …) is
``mentions``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from articles.korean.quotes import lexicon as lx
from articles.korean.quotes.mentions import HANGUL_ONLY, PAREN, is_org, looks_like_name, title_of

_WORD = re.compile(r"\S+")

_DATE = re.compile(
    r"^(?:\d[\d.,/~∼-]*(?:일|월|년|시|분|차|주|개월|주년)?|[\d.]+[%]?|지난달|지난주|이달|다음달|올|지난|오는)$"
)

_SUBJECT_PARTICLES = ("께서는", "께서", "은", "는", "이", "가", "도")

_GROUP_PARTICLES = ("에서는", "에서도", "에선", "에서")


# Word endings that close a phrase on their left: object, locative, instrumental, comitative
# particles, adnominal and connective verb endings.
_STOP_ENDINGS = re.compile(
    r"(?:을|를|에|에게|에서|으로|로|와|과|하고|랑|께|까지|부터|처럼|보다|만|은|는|이|가|도"
    r"|[한된인던할될은는]|하며|하고|해|해서|하면서|하자|하여|했고|했으며|이며|이고|며|고|서|면|자|지만|는데|니까)$"
)

# Adnominal verb endings: "지명된 배경훈", "반도체 전문가인 권석준", "한국을 대표하는".
_ADNOMINAL = re.compile(r"(?:[한된던는할될든온간낸운쓴친본른준진린은인난]|했던|하는|있는|없는|이던)$")

# Endings no Korean given name has (or almost none): only a verb's. 은/진/준/인/린 end names too.
_VERB_ONLY = re.compile(r"(?:[한된던는할될든온간낸운쓴친본른난]|하는|있는|없는|했던|이던)$")

_ARGUMENT_ENDINGS = ("을", "를", "에", "에게", "와", "과", "로", "으로", "에서", "께")

_VERBISH_STEM = re.compile(r"(?:[하되있없않같]|이었|였|했|됐|시키|지|리|기|주|보|오|나|내|해)$")


class Word(NamedTuple):
    text: str
    start: int
    end: int
    line_start: bool = False  # a line break between this word and the one before


def words(text: str, lo: int, hi: int) -> list[Word]:
    """The eojeol of ``text[lo:hi]`` with their offsets; an opening mark glued to a word
    (``중소벤처기업부는「…」를``) starts a word of its own."""
    out: list[Word] = []
    previous_end = lo
    for m in _WORD.finditer(text, lo, hi):
        start, w = m.start(), m.group()
        line = text.find("\n", previous_end, start) >= 0
        cut = _GLUED_OPEN.search(w) if _OPENINGS.search(w) else None
        if cut:
            out.append(Word(w[: cut.start()], start, start + cut.start(), line))
            out.append(Word(w[cut.start() :], start + cut.start(), m.end()))
        else:
            out.append(Word(w, start, m.end(), line))
        previous_end = m.end()
    return out


_GLUED_OPEN = re.compile(r"(?<=[가-힣)])[「『“‘]")

_OPENINGS = re.compile(r"[「『“‘]")


def strip_particle(word: str) -> tuple[str, str]:
    """``(stem, particle)`` for a subject word: ``("장관", "은")`` for 장관은."""
    for p in _SUBJECT_PARTICLES:
        if word.endswith(p) and len(word) > len(p):
            return word[: -len(p)], p
    return word, ""


def subject_of(word: Word) -> tuple[str, str] | None:
    """``(stem, particle)`` when ``word`` may be the subject of a sentence, else None."""
    text = word.text.rstrip(",.")
    if not text or text[-1] in "”’\"'″)]":
        return None
    for p in _GROUP_PARTICLES:
        if text.endswith(p) and text[: -len(p)] in lx.ANONYMOUS_SOLE:
            return text[: -len(p)], p
    stem, particle = strip_particle(text)
    if not particle:
        return None
    if stem in ("그", "그녀", "이들", "그들") and particle in ("는", "은", "도", "가"):
        return stem, particle
    clean = PAREN.sub("", stem)
    if not clean or clean in lx.NOT_SPEAKERS or text in lx.NOT_SPEAKERS:
        return None
    verbish = (
        HANGUL_ONLY.match(clean) is not None
        and len(clean) >= 2
        and _VERBISH_STEM.search(clean) is not None
        and clean not in lx.ANONYMOUS_HEADS
        and not title_of(clean)
        and not clean.endswith(lx.ORG_ENDINGS[:30])
    )
    if verbish:
        return None  # 하는, 되는, 있는, 열리는: verbs before a noun, not subjects
    if particle == "이" and clean.endswith(("하", "되")):
        return None
    return stem, particle


def phrase_before(ws: list[Word], k: int, stem: str) -> list[str]:
    """The noun phrase headed by word ``k`` (its particle removed as ``stem``): bare words to its left."""
    tokens = [stem]
    j = k - 1
    while j >= 0 and len(tokens) < 8:
        if ws[j + 1].line_start:
            break
        w = ws[j].text
        if w.endswith((",", "·", ".", "?", "!", "…")) or w.endswith("다"):
            break
        bare = w
        if HANGUL_ONLY.match(bare) and len(bare) == 1 and len(tokens) == 1 and title_of(tokens[0]):
            tokens.insert(0, bare)  # 배 장관, 이 대표: a short form's syllable
            break
        if _DATE.match(bare) or bare in lx.NOT_SPEAKERS or bare in lx.CONTINUATION:
            break
        if any(ch in bare for ch in "“”\"‘’'″[]=|>:▶") and not bare.startswith("("):
            break
        if HANGUL_ONLY.match(bare) and _ADNOMINAL.search(bare):
            # 지명된 배경훈, 계획을 설명한 과기정통부 …: a verb's clause ends the phrase; 권석준,
            # 김정인 end the same way but are names (no object before them, a name's shape).
            left = ws[j - 1].text if j > 0 else ""
            verb = _VERB_ONLY.search(bare) or not looks_like_name(bare) or left.endswith(_ARGUMENT_ENDINGS)
            if verb:
                break
        if HANGUL_ONLY.match(bare) and _STOP_ENDINGS.search(bare) and not _is_bare_noun(bare):
            break
        tokens.insert(0, bare)
        j -= 1
    return tokens


def _is_bare_noun(word: str) -> bool:
    """Words that end like a particle but are whole nouns in a name phrase (장관, 의원, 교수)."""
    if word.endswith(_ARGUMENT_ENDINGS) and not title_of(word):
        return False
    return (
        is_org(word)
        or bool(title_of(word))
        or word in lx.ANONYMOUS_HEADS
        or looks_like_name(word)
        or (
            word.endswith(("부", "원", "처", "청", "실", "회", "사", "단", "과", "팀", "국", "대", "소"))
            and not word.endswith(("하고", "와", "과는"))
            and len(word) >= 2
        )
    )
