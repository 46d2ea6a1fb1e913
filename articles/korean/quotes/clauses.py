"""How a quoted span is reported, and the text the rules read around it.

The rules read a masked copy of the text: a quote's inside is filled, so its words and full
stops are never taken for the sentence's own, and short parentheticals are glued into their word
(``총장(전 한양대 총장)은``). Sentences are cut on that copy. ``speech_kind`` says whether a quoted
span is speech (a quotative or a noun of speech after it, or a quote standing alone) or a quoted
term.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from articles.korean.quotes import lexicon as lx
from articles.korean.quotes.marks import Span, has_hangul

FILL = "\u2588"  # what a quote's inside becomes in the masked text: no space, no punctuation
_SENTENCE_END = re.compile(
    r"(?<=[가-힣A-Za-z0-9)”’\"'″\]][.!?])(?=\s|$|[가-힣“\"‘\[(])|(?<=니다)(?=\s+[^\s])|\n+"
)
_PAREN_GROUP = re.compile(r"\([^()\n]{1,40}\)")
# Two quotes of one speaker joined in one sentence: “…”며 “…”고 말했다.
CHAIN = re.compile(r"^\s*(?:이)?(?:라며|며|라면서도?|면서도?|라면서|라고|고)\s*,?\s*$")
THIS_WAY = re.compile(r"(?:이같이|이처럼|이렇게|이\s같이|이와\s같이|이\s같은\s말을)")
QUOTATIVE_WORD = re.compile(r"(?:다|라|자|냐|까)고,?$")
CAPTION = re.compile(r"사진\s*=|\(사진|\[사진|사진제공|<이미지를|ⓒ|/\s*연합뉴스|/뉴스1|^\s*▲")
NAMED_AFTER = re.compile(r"^\s*\(([^()\n]{2,60})\)")
_NAMING = re.compile(r"^(?:이)?라고(?:도)?\s*(?:\S+\s+)?(?:부르|불리|정의|명명|이름|칭하|지칭|표현)")
_BEFORE_NOUN = re.compile(r"^\s*(?:이)?(?:라는|는|란)\s*([가-힣]+)")
_AS_EXPECTED = re.compile(r"^\s*(?:으로|로)\s+(?:\S+\s+)?(?:기대|전망|내다|예상|관측|평가)")
_VERB_WITHOUT_QUOTATIVE = re.compile(r"^\s+\S*(?:전망|강조|밝혔|말했|설명|덧붙|지적)")


def has_stem(word: str, stems: tuple[str, ...] = lx.SPEECH_STEMS) -> bool:
    return any(s in word for s in stems)


def mask(text: str, spans: Iterable[Span]) -> str:
    """``text`` with every quote's inside filled and short parentheticals' spaces joined."""
    chars = list(text)
    for s in spans:
        for i in range(s.start, s.end):
            if chars[i] != "\n":
                chars[i] = FILL
    for m in _PAREN_GROUP.finditer(text):
        for i in range(m.start(), m.end()):
            if chars[i] == " ":
                chars[i] = "_"
    return "".join(chars)


def sentences(masked: str) -> list[tuple[int, int]]:
    """Sentence offsets of a masked text: at a full stop after a word, after 니다, at line breaks."""
    out, pos = [], 0
    for m in _SENTENCE_END.finditer(masked):
        if m.start() > pos and masked[pos : m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if masked[pos:].strip():
        out.append((pos, len(masked)))
    return out


def speech_kind(text: str, span: Span, sentence_end: int) -> str | None:
    """How a quoted span is reported: quotative, noun, standalone; None for a quoted term.

    A quote of speech ends with a predicate or is a few words long; a term is short and ends
    with a noun. 'DARPA형'이라고 정의했다 names a thing, it does not quote anyone.
    """
    content = text[span.start : span.end].strip()
    if not content or not has_hangul(content):
        return None
    after = text[span.close + 1 : min(sentence_end, span.close + 40)]
    clause = bool(lx.PREDICATE_END.search(content))
    sizeable = len(content.split()) >= 3 or len(content) >= 12
    if lx.QUOTATIVE.match(after):
        if _NAMING.match(after):
            return None
        return "quotative" if clause or sizeable else None
    before_noun = _BEFORE_NOUN.match(after)
    if before_noun and clause and sizeable:
        return "noun" if before_noun.group(1).startswith(lx.SPEECH_NOUNS) else None
    if (_AS_EXPECTED.match(after) or _VERB_WITHOUT_QUOTATIVE.match(after)) and clause and sizeable:
        return "quotative"  # “…”으로 기대했다, and a quotative dropped by the writer: “…” 전망했다
    rest = after.strip()
    if (not rest or rest[0] in ".\n" or NAMED_AFTER.match(after) or THIS_WAY.search(after)) and sizeable:
        return "standalone"
    return None
