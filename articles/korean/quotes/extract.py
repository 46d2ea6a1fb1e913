"""Quotes of a text: direct and indirect, each with its speaker, verb and offsets.

Direct: a quoted span that is speech (``clauses.speech_kind``) and has a speaker
(``attribution``). Indirect: a clause ending in 다고 / 라고 / 자고 / 냐고 followed within four
words by a verb of saying, with a speaker: the subject between the clause and the verb
(…라고 시는 설명했다), else the first subject of the clause's sentence, else the subject of the
sentence before or the last speaker. What was said runs from after the subject to the
quotative; leading 이어, 또, 특히 are not part of it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

from articles.korean.quotes import lexicon as lx
from articles.korean.quotes.attribution import Attribution
from articles.korean.quotes.clauses import CAPTION, CHAIN, FILL, QUOTATIVE_WORD, has_stem, speech_kind
from articles.korean.quotes.marks import Span, has_hangul
from articles.korean.quotes.speakers import Speaker


@dataclass(frozen=True)
class Quote:
    """One quote. ``text == source[start:end]`` (inside the marks for a direct quote)."""

    text: str
    start: int
    end: int
    kind: str  # "direct" | "indirect"
    speaker: str
    role: str
    speaker_kind: str  # person, organisation, anonymous, group
    anonymous: bool
    verb: str
    resolution: str  # subject, short, title, pronoun, continuation, after, broadcast
    written: str = ""  # how the text names the speaker here when not in full (배 장관, 그는)


_ANY_QUOTATIVE = re.compile(r"[다라자냐까]고[\s,]")
_PASSIVE = re.compile(r"(?:된다|됐다|되며|되고|돼|되는|된|되어|됩니다|됐습니다)[.,]?$")
_PHRASAL_VERBS = ("목소리를 높", "목소리를 냈", "말을 이었", "입장을 밝", "뜻을 밝", "의지를 밝")


class _Reader(Attribution):
    """One pass over a text, sentence by sentence."""

    def __init__(self, text: str, *, people: frozenset[str], orgs: frozenset[str]) -> None:
        super().__init__(text, people=people, orgs=orgs)
        self.quotes: list[Quote] = []

    def read(self) -> list[Quote]:
        for span, name, role in self.syncs:
            self.cast.add(span.open, name, role)
            self._emit(span, "direct", Speaker(name, role, "person", "broadcast"), "")
        opens = [s.open for s in self.spans]
        for index, (lo, hi) in enumerate(self.sentences):
            # Only sentences with a quotation mark or a quotative are read closely.
            if bisect_left(opens, lo) < bisect_left(opens, hi):
                self._direct(index, lo, hi)
            if _ANY_QUOTATIVE.search(self.mask, lo, hi):
                self._indirect(index, lo, hi)
        self.quotes.sort(key=lambda q: q.start)
        return self.quotes

    def _emit(self, span: Span, kind: str, speaker: Speaker, verb: str) -> None:
        self.quotes.append(
            Quote(
                text=self.text[span.start : span.end],
                start=span.start,
                end=span.end,
                kind=kind,
                speaker=speaker.name,
                role=speaker.role,
                speaker_kind=speaker.kind,
                anonymous=speaker.anonymous,
                verb=verb,
                resolution=speaker.resolution,
                written=speaker.written,
            )
        )

    def _direct(self, index: int, lo: int, hi: int) -> None:
        spans = [s for s in self.spans if lo <= s.open < hi]
        used: set[int] = set()
        previous: tuple[Span, Speaker] | None = None
        for span in spans:
            kind = speech_kind(self.text, span, max(hi, span.close + 1))
            if kind is None:
                previous = None
                continue
            if kind == "standalone":
                if CAPTION.search(self.mask[lo:hi]) and span.open not in self.headers:
                    continue
                speaker = self.standalone_speaker(span, index)
                if speaker is None:
                    previous = None
                    continue
                self._emit(span, "direct", speaker, "")
                self.note(speaker, index, span.start)
                previous = (span, speaker)
                continue
            speaker = None
            if previous is not None and CHAIN.match(self.text[previous[0].close + 1 : span.open]):
                speaker = previous[1]
            if speaker is None:
                start = previous[0].close + 1 if previous is not None else lo
                found = [(w, s) for w, s in self.candidates(lo, span.open) if w.start not in used]
                if found and found[-1][0].start >= start - 200:
                    w, speaker = found[-1]
                    used.add(w.start)
            if speaker is None:
                speaker = self.subject_after(span.close + 1, hi)
            if speaker is None:
                speaker = self.continuation(index)
            if speaker is None:
                previous = None
                continue
            verb = self.verb_after(span.close + 1, hi)
            self._emit(span, "direct", speaker, verb)
            self.note(speaker, index, span.start)
            previous = (span, speaker)

    def _indirect(self, index: int, lo: int, hi: int) -> None:
        ws = self.words_in(lo, hi)
        clause_start = 0
        for k, w in enumerate(ws):
            if FILL in w.text or not QUOTATIVE_WORD.search(w.text) or any(c in w.text for c in "“”\"'’‘″"):
                continue
            verb_at = next(
                (
                    j
                    for j in range(k + 1, min(k + 5, len(ws)))
                    if FILL not in ws[j].text
                    and not _PASSIVE.search(ws[j].text)
                    and (
                        has_stem(ws[j].text, lx.INDIRECT_STEMS)
                        or has_stem(f"{ws[j - 1].text} {ws[j].text}", _PHRASAL_VERBS)
                    )
                ),
                None,
            )
            if verb_at is None:
                continue
            verb = ws[verb_at].text.strip(".,")
            content_end = w.start + len(w.text.rstrip(",")) - 1  # up to the quotative 고
            speaker = None
            content_start = ws[clause_start].start if clause_start < len(ws) else w.start
            after = self.candidates(w.end, ws[verb_at].start)
            if after:
                s = after[0][1]
                speaker = Speaker(s.name, s.role, s.kind, "after", s.written)
            else:
                said = [(q.start, q.end) for q in self.quotes if q.kind == "direct" and lo <= q.start < hi]
                quoted = [x for x in ws[clause_start:k] if any(a < x.end and x.start < b for a, b in said)]
                if quoted:
                    # “…”이라며 … 하겠다고: what is said indirectly starts after the direct quote.
                    content_start = next((x.start for x in ws[ws.index(quoted[-1]) + 1 : k + 1]), w.start)
                before = self.candidates(ws[clause_start].start if clause_start < len(ws) else lo, w.start)
                before = [b for b in before if b[0].start < content_start or not quoted]
                if before:
                    subject_word, speaker = before[0]
                    content_start = max(content_start, subject_word.end)
                elif verb.startswith(("전해졌", "알려졌")):
                    speaker = None
                else:
                    speaker = self.previous_subject(index) or self.continuation(index)
            clause_start = verb_at + 1
            if speaker is None:
                continue
            # Leading adverbs and the sentence's continuation markers are not what was said.
            while content_start < content_end and self.text[content_start] in " ,":
                content_start += 1
            for marker in sorted(lx.CONTINUATION, key=len, reverse=True):
                if self.text.startswith(marker + " ", content_start):
                    content_start += len(marker) + 1
                    break
            if content_end - content_start < 4:
                continue
            span = Span(content_start, content_end, content_start, content_end, False)
            if any(
                q.kind == "direct" and q.start < content_end and content_start < q.end for q in self.quotes
            ):
                continue
            self._emit(span, "indirect", speaker, verb)
            self.note(speaker, index, span.start)


def _names(names: Iterable[str]) -> frozenset[str]:
    # The service passes the same frozenset for a whole batch: kept as it is (its hash, and the
    # index built on it, computed once).
    if isinstance(names, frozenset) and "" not in names:
        return names
    return frozenset(n for n in names if n)


def quotes_extract(
    text: str, *, people: Iterable[str] = (), organisations: Iterable[str] = ()
) -> list[Quote]:
    """Direct and indirect quotes of ``text``, in text order, offsets into ``text``.

    ``people`` and ``organisations``: names the caller knows (the knowledge base's entities and
    aliases); a known name is recognised in any phrase, others by the shapes news uses.
    """
    if not text or not has_hangul(text):
        return []
    reader = _Reader(text, people=_names(people), orgs=_names(organisations))
    return reader.read()
