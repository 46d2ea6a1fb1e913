"""Korean analysis for full-text search: the only module in the project that imports kiwipiepy.

Documents and queries go through the same pipeline, so whatever Kiwi does to a word, both sides
see the same lexemes. The output is meant for PostgreSQL ``tsvector``/``tsquery`` values built
from literals (``%s::tsvector``, ``%s::tsquery``), never through ``to_tsvector``/``to_tsquery``,
whose parser would split the lexemes again.

Lexeme rules (one base lexeme per indexed morpheme, in text order):

* nouns NNG/NNP/NR, and NNB except a stoplist of function-like bound nouns (것, 수, 등, ...);
* Latin (SL, lower-cased), numbers (SN; "1,000" -> "1000", "4.0" stays "4.0"), Hanja (SH),
  serials/URLs/e-mails (trailing dots dropped: "4.0." -> "4.0");
* verb/adjective stems (VV*/VA*, the stem: 만들었다 -> 만들) except 하/되/있/없/같/않, and XR roots.
  ``개발했다`` is 개발/NNG + 하/XSV + ..., so it indexes 개발 (the noun), not 하다;
* particles (J*), endings (E*), affixes (XS*, XP*), copulas, adverbs, determiners, pronouns and
  punctuation are not indexed.

Extra lexemes share the position of the first base lexeme they cover (and also take the position of
the last one, see ``positions``):

* compound: a run of noun-like morphemes with no character between them (국가AI컴퓨팅센터 ->
  국가, ai, 컴퓨팅, 센터) also yields its surface, lower-cased: ``국가ai컴퓨팅센터``. Sub-compounds
  are not emitted; a query for 컴퓨팅센터 becomes the phrase ``컴퓨팅 <-> 센터`` and finds both
  국가AI컴퓨팅센터 and 국가인공지능(AI)컴퓨팅센터.
* user term: every occurrence of a dictionary term in the raw text (spaces optional, case-insensitive)
  yields the term with spaces removed, lower-cased: "독자 AI 파운데이션 모델" -> ``독자ai파운데이션모델``,
  so the spaced and unspaced spellings of a name share one lexeme.
* OOV particle strip: an out-of-vocabulary noun that ends a word with a particle attached
  (e.g. a name Kiwi read as one unknown word with its 은/이) also yields the word without it.

When Kiwi's morphemes do not spell the surface (배경훈이 -> 배경/NNG 후/NNG ᆫ/JX 이/JKS: "후" is not
what is written), the run is replaced by its surface (``배경훈``) as a single base lexeme: the
split is an artefact, and one lexeme keeps phrase positions sane.

The user dictionary (``set_user_terms``) adds names Kiwi reads inconsistently as NNP user words. A
term part that Kiwi already splits into known nouns (컴퓨팅센터 -> 컴퓨팅 + 센터) or reads as a
single common noun (모델) is not added: it is already stable, and keeping it split keeps partial
queries working.

Kiwi costs 1-2 s and ~500 MB to build, so there is one lazy instance per process, built on first
use, never at import. A Kiwi whose thread pool ran before ``fork()`` hangs in the child (both when
tokenizing a batch and when being destroyed), so a forked child builds its own and keeps the
inherited one alive, untouched, forever.
"""

from __future__ import annotations

import bisect
import ctypes
import functools
import hashlib
import os
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ANALYSER_VERSION",
    "Lexeme",
    "QueryGroup",
    "dictionary_version",
    "lexemes",
    "lexemes_many",
    "normalise_term",
    "positions",
    "query_groups",
    "query_lexemes",
    "set_user_terms",
    "term_key",
    "tsquery_literal",
    "tsvector_literal",
    "user_terms",
]

# Bump when a rule here changes what lexemes come out: stored vectors become stale.
ANALYSER_VERSION = "1"

# PostgreSQL limits: a lexeme is < 2 KB, positions are 1..16383 (larger ones are clamped).
_MAX_LEXEME_BYTES = 2046
_MAX_POSITION = 16383

# Nouns, numerals, Latin, numbers, Hanja and serials chain into compounds when nothing separates them.
_RUN_TAGS = frozenset({"NNG", "NNP", "NNB", "NR", "SL", "SN", "SH", "W_SERIAL"})
_HANGUL_NOUN_TAGS = frozenset({"NNG", "NNP", "NNB", "NR"})
_WHOLE_TAGS = frozenset({"W_URL", "W_EMAIL"})  # indexed as one lexeme, never part of a compound
# Bound nouns that carry grammar rather than meaning; units (년, 원, 개, 명, ...) are kept.
_STOP_NNB = frozenset(
    {
        "것", "거", "수", "등", "중", "만큼", "데", "때문", "바", "듯", "지", "셈", "적", "뿐", "겸",
        "대로", "터", "측", "외", "내", "간", "말", "초", "만", "식", "이", "채", "척", "줄", "뻔",
        "따위", "김", "체", "양", "무렵", "나름", "법", "리", "탓", "즈음", "짓", "판", "노릇",
    }
)  # fmt: skip
# Light verbs, auxiliaries and existentials: in nearly every sentence, useless to search.
_STOP_STEMS = frozenset({"하", "되", "있", "없", "같", "않", "이", "아니"})
# Particles Kiwi sometimes reads as a one-syllable NNG right after a number or Latin word ("4.0을").
_PARTICLE_SYLLABLES = frozenset(
    {"을", "를", "이", "가", "은", "는", "의", "에", "와", "과", "도", "로", "만"}
)
# Particles stripped from the end of an out-of-vocabulary word, longest first.
_OOV_PARTICLES = (
    "으로", "에서", "에게", "까지", "부터", "처럼", "보다", "이나", "하고", "께서", "이라",
    "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도", "로",
)  # fmt: skip

# kiwipiepy.Match.URL | EMAIL | SERIAL: hashtags and mentions are left to ordinary analysis so
# "#인공지능" still yields 인공지능; emoji are not indexed at all.
_MATCH_OPTIONS = 1 | 2 | 16
# A user word beats Kiwi's own analysis of the same span; 0 was enough on the seeds, a margin is cheap.
_USER_WORD_SCORE = 5.0

# Same-length replacements applied before Kiwi, so offsets into the original stay valid: odd spaces
# become ' ' (Kiwi glues U+200B into the neighbouring word) and full-width ASCII becomes ASCII
# (Kiwi tags ＥＸＡＯＮＥ as a symbol).
_SPACE_LIKE = [0x00A0, 0x1680, *range(0x2000, 0x200E), 0x2028, 0x2029, 0x202F, 0x205F, 0x2060, 0x3000, 0xFEFF]
_PREPARE_TABLE = {cp: " " for cp in _SPACE_LIKE} | {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_WHITESPACE = re.compile(r"\s+")
_NON_SPACE = re.compile(r"\S+")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


@dataclass(frozen=True)
class Lexeme:
    """One index term: ``text`` is the normalised lexeme, ``original[start:end]`` is where it was written."""

    text: str
    start: int
    end: int


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


@dataclass
class _Extra:
    lexeme: Lexeme
    covers_end: int  # end of the text this lexeme stands for (a stripped word still stands for the word)
    kind: str  # "compound" | "term" | "stripped"


@dataclass
class _Analysis:
    bases: list[Lexeme]
    extras: dict[int, list[_Extra]] = field(default_factory=dict)  # keyed by the start of their first base

    def flat(self) -> list[Lexeme]:
        out: list[Lexeme] = []
        previous_start = None
        for base in self.bases:
            out.append(base)
            if base.start == previous_start:
                continue  # two morphemes at one offset (rare): its extras are already out
            previous_start = base.start
            seen = {base.text}
            for extra in self.extras.get(base.start, ()):
                if extra.lexeme.text not in seen:
                    seen.add(extra.lexeme.text)
                    out.append(extra.lexeme)
        return out


def _quote(lexeme: str) -> str:
    """Quote a lexeme for tsvector/tsquery literal syntax."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


@functools.lru_cache(maxsize=65536)  # the same few thousand forms come back in every article
def _norm(surface: str) -> str:
    """Normalise a surface or morpheme form into lexeme text."""
    text = unicodedata.normalize("NFKC", surface).lower()
    text = _WHITESPACE.sub("", text)
    return _THOUSANDS.sub("", text)


def _prepare(text: str) -> str:
    """Length-preserving clean-up before Kiwi (offsets must still index the original)."""
    return text.translate(_PREPARE_TABLE)


def normalise_term(term: str) -> str:
    """Canonical spelling of a dictionary term: NFKC, single spaces, trimmed."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", term)).strip()


def term_key(term: str) -> str:
    """The lexeme a dictionary term is indexed under: spaces removed, lower-cased."""
    return _norm(normalise_term(term))


# ---------------------------------------------------------------------------------------------
# Per-process analyser state


def _new_kiwi() -> Any:
    from kiwipiepy import Kiwi  # imported here: importing this module must stay cheap

    # The multi-word dictionary turns e.g. 네이버클라우드 into one token "네이버 클라우드"; compounds
    # are handled here instead, the same way for every name.
    return Kiwi(load_multi_dict=False)


class _Analyser:
    """A Kiwi with the user dictionary applied, plus the term matcher. Built once per process and terms."""

    def __init__(self, terms: tuple[str, ...]) -> None:
        self.pid = os.getpid()
        self.terms = terms
        self.kiwi = _new_kiwi()
        self.user_words = self._add_user_words(terms)
        # Term matcher: patterns grouped by their first character, tried only where it occurs.
        self.term_patterns: dict[str, list[tuple[re.Pattern[str], str]]] = {}
        for term in terms:
            chars = [c for c in term if not c.isspace()]
            if not chars:
                continue
            pattern = re.compile(r"\s*".join(re.escape(c) for c in chars), re.IGNORECASE)
            for first in {chars[0].lower(), chars[0].upper()}:
                self.term_patterns.setdefault(first, []).append((pattern, term_key(term)))
        firsts = "".join(re.escape(c) for c in sorted(self.term_patterns))
        self.term_first = re.compile(f"[{firsts}]") if firsts else None

    def _add_user_words(self, terms: tuple[str, ...]) -> list[str]:
        parts = sorted({p for t in terms for p in t.split(" ") if _HANGUL.search(p)})
        if not parts:
            return []
        # Classify with the plain Kiwi (nothing added yet), so the outcome depends only on the terms.
        added = []
        for part, tokens in zip(parts, self.kiwi.tokenize(parts, match_options=_MATCH_OPTIONS), strict=True):
            if _is_stable(part, tokens):
                continue
            self.kiwi.add_user_word(part, "NNP", _USER_WORD_SCORE)
            added.append(part)
        return added

    def tokenize(self, prepared: Iterable[str]) -> Iterator[list[Any]]:
        return self.kiwi.tokenize(prepared, match_options=_MATCH_OPTIONS)

    def term_matches(self, prepared: str) -> Iterator[tuple[str, int, int]]:
        if self.term_first is None:
            return
        for hit in self.term_first.finditer(prepared):
            for pattern, key in self.term_patterns[hit.group()]:
                m = pattern.match(prepared, hit.start())
                if m is None:
                    continue
                start, end = m.span()
                # A Latin/digit edge must not continue into more Latin/digits ("LG" inside "LGU").
                if start > 0 and _is_ascii_alnum(prepared[start]) and _is_ascii_alnum(prepared[start - 1]):
                    continue
                if (
                    end < len(prepared)
                    and _is_ascii_alnum(prepared[end - 1])
                    and _is_ascii_alnum(prepared[end])
                ):
                    continue
                yield key, start, end


def _is_ascii_alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _is_stable(part: str, tokens: list[Any]) -> bool:
    """Whether Kiwi already reads a term part in a way that needs no user word.

    Stable: one common, known noun (모델, 센터), or a split into known nouns/Latin/numbers that
    spell the part exactly, each Hangul noun at least two syllables (컴퓨팅센터, AI연구원). Names
    Kiwi reads as NNP or out-of-vocabulary, or splits into fragments (소/버리/ᆫ, 하이퍼클로/바/X),
    are not.
    """
    if any(getattr(t, "oov", False) for t in tokens):
        return False
    if "".join(t.form for t in tokens) != part or sum(t.len for t in tokens) != len(part):
        return False
    if len(tokens) == 1:
        return tokens[0].tag == "NNG"
    return all(t.tag in ("SL", "SN") or (t.tag in ("NNG", "NNP") and len(t.form) >= 2) for t in tokens)


_lock = threading.Lock()
_terms: tuple[str, ...] = ()
_analyser: _Analyser | None = None
# Analysers inherited through fork(): touching or freeing their Kiwi hangs, so they are kept alive.
_orphans: list[_Analyser] = []


def _orphan(analyser: _Analyser) -> None:
    _orphans.append(analyser)
    # One extra reference that is never released: interpreter shutdown in the child must not run
    # the Kiwi destructor either (it would wait for threads that only existed in the parent).
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(analyser))


def _after_fork_in_child() -> None:
    global _lock, _analyser
    _lock = threading.Lock()  # the parent may have held it while forking
    if _analyser is not None:
        _orphan(_analyser)
        _analyser = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _get_analyser() -> _Analyser:
    global _analyser
    current = _analyser
    if current is not None and current.pid == os.getpid() and current.terms == _terms:
        return current
    with _lock:
        current = _analyser
        if current is not None and current.pid != os.getpid():
            # Fork without the at-fork hook (e.g. a C extension called fork()): same treatment.
            _orphan(current)
            current = None
        if current is None or current.terms != _terms:
            current = _Analyser(_terms)  # kiwipiepy cannot remove user words: always a fresh Kiwi
            _analyser = current
        return current


def set_user_terms(terms: Iterable[str]) -> None:
    """Replace this process's dictionary of names (people, programmes, organisations, aliases).

    Terms may contain spaces ("독자 AI 파운데이션 모델"). The Kiwi is rebuilt lazily on next use
    (Kiwi cannot forget user words); setting the same terms again costs nothing. Every process that
    indexes or queries must set the same terms, and ``dictionary_version()`` changes with them, so
    vectors stored under another version are stale.
    """
    global _terms
    normalised = tuple(sorted({t for t in (normalise_term(x) for x in terms) if t}))
    with _lock:
        _terms = normalised


def user_terms() -> tuple[str, ...]:
    """The current dictionary, normalised and sorted."""
    return _terms


@functools.cache
def _package_versions() -> str:
    try:
        from importlib.metadata import version

        return f"{version('kiwipiepy')}/{version('kiwipiepy_model')}"
    except Exception:  # metadata missing: the terms and rules still count
        return "?"


def dictionary_version() -> str:
    """Short hash of the dictionary and of the analyser rules and model versions.

    Store it next to each tsvector: when it differs from the current value the vector may
    disagree with new queries and should be rebuilt. Does not build the Kiwi.
    """
    payload = "\n".join((ANALYSER_VERSION, _package_versions(), *_terms))
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


# ---------------------------------------------------------------------------------------------
# Document side


def lexemes(text: str) -> list[Lexeme]:
    """Index lexemes of ``text`` in order; offsets index ``text`` itself.

    Extra lexemes (compounds, dictionary terms, stripped words) follow the base lexeme they start
    with and have the same ``start``; use ``positions()`` or ``tsvector_literal()`` for positions.
    """
    return lexemes_many([text])[0]


def lexemes_many(texts: Iterable[str]) -> list[list[Lexeme]]:
    """``lexemes()`` for many texts, tokenized in one Kiwi batch (multi-threaded, much faster)."""
    return [a.flat() for a in _analyse_many(texts)]


def _analyse_many(texts: Iterable[str], analyser: _Analyser | None = None) -> list[_Analysis]:
    # ``analyser`` lets tests compare against a Kiwi without the dictionary.
    analyser = analyser or _get_analyser()
    prepared = [_prepare(t) for t in texts]
    results = []
    for text, tokens in zip(prepared, analyser.tokenize(iter(prepared)), strict=True):
        results.append(_analyse(analyser, text, tokens))
    return results


def _analyse(analyser: _Analyser, text: str, tokens: list[Any]) -> _Analysis:
    bases: list[Lexeme] = []
    extras: list[_Extra] = []
    run: list[Any] = []

    def flush() -> None:
        if not run:
            return
        start, end = run[0].start, max(_form_and_end(t)[1] for t in run)
        faithful = all(t.form == text[t.start : t.end] for t in run)
        if not faithful:
            # Kiwi's morphemes do not spell what is written (배경훈 -> 배경 + 후 + ᆫ): the surface
            # is the only trustworthy lexeme.
            _add(bases, _norm(text[start:end]), start, end)
        else:
            for t in run:
                _add_token(bases, extras, text, t)
            if len(run) > 1:
                _add(extras, _norm(text[start:end]), start, end, kind="compound")
        run.clear()

    previous = None
    for tok in tokens:
        tag = tok.tag
        if tag == "NNB" and tok.form in _STOP_NNB:
            tag = "STOP"
        elif (
            tag == "NNG"
            and tok.form in _PARTICLE_SYLLABLES
            and previous is not None
            and previous.tag in ("SN", "SL", "W_SERIAL")
            and previous.end == tok.start
        ):
            tag = "STOP"  # "4.0을": Kiwi reads the particle as a noun after a number
        if tag in _RUN_TAGS:
            if run and tok.start > run[-1].end:
                flush()
            run.append(tok)
        else:
            if run:
                flush()
            verb_stem = tag.startswith(("VV", "VA")) and tok.form not in _STOP_STEMS
            if tag in _WHOLE_TAGS or tag == "XR" or verb_stem:
                _add(bases, _norm(tok.form), tok.start, tok.end)
        previous = tok
    flush()

    analysis = _Analysis(bases)
    starts = [b.start for b in bases]
    for extra in extras:
        analysis.extras.setdefault(extra.lexeme.start, []).append(extra)
    # Dictionary terms, found in the raw text; only where a base lexeme starts (never mid-word).
    for key, start, end in analyser.term_matches(text):
        i = bisect.bisect_left(starts, start)
        if i < len(starts) and starts[i] == start and _fits(key):
            analysis.extras.setdefault(start, []).append(_Extra(Lexeme(key, start, end), end, "term"))
    return analysis


def _fits(lexeme: str) -> bool:
    # A UTF-8 character is at most 4 bytes, so short strings need no encoding.
    return bool(lexeme) and (
        len(lexeme) * 4 <= _MAX_LEXEME_BYTES or len(lexeme.encode()) <= _MAX_LEXEME_BYTES
    )


def _add(
    target: list[Any], lexeme: str, start: int, end: int, *, kind: str | None = None, covers_end: int = -1
) -> None:
    if not _fits(lexeme):
        return
    if kind is None:
        target.append(Lexeme(lexeme, start, end))
    else:
        target.append(_Extra(Lexeme(lexeme, start, end), max(end, covers_end), kind))


def _form_and_end(tok: Any) -> tuple[str, int]:
    """A morpheme's form and end, without the sentence's full stop Kiwi glues to serials ("4.0.")."""
    if tok.tag == "W_SERIAL":
        stripped = tok.form.rstrip(".")
        return stripped, tok.end - (len(tok.form) - len(stripped))
    return tok.form, tok.end


def _add_token(bases: list[Lexeme], extras: list[_Extra], text: str, tok: Any) -> None:
    """One noun-like morpheme of a faithful run as a base lexeme (plus a stripped variant)."""
    start = tok.start
    form, end = _form_and_end(tok)
    _add(bases, _norm(form), start, end)
    if (
        getattr(tok, "oov", False)
        and tok.tag in _HANGUL_NOUN_TAGS
        and (end >= len(text) or not _HANGUL.match(text[end]))
    ):
        # An unknown word that ends the eojeol may have swallowed its particle (이름은): also index
        # the word without it. The stripped form is an extra, so a wrong strip only adds a lexeme.
        for particle in _OOV_PARTICLES:
            if form.endswith(particle) and len(form) - len(particle) >= 2:
                cut = end - len(particle)
                _add(extras, _norm(form[: -len(particle)]), start, cut, kind="stripped", covers_end=end)
                break


# ---------------------------------------------------------------------------------------------
# Positions and literals


def positions(lexemes: Sequence[Lexeme]) -> list[tuple[int, int]]:
    """tsvector positions for ``lexemes()`` output: ``(first, last)`` per lexeme, 1-based.

    Base lexemes are numbered 1..n in order (first == last); particles and other unindexed
    morphemes take no position, so "A의 B" is the phrase A <-> B just as "A B" is. An extra lexeme
    (same ``start`` as the lexeme before it) gets the position of that base as ``first`` and of the
    last base it covers as ``last``; storing it at both keeps ``x <-> compound`` and
    ``compound <-> y`` phrase queries working when the document split the compound into parts.
    """
    base_starts: list[int] = []
    base_positions: list[int] = []
    kinds: list[bool] = []  # True for base
    for i, lex in enumerate(lexemes):
        is_base = i == 0 or lex.start != lexemes[i - 1].start
        kinds.append(is_base)
        if is_base:
            base_starts.append(lex.start)
            base_positions.append(len(base_positions) + 1)
    out: list[tuple[int, int]] = []
    current = 0
    for lex, is_base in zip(lexemes, kinds, strict=True):
        if is_base:
            current += 1
            out.append((current, current))
        else:
            last_index = bisect.bisect_left(base_starts, lex.end) - 1
            out.append((current, max(current, base_positions[last_index] if last_index >= 0 else current)))
    return out


def tsvector_literal(lexemes: Sequence[Lexeme], *, weight: str | None = None) -> str:
    """The ``lexemes()`` output as tsvector text, e.g. ``'국가':1 'ai':2``; cast with ``::tsvector``.

    ``weight`` ('A'..'D') labels every position (title vs body). Positions above 16383 are clamped,
    as PostgreSQL would.
    """
    if weight is not None and weight not in ("A", "B", "C", "D"):
        raise ValueError(f"weight must be A, B, C or D, not {weight!r}")
    suffix = weight or ""
    merged: dict[str, set[int]] = {}
    for lex, (first, last) in zip(lexemes, positions(lexemes), strict=True):
        merged.setdefault(lex.text, set()).update((min(first, _MAX_POSITION), min(last, _MAX_POSITION)))
    return " ".join(
        _quote(text) + ":" + ",".join(f"{p}{suffix}" for p in sorted(ps)) for text, ps in merged.items()
    )


# ---------------------------------------------------------------------------------------------
# Query side


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
        groups.append(QueryGroup(surface, parts, tuple(alternatives)))
    return groups


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


def proper_nouns_many(texts: Iterable[str]) -> list[list[str]]:
    """The proper nouns (Kiwi NNP) written in each text, in order, as written; one Kiwi batch.

    For curators looking for names the dictionary lacks: a morpheme Kiwi analysed into something
    other than what is written (a split name) is skipped.
    """
    analyser = _get_analyser()
    prepared = [_prepare(t) for t in texts]
    out: list[list[str]] = []
    for text, tokens in zip(prepared, analyser.tokenize(iter(prepared)), strict=True):
        out.append([t.form for t in tokens if t.tag == "NNP" and t.form == text[t.start : t.end]])
    return out
