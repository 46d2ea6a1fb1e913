"""Whose words: the speaker of a quote from its sentence and the sentences around it.

In order: the subject nearest before the quote in its sentence (a subject inside a relative
clause, 위원회가 연 공청회에서, does not count); the subject between the quote and its verb
(“…”고 박 수석은 전했다); the previous speaker when the sentence has none (이어 “…”). A quote
standing alone is someone's when a broadcast header precedes it, ``(이름 직함)`` or ``-이름 직함``
follows it, or the next sentence says 이같이 밝혔다 or "… 이름 직함의 말이다".
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from articles.korean.quotes.clauses import (
    FILL,
    NAMED_AFTER,
    QUOTATIVE_WORD,
    THIS_WAY,
    has_stem,
    mask,
    sentences,
)
from articles.korean.quotes.marks import SYNC_HEADERS, SYNC_INLINE, Span, has_hangul, quote_spans
from articles.korean.quotes.mentions import Mention, classify
from articles.korean.quotes.phrases import Word, phrase_before, subject_of, words
from articles.korean.quotes.speakers import Cast, Speaker

_RELATIVE_VERB = re.compile(
    r"^[가-힣]*(?:[한된린던연열낸운준간선온본쓴진른]|하는|되는|있는|없는"
    r"|데도|지만|는데|인데|니까|어서|아서|므로|라서)[,.]?$"
)
_DASH_LINE = re.compile(r"^\s*[-–—]\s*([^\n]{2,80})$")
_WORDS_OF = re.compile(r"(\S+(?:\s+\S+){0,6}?)의\s+말(?:이다|입니다|이었다)")
_PAREN = re.compile(r"\([^()]*\)")


class Attribution:
    """A text read for its speakers: masked, cut into sentences, its cast collected; remembers
    the last speaker, person and group as a pass goes on."""

    def __init__(self, text: str, *, people: frozenset[str], orgs: frozenset[str]) -> None:
        self.text = text
        self.people = people
        self.orgs = orgs
        self.spans = [s for s in quote_spans(text) if has_hangul(text[s.start : s.end])]
        self.syncs = self._inline_syncs()
        self.mask = mask(text, [*self.spans, *(s for s, _, _ in self.syncs)])
        self.sentences = sentences(self.mask)
        # Every word once, cut at sentence ends (a glued "밝혔다.이어" is two); ranges are slices.
        self.words = [w for lo, hi in self.sentences for w in words(self.mask, lo, hi)]
        self._word_starts = [w.start for w in self.words]
        self.cast = Cast(self.mask, self.words, people=people, orgs=orgs)
        self.headers = self._headers()
        self.last_speaker: Speaker | None = None
        self.last_speaker_sentence = -10
        self.spoken: list[tuple[int, int, Speaker]] = []  # (sentence, offset, speaker) of each quote
        self._mentions: dict[int, list[tuple[Word, Mention]]] = {}  # by sentence
        self._sentence_starts = [lo for lo, _ in self.sentences]

    def _inline_syncs(self) -> list[tuple[Span, str, str]]:
        """``[이름 / 직함 : 말]`` syncs: the words (or the quote inside them), name and role."""
        out = []
        for m in SYNC_INLINE.finditer(self.text):
            s, e = m.span("speech")
            inner = [q for q in self.spans if s <= q.open and q.close < e]
            if inner:
                self.spans = [q for q in self.spans if q not in inner]
                s, e = inner[0].start, inner[0].end
            out.append((Span(s, e, s - 1, e, True), m.group("name").strip(), m.group("role").strip()))
        return out

    def _headers(self) -> dict[int, tuple[str, str]]:
        """Quote spans a broadcast header introduces: their opening offset → (name, role)."""
        found: dict[int, tuple[str, str]] = {}
        for pattern in SYNC_HEADERS:
            for m in pattern.finditer(self.text):
                name, role = m.group("name").strip(), m.group("role").strip()
                for q in self.spans:
                    if q.open >= m.end() and not self.text[m.end() : q.open].strip():
                        found[q.open] = (name, role)
                        self.cast.add(m.start(), name, role)
                        break
        return found

    def note(self, speaker: Speaker, index: int, at: int) -> None:
        """Remember who spoke at offset ``at`` of sentence ``index``, for the references that follow."""
        self.last_speaker = speaker
        self.last_speaker_sentence = index
        self.spoken.append((index, at, speaker))

    def _last(self, at: int, *, plural: bool) -> Speaker | None:
        """Who 그는 (or 이들은, ``plural``) at offset ``at`` refers to: going back sentence by
        sentence, the first subject of each when it is a person (a group), else the last speaker
        of that sentence who is one. Read on demand: most sentences are never asked about."""
        kinds = ("group", "organisation") if plural else ("person",)
        index = bisect_right(self._sentence_starts, at) - 1
        for i in range(index, -1, -1):
            lo, hi = self.sentences[i]
            if i < index:
                for word, mention in self._subjects(lo, hi)[:1]:
                    if mention.kind != "pronoun":
                        first = self.cast.resolve(mention, word.start, last_person=None)
                        if first is not None and first.kind in kinds:
                            return first
            said = [s for j, pos, s in self.spoken if j == i and pos < at and s.kind in kinds]
            if said:
                return said[-1]
        return None

    def candidates(self, lo: int, hi: int) -> list[tuple[Word, Speaker]]:
        """The subjects of ``mask[lo:hi]`` that name a speaker, resolved, in text order."""
        out = []
        for word, mention in self._subjects(lo, hi):
            last = None
            if mention.kind == "pronoun":
                last = self._last(word.start, plural=mention.title == "plural")
            speaker = self.cast.resolve(mention, word.start, last_person=last)
            if speaker is not None:
                out.append((word, speaker))
        return out

    def words_in(self, lo: int, hi: int) -> list[Word]:
        """The words that start in ``mask[lo:hi]`` and end there."""
        i, j = bisect_left(self._word_starts, lo), bisect_left(self._word_starts, hi)
        ws = self.words[i:j]
        if ws and ws[-1].end > hi:
            ws = ws[:-1]
        if ws and ws[0].line_start:
            ws = [Word(ws[0].text, ws[0].start, ws[0].end), *ws[1:]]
        return ws

    def _subjects(self, lo: int, hi: int) -> list[tuple[Word, Mention]]:
        """The subject phrases in ``mask[lo:hi]`` that may name a speaker: each sentence is read
        once, a range takes the subjects that lie in it."""
        i = bisect_right(self._sentence_starts, lo) - 1
        if i < 0:
            return []
        found = self._mentions.get(i)
        if found is None:
            found = self._mentions[i] = self._read_subjects(*self.sentences[i])
        return [(w, m) for w, m in found if w.start >= lo and w.end <= hi]

    def _read_subjects(self, lo: int, hi: int) -> list[tuple[Word, Mention]]:
        ws = self.words_in(lo, hi)
        out = []
        for k, w in enumerate(ws):
            sub = subject_of(w)
            at = k
            if (
                sub is None
                and w.text.rstrip(",") in ("역시", "또한")
                and k > 0
                and ws[k - 1].text[-1:] not in "다.,"
            ):
                at, sub = k - 1, (ws[k - 1].text, "역시")  # 이재명 대통령 역시: the word before heads it
            if sub is None:
                continue
            stem, particle = sub
            if particle in ("이", "가") and at + 1 < len(ws) and _RELATIVE_VERB.match(ws[at + 1].text):
                continue  # "위원회가 연 공청회에서": the subject of a clause inside the phrase
            mention = classify(phrase_before(ws, at, stem), people=self.people, orgs=self.orgs)
            if mention is not None:
                out.append((ws[at], mention))
        return out

    def verb_after(self, lo: int, hi: int) -> str:
        """The reporting verb after a quote: the first word of saying, else the clause's last word."""
        ws = [w for w in self.words_in(lo, hi) if FILL not in w.text]
        for w in ws:
            clean = w.text.strip(".,")
            if (has_stem(clean) and not clean.endswith(("고", "며"))) or clean.endswith(("다", "습니다")):
                return clean
        return ws[-1].text.strip(".,") if ws else ""

    def subject_after(self, lo: int, hi: int) -> Speaker | None:
        """ "“…”고 박 수석은 전했다": the subject between a quote and its verb, when that subject's
        clause is the reporting one (no quoted clause of its own in between)."""
        after = self.candidates(lo, hi)
        if not after:
            return None
        word, s = after[0]
        if FILL in self.mask[lo : word.start] or s.kind not in ("person", "anonymous", "organisation"):
            return None
        for w in self.words_in(word.end, hi):
            if QUOTATIVE_WORD.search(w.text):
                return None  # "…”이라며 AI도 이와 같다고": the subject of a clause of its own
            if has_stem(w.text):
                break
        return Speaker(s.name, s.role, s.kind, "after", s.written)

    def previous_subject(self, index: int) -> Speaker | None:
        """The subject of the sentence before, when it can speak: "박 교수는 … 내다봤다. 특히 …
        해야 한다고 짚었다" (reported speech whose sentence drops the subject)."""
        if index == 0:
            return None
        found = [s for _, s in self.candidates(*self.sentences[index - 1]) if s.kind != "pronoun"]
        if not found:
            return None
        s = found[0]
        return Speaker(s.name, s.role, s.kind, "continuation", s.written)

    def continuation(self, index: int) -> Speaker | None:
        """The speaker of the last quote, if within three sentences: 이어 “…”, 그러면서 “…”."""
        if self.last_speaker is None or index - self.last_speaker_sentence > 3:
            return None
        s = self.last_speaker
        return Speaker(s.name, s.role, s.kind, "continuation")

    def _said_this_way(self, lo: int, hi: int) -> Speaker | None:
        """The subject of a sentence that says 이같이 밝혔다 (the quote before it is theirs)."""
        m = THIS_WAY.search(self.mask, lo, hi)
        if m is None or not has_stem(self.mask[m.end() : min(hi, m.end() + 20)]):
            return None
        speakers = [s for _, s in self.candidates(lo, m.start()) if s.kind != "pronoun"]
        if not speakers:
            return None
        s = speakers[0]
        return Speaker(s.name, s.role, s.kind, "after", written=s.written)

    def _named(self, phrase: str, at: int) -> Speaker | None:
        tokens = _PAREN.sub("", phrase).replace("/", " ").split()
        mention = classify(tokens, people=self.people, orgs=self.orgs)
        s = None if mention is None else self.cast.resolve(mention, at, last_person=None)
        return None if s is None else Speaker(s.name, s.role, s.kind, "after", written=s.written)

    def standalone_speaker(self, span: Span, index: int) -> Speaker | None:
        """Whose a quote standing alone is, when the article says so; else None (a headline, a
        subheading, an unattributed lead)."""
        if span.open in self.headers:
            name, role = self.headers[span.open]
            return Speaker(name, role, "person", "broadcast")
        named = NAMED_AFTER.match(self.text[span.close + 1 : span.close + 80])
        if named:
            return self._named(named.group(1), span.close)
        rest = self.text[span.close + 1 :].lstrip(" \t")
        if rest.startswith("\n"):
            dash = _DASH_LINE.match(rest.strip("\n").split("\n", 1)[0])
            if dash:
                return self._named(dash.group(1), span.close)
        this_way = self._said_this_way(span.close + 1, self.sentences[index][1])
        if this_way is not None or index + 1 >= len(self.sentences):
            return this_way
        nlo, nhi = self.sentences[index + 1]
        this_way = self._said_this_way(nlo, nhi)
        if this_way is not None:
            return this_way
        words_of = _WORDS_OF.search(self.mask, nlo, nhi)
        if words_of:
            return self._named(words_of.group(1).split("나온")[-1], nlo)
        return None
