"""The query side: a search string analysed like a document, grouped per typed word, as tsquery text.

Owns what a typed word must match (``QueryGroup``: a phrase of lexemes, or one alternative lexeme
such as a compound or dictionary term) and how groups combine into a tsquery. It reuses the
document-side analysis unchanged, so a query can only ask for lexemes a document could hold.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from articles.korean.kiwi import user_terms
from articles.korean.lexemes import Lexeme, _analyse_many, _Extra
from articles.korean.literals import _quote
from articles.korean.spelling import _prepare, term_key

_NON_SPACE = re.compile(r"\S+")


@dataclass(frozen=True)
class QueryGroup:
    """What one query word (or one dictionary term spanning several words) must match.

    ``parts`` are lexemes that occur at consecutive positions in a matching document (a phrase,
    ``a <-> b``); ``alternatives`` are single lexemes that match the whole group on their own
    (a compound or dictionary term the document may carry instead of the same parts).
    """

    surface: str
    parts: tuple[str, ...]
    alternatives: tuple[str, ...] = ()

    def tsquery(self, *, prefix: bool = False) -> str:
        """Render as tsquery text: ``('a' <-> 'b' | 'ab')``.

        With ``prefix`` the alternatives of a multi-part group match as prefixes (``'ab':*``), so
        "AI연구원" also finds "AI연구원장". A single-part group never becomes a prefix query.
        """
        phrase = " <-> ".join(_quote(p) for p in self.parts)
        star = ":*" if prefix and len(self.parts) > 1 else ""
        branches = [phrase] + [_quote(a) + star for a in self.alternatives]
        if len(branches) == 1 and len(self.parts) == 1:
            return phrase
        return "(" + " | ".join(branches) + ")"


def query_groups(text: str) -> list[QueryGroup]:
    """Analyse a search string the way documents are analysed, grouped per typed word.

    Each whitespace-separated word becomes one group whose lexemes must be adjacent in the
    document (배경훈·하정우 -> 배경훈 <-> 하정우; particles and endings vanish: 유찰됐다 -> 유찰).
    Words covered by one dictionary term ("독자 AI 파운데이션 모델") form one group with the term as
    an alternative. Words with nothing indexable (only particles, punctuation) yield no group.
    """
    prepared = _prepare(text)
    analysis = _analyse_many([text])[0]
    bases = analysis.bases
    if not bases:
        return []
    words = [m.span() for m in _NON_SPACE.finditer(prepared)]
    word_starts = [s for s, _ in words]

    def word_of(offset: int) -> int:
        return bisect.bisect_right(word_starts, offset) - 1

    # Bases per word, in order.
    per_word: dict[int, list[int]] = {}
    for i, b in enumerate(bases):
        per_word.setdefault(word_of(b.start), []).append(i)
    # A dictionary term that starts at a word's first base and covers whole words merges them.
    merge_to: dict[int, int] = {}
    for extras in analysis.extras.values():
        for e in extras:
            if e.kind != "term":
                continue
            w0, w1 = word_of(e.lexeme.start), word_of(e.covers_end - 1)
            if w1 > w0 and _covers(bases, per_word, w0, w1, e):
                merge_to[w0] = max(merge_to.get(w0, w0), w1)

    groups: list[QueryGroup] = []
    w = 0
    ordered = sorted(per_word)
    while w < len(ordered):
        w0 = ordered[w]
        w1 = merge_to.get(w0, w0)
        members = [i for ww in ordered if w0 <= ww <= w1 for i in per_word[ww]]
        while w < len(ordered) and ordered[w] <= w1:
            w += 1
        first, last = bases[members[0]], bases[members[-1]]
        parts = tuple(bases[i].text for i in members)
        alternatives: list[str] = []
        for e in analysis.extras.get(first.start, ()):
            # An alternative stands for exactly this group: all of its lexemes, nothing beyond it.
            fits = last.end <= e.covers_end <= words[w1][1]
            if fits and e.lexeme.text not in alternatives and (e.lexeme.text,) != parts:
                alternatives.append(e.lexeme.text)
        surface = text[words[w0][0] : words[w1][1]]
        for longer in _longer_terms(term_key(surface)):
            if longer not in alternatives:
                alternatives.append(longer)
        groups.append(QueryGroup(surface, parts, tuple(alternatives)))
    return groups


# A typed word shorter than this is not completed to the names it starts ("AI" starts dozens).
MIN_PREFIX_CHARS = 3


def _longer_terms(key: str) -> list[str]:
    """Lexemes of the dictionary's names that start with ``key`` and go on ("하이퍼클로바" →
    "하이퍼클로바x"): a reader who types the start of a name means the name."""
    if len(key) < MIN_PREFIX_CHARS:
        return []
    keys = _term_keys(user_terms())
    i = bisect.bisect_right(keys, key)
    out = []
    while i < len(keys) and keys[i].startswith(key):
        out.append(keys[i])
        i += 1
    return out


@functools.lru_cache(maxsize=4)
def _term_keys(terms: tuple[str, ...]) -> list[str]:
    return sorted({term_key(t) for t in terms})


def _covers(bases: list[Lexeme], per_word: dict[int, list[int]], w0: int, w1: int, extra: _Extra) -> bool:
    first_word, last_word = per_word.get(w0), per_word.get(w1)
    if not first_word or not last_word:
        return False
    return bases[first_word[0]].start == extra.lexeme.start and extra.covers_end >= bases[last_word[-1]].end


def query_lexemes(text: str) -> list[str]:
    """All phrase lexemes of a search string in order (no alternatives): a quick, lossy view."""
    return [p for g in query_groups(text) for p in g.parts]


def tsquery_literal(text: str, *, phrase: bool = False, prefix: bool = False) -> str:
    """A search string as tsquery text; cast with ``::tsquery``. Empty when nothing is indexable.

    Groups are ANDed (``&``), or chained with ``<->`` when ``phrase`` (a quoted search). ``prefix``
    lets compound alternatives match longer compounds (see ``QueryGroup.tsquery``).
    """
    joiner = " <-> " if phrase else " & "
    return joiner.join(g.tsquery(prefix=prefix) for g in query_groups(text))
