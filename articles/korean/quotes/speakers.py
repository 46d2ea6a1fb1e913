"""Who a phrase refers to, by the article's own introductions.

An article introduces a person once in full (``배경훈 과학기술정보통신부 장관``) and then says
배 장관, 배 후보자, 그는, or nothing at all. ``Cast`` collects the introductions in text order
(every titled phrase with a name, wherever it stands: subject, object, caption, broadcast
header) and the organisations named, and resolves later references against them: a short form
by its syllable and title, most recent first; 이 원장 is whoever this article introduced as 이…
원장, not a fixed person.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from articles.korean.quotes import lexicon as lx
from articles.korean.quotes.mentions import Mention, classify, is_org, title_of
from articles.korean.quotes.phrases import Word, phrase_before


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: ``kind`` person, organisation, anonymous, group or unknown."""

    name: str
    role: str
    kind: str
    resolution: str  # subject, short, title, pronoun, continuation, after, broadcast
    written: str = ""  # how the sentence refers to them, when not by the full name (배 장관, 그)

    @property
    def anonymous(self) -> bool:
        return self.kind == "anonymous"


@dataclass(frozen=True)
class _Intro:
    at: int
    name: str
    role: str


# Particles an introduction may carry: subject, object, dative… (배경훈 장관이, 강도현 2차관에게).
_INTRO_PARTICLES = (
    "께서는", "께서", "까지", "부터", "에게", "에서", "으로", "처럼",
    "은", "는", "이", "가", "도", "을", "를", "의", "과", "와", "로", "에", "만",
)  # fmt: skip


_PARTICLE_SET = frozenset(_INTRO_PARTICLES)


def _without_particle(word: str) -> str:
    """The word without its particle, when what is left is a title (or the particle a subject's)."""
    for cut in (1, 2, 3):
        if len(word) > cut and word[-cut:] in _PARTICLE_SET:
            stem = word[:-cut]
            if word[-cut:] in ("은", "는", "이", "가", "도") or title_of(stem):
                return stem
    return word


def _surname_matches(name: str, surname: str) -> bool:
    if " " in name or not name[:1].isalpha() or not ("가" <= name[0] <= "힣"):
        return name.split()[-1] == surname or name.split()[-1].startswith(surname)
    if name.startswith(lx.SURNAMES_2) and len(name) >= 3:
        return name.startswith(surname)
    return name[0] == surname


def _title_matches(role: str, title: str) -> bool:
    if not role or not title:
        return False
    last = role.split()[-1] if role.split() else role
    return last.endswith(title) or title in role


# A word that ends in a title, with or without its particle: where an introduction may be.
_TITLED_WORD = re.compile(
    '(?:{})(?:{})?(?=[\\s,.()\\[\\]”’"_]|$)'.format(
        "|".join(re.escape(t) for t in sorted(lx.TITLES, key=len, reverse=True)),
        "|".join(re.escape(p) for p in sorted(_INTRO_PARTICLES, key=len, reverse=True)),
    )
)


class Cast:
    """The people and organisations an article introduces, for resolving later references.

    Read on first use (most sentences resolve nothing): the titled words are found with one
    regular expression over the text, each read as a phrase; organisations only when a bare
    시는, 부는 asks for one.
    """

    def __init__(self, text: str, words: list[Word], *, people: frozenset[str], orgs: frozenset[str]) -> None:
        self.text = text
        self.words = words
        self._starts = [w.start for w in words]
        self.people = people
        self.orgs = orgs
        self._intros: list[_Intro] | None = None
        self._added: list[_Intro] = []
        self._org_mentions: list[tuple[int, str]] | None = None

    @property
    def intros(self) -> list[_Intro]:
        if self._intros is None:
            self._intros = sorted([*self._collect(), *self._added], key=lambda i: i.at)
        return self._intros

    def _collect(self) -> list[_Intro]:
        found = []
        ws = self.words
        seen = -1
        for m in _TITLED_WORD.finditer(self.text):
            k = bisect_right(self._starts, m.start()) - 1
            if k <= seen or ws[k].end < m.end():
                continue
            seen = k
            w = ws[k]
            stem = _without_particle(w.text.rstrip(",."))
            if title_of(stem):
                mention = classify(phrase_before(ws, k, stem), people=self.people, orgs=self.orgs)
                if mention is not None and mention.kind == "person" and mention.name:
                    found.append(_Intro(w.start, mention.name, mention.role or mention.title))
        return found

    @property
    def org_mentions(self) -> list[tuple[int, str]]:
        if self._org_mentions is None:
            self._org_mentions = []
            for w in self.words:
                stem = _without_particle(w.text.rstrip(",."))
                if stem[-1:] in lx.ORG_BACKREF and len(stem) >= 3 and is_org(stem, self.orgs):
                    self._org_mentions.append((w.start, stem))  # for a later bare 시는, 부는
        return self._org_mentions

    def add(self, at: int, name: str, role: str) -> None:
        """An introduction found elsewhere (a broadcast header names the speaker)."""
        intro = _Intro(at, name, role)
        self._added.append(intro)
        if self._intros is not None:
            self._intros = sorted([*self._intros, intro], key=lambda i: i.at)

    def full_name(self, name: str, at: int) -> tuple[str, str]:
        """A partial name (마크롱, 밴스) completed from an introduction (에마뉘엘 마크롱); with its role."""
        best = None
        for intro in self.intros:
            same = intro.name == name or intro.name.split()[-1] == name
            if same and (best is None or intro.at <= at):
                best = intro
        return (best.name, best.role) if best else (name, "")

    def role_of(self, name: str, at: int) -> str:
        found = [i for i in self.intros if i.name == name and i.role]
        before = [i for i in found if i.at <= at]
        pick = before or found
        return pick[0].role if pick else ""

    def short(self, surname: str, title: str, at: int) -> _Intro | None:
        """The person 배 장관 means at offset ``at``: same syllable, same title, most recent first."""
        candidates = [i for i in self.intros if _surname_matches(i.name, surname)]
        if not candidates:
            return None
        before = [i for i in candidates if i.at < at] or candidates
        titled = [i for i in before if _title_matches(i.role, title)]
        pool = titled or before
        # Several people share the syllable and none has the title: the most recent one.
        return pool[-1] if titled or len({i.name for i in pool}) == 1 or pool else None

    def titled(self, title: str, at: int, hint: str = "") -> _Intro | None:
        """The person a bare title (대통령은, 과기정통부 장관은) means: the last one introduced so."""
        pool = [i for i in self.intros if _title_matches(i.role, title)]
        if hint:
            pool = [i for i in pool if all(h in i.role for h in hint.split()[:-1])] or pool
        before = [i for i in pool if i.at < at]
        if before:
            return before[-1]
        return pool[0] if pool else None

    def organisation(self, ending: str, at: int) -> str:
        """The organisation a bare 시/도/부 means: the last one named with that ending."""
        for pos, name in reversed(self.org_mentions):
            if pos < at and name.endswith(ending) and len(name) > len(ending):
                return name
        return ""

    def resolve(self, m: Mention, at: int, *, last_person: Speaker | None) -> Speaker | None:
        """The speaker a mention at offset ``at`` stands for; None when it names no one."""
        if m.kind == "person":
            name, role = self.full_name(m.name, at)
            if role == "" or (m.role and len(m.role) > len(role)):
                role = m.role or m.title
            return Speaker(name, role or self.role_of(name, at), "person", "subject")
        if m.kind == "short":
            intro = self.short(m.surname, m.title, at)
            if intro is None:
                return Speaker(m.text, m.title, "person", "short", written=m.text)
            return Speaker(intro.name, intro.role, "person", "short", written=m.text)
        if m.kind == "title":
            intro = self.titled(m.title, at, hint=m.text)
            if intro is None:
                return Speaker(m.text, m.text, "person", "title", written=m.text)
            return Speaker(intro.name, intro.role, "person", "title", written=m.text)
        if m.kind == "pronoun":
            if last_person is None:
                return None
            return Speaker(last_person.name, last_person.role, last_person.kind, "pronoun", written=m.text)
        if m.kind == "anonymous":
            return Speaker(m.name, m.role, "anonymous", "subject")
        if m.kind == "group":
            return Speaker(m.name, m.text, "group", "subject")
        if m.kind == "organisation":
            if not m.name:
                name = self.organisation(m.title, at)
                if not name:
                    return None
                return Speaker(name, name, "organisation", "short", written=m.text)
            return Speaker(m.name, m.name, "organisation", "subject")
        return None
