"""Lexeme rules: which of Kiwi's morphemes become index terms, and where they were written.

Documents and queries go through this same pipeline, so whatever Kiwi does to a word, both sides
see the same lexemes. Owned here: the choice of morphemes, compounds, dictionary-term and
stripped-particle extras, and offsets into the original text; not Kiwi's state (``kiwi``) nor
PostgreSQL's syntax (``literals``).

Lexeme rules (one base lexeme per indexed morpheme, in text order):

* nouns NNG/NNP/NR, and NNB except a stoplist of function-like bound nouns (것, 수, 등, ...);
* Latin (SL, lower-cased), numbers (SN; "1,000" -> "1000", "4.0" stays "4.0"), Hanja (SH),
  serials/URLs/e-mails (trailing dots dropped: "4.0." -> "4.0");
* verb/adjective stems (VV*/VA*, the stem: 만들었다 -> 만들) except 하/되/있/없/같/않, and XR roots.
  ``개발했다`` is 개발/NNG + 하/XSV + ..., so it indexes 개발 (the noun), not 하다;
* particles (J*), endings (E*), affixes (XS*, XP*), copulas, adverbs, determiners, pronouns and
  punctuation are not indexed.

Extra lexemes share the position of the first base lexeme they cover (and also take the position of
the last one, see ``literals.positions``):

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
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from articles.korean.kiwi import _Analyser, _get_analyser
from articles.korean.spelling import HANGUL, _norm

# PostgreSQL refuses a lexeme of 2 KB or more: such a lexeme is dropped rather than failing the row.
_MAX_LEXEME_BYTES = 2046

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


class Lexeme(NamedTuple):
    """One index term: ``text`` is the normalised lexeme, ``original[start:end]`` is where it was written.

    A named tuple rather than a frozen dataclass: ingest makes hundreds per article, and a tuple is
    made in about half the time."""

    text: str
    start: int
    end: int


@dataclass
class _Extra:
    lexeme: Lexeme
    covers_end: int  # end of the text this lexeme stands for (a stripped word still stands for the word)
    kind: str  # "compound" | "term" | "stripped"


@dataclass
class _Analysis:
    bases: list[Lexeme]
    extras: dict[int, list[_Extra]] = field(default_factory=dict)  # keyed by the start of their first base
    content: frozenset[str] = frozenset()  # the text's content words (``_content``)

    def flat(self) -> list[Lexeme]:
        """Bases in order, each followed by the distinct extras that start with it."""
        extras = self.extras
        if not extras:
            return list(self.bases)
        out: list[Lexeme] = []
        previous_start = None
        for base in self.bases:
            out.append(base)
            start = base.start
            if start == previous_start:
                continue  # two morphemes at one offset (rare): its extras are already out
            previous_start = start
            found = extras.get(start)
            if found:
                seen = {base.text}
                for extra in found:
                    if extra.lexeme.text not in seen:
                        seen.add(extra.lexeme.text)
                        out.append(extra.lexeme)
        return out


def lexemes(text: str) -> list[Lexeme]:
    """Index lexemes of ``text`` in order; offsets index ``text`` itself.

    Extra lexemes (compounds, dictionary terms, stripped words) follow the base lexeme they start
    with and have the same ``start``; use ``positions()`` or ``tsvector_literal()`` for positions.
    """
    return lexemes_many([text])[0]


def lexemes_many(texts: Iterable[str]) -> list[list[Lexeme]]:
    """``lexemes()`` for many texts, tokenized in one Kiwi batch (multi-threaded, much faster)."""
    return [a.flat() for a in _analyse_many(texts)]


class TextAnalysis(NamedTuple):
    """A text's lexemes (``lexemes()``) and its content words (``content_words`` of the module)."""

    lexemes: list[Lexeme]
    words: frozenset[str]


def analyse_many(texts: Iterable[str]) -> list[TextAnalysis]:
    """Lexemes and content words of many texts, from one Kiwi batch."""
    return [TextAnalysis(a.flat(), a.content) for a in _analyse_many(texts)]


def _analyse_many(texts: Iterable[str], analyser: _Analyser | None = None) -> list[_Analysis]:
    # ``analyser`` lets tests compare against a Kiwi without the dictionary.
    return list(_analyse_iter(texts, analyser))


def _analyse_iter(texts: Iterable[str], analyser: _Analyser | None = None) -> Iterator[_Analysis]:
    """``_analyse_many`` as a stream: Kiwi reads ahead in its threads while each result is used."""
    analyser = analyser or _get_analyser()
    for text, tokens in analyser.tokenize_many(texts):
        analysis = _analyse(analyser, text, tokens)
        analysis.content = _content(analysis, text, tokens)
        yield analysis


_AFTER_NUMBER_TAGS = frozenset({"SN", "SL", "W_SERIAL"})

# What a token's tag makes of it, decided once per distinct tag: most tokens are ignored, and for
# those the loop below reads nothing but the tag.
_IGNORED, _RUN, _WHOLE, _STEM = "ignored", "run", "whole", "stem"
_TAG_KINDS: dict[str, str] = {}


def _tag_kind(tag: str) -> str:
    if tag in _RUN_TAGS:
        return _RUN  # a noun-like morpheme: part of a run (unless a stop word)
    if tag in _WHOLE_TAGS or tag == "XR":
        return _WHOLE  # indexed as it is
    if tag.startswith(("VV", "VA")):
        return _STEM  # a verb or adjective stem, indexed unless a light verb
    return _IGNORED


def _analyse(analyser: _Analyser, text: str, tokens: list[Any]) -> _Analysis:
    # Performance-sensitive (every token of every article): Kiwi's token attributes are read once
    # into locals, and a run is kept as plain tuples ``(form, tag, start, end, oov)``.
    bases: list[Lexeme] = []
    extras: list[_Extra] = []
    run: list[tuple[str, str, int, int, bool]] = []
    norm = _norm
    fits = _fits
    add_base = bases.append
    stop_nnb, particle_syllables = _STOP_NNB, _PARTICLE_SYLLABLES
    stop_stems = _STOP_STEMS
    after_number = _AFTER_NUMBER_TAGS
    text_len = len(text)

    def flush() -> None:
        if len(run) == 1:  # the common case, without the loops
            token = run[0]
            form, tag, start, end, oov = token
            run.clear()
            if oov or tag == "W_SERIAL" or form != text[start:end]:
                run.append(token)  # the general path below
            else:
                lexeme = norm(form)
                if fits(lexeme):
                    add_base(Lexeme(lexeme, start, end))
                return
        start = run[0][2]
        end = -1
        faithful = True
        for form, tag, t_start, t_end, _oov in run:
            if faithful and form != text[t_start:t_end]:
                faithful = False
            if tag == "W_SERIAL":
                # The sentence's full stop Kiwi glues to serials ("4.0.") is not part of the lexeme.
                t_end -= len(form) - len(form.rstrip("."))
            if t_end > end:
                end = t_end
        if not faithful:
            # Kiwi's morphemes do not spell what is written (배경훈 -> 배경 + 후 + ᆫ): the surface
            # is the only trustworthy lexeme.
            lexeme = norm(text[start:end])
            if fits(lexeme):
                add_base(Lexeme(lexeme, start, end))
        else:
            for token in run:
                _add_token(bases, extras, text, text_len, token)
            if len(run) > 1:
                lexeme = norm(text[start:end])
                if fits(lexeme):
                    extras.append(_Extra(Lexeme(lexeme, start, end), end, "compound"))
        run.clear()

    prev_tag = None
    prev_end = -1
    run_end = -1
    kinds = _TAG_KINDS
    for tok in tokens:
        tag = tok.tag
        kind = kinds.get(tag)
        if kind is None:
            kind = kinds[tag] = _tag_kind(tag)
        if kind is _IGNORED:
            # Most tokens (particles, endings, affixes, punctuation): only the run they end matters.
            if run:
                flush()
            prev_tag = tag
            continue
        form = tok.form
        t_start = tok.start
        t_end = tok.end
        if kind is _RUN:
            if (tag == "NNB" and form in stop_nnb) or (
                # "4.0을": Kiwi reads the particle as a noun after a number
                tag == "NNG"
                and form in particle_syllables
                and prev_tag in after_number
                and prev_end == t_start
            ):
                if run:
                    flush()
            else:
                if run and t_start > run_end:
                    flush()
                run.append((form, tag, t_start, t_end, getattr(tok, "oov", False)))
                run_end = t_end
        else:
            if run:
                flush()
            if kind is _WHOLE or form not in stop_stems:
                lexeme = norm(form)
                if fits(lexeme):
                    add_base(Lexeme(lexeme, t_start, t_end))
        prev_tag = tag
        prev_end = t_end
    if run:
        flush()

    analysis = _Analysis(bases)
    extras_by_start = analysis.extras
    for extra in extras:
        extras_by_start.setdefault(extra.lexeme.start, []).append(extra)
    # Dictionary terms, found in the raw text; only where a base lexeme starts (never mid-word).
    matches = analyser.term_matches(text)
    starts = None
    for key, start, end in matches:
        if starts is None:
            starts = [b.start for b in bases]
        i = bisect.bisect_left(starts, start)
        if i < len(starts) and starts[i] == start and fits(key):
            extras_by_start.setdefault(start, []).append(_Extra(Lexeme(key, start, end), end, "term"))
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


def _add_token(
    bases: list[Lexeme],
    extras: list[_Extra],
    text: str,
    text_len: int,
    token: tuple[str, str, int, int, bool],
) -> None:
    """One noun-like morpheme ``(form, tag, start, end, oov)`` of a faithful run as a base lexeme
    (plus a stripped variant)."""
    form, tag, start, end, oov = token
    if tag == "W_SERIAL":
        # Without the sentence's full stop Kiwi glues to serials ("4.0.").
        stripped = form.rstrip(".")
        end -= len(form) - len(stripped)
        form = stripped
    lexeme = _norm(form)
    if _fits(lexeme):
        bases.append(Lexeme(lexeme, start, end))
    if oov and tag in _HANGUL_NOUN_TAGS and (end >= text_len or not HANGUL.match(text[end])):
        # An unknown word that ends the eojeol may have swallowed its particle (이름은): also index
        # the word without it. The stripped form is an extra, so a wrong strip only adds a lexeme.
        for particle in _OOV_PARTICLES:
            if form.endswith(particle) and len(form) - len(particle) >= 2:
                cut = end - len(particle)
                _add(extras, _norm(form[: -len(particle)]), start, cut, kind="stripped", covers_end=end)
                break


# --- content words ---------------------------------------------------------------------------------

# Content words, for the analyses of a search (associated words): nouns, proper nouns, foreign words
# and Hanja, the compounds they make, dictionary terms and unknown nouns stripped of a particle; not
# bound nouns (units, 것), numerals and numbers, verb and adjective stems, roots, URLs, one-letter
# words. A compound that holds a number ("2025년", "3대") is not one; its nouns are.
_CONTENT_TAGS = frozenset({"NNG", "NNP", "SL", "SH"})
_NUMBER_TAGS = frozenset({"SN", "NR", "W_SERIAL"})
_CONTENT_EXTRAS = frozenset({"term", "stripped"})


def _content_keys(text: str, tokens: list[Any]) -> set[str]:
    """The normalised forms of the content words among Kiwi's ``tokens`` of ``text``: noun runs read
    as ``_analyse`` reads them (a run Kiwi does not spell is its surface, as there)."""
    keys: set[str] = set()
    run: list[tuple[str, str, int, int]] = []

    def flush() -> None:
        tags = {tag for _, tag, _, _ in run}
        if tags & _CONTENT_TAGS:
            faithful = all(form == text[start:end] for form, _, start, end in run)
            if not tags & _NUMBER_TAGS and (len(run) > 1 or not faithful):
                keys.add(_norm(text[run[0][2] : max(end for *_, end in run)]))
            if faithful:
                keys.update(_norm(form) for form, tag, _, _ in run if tag in _CONTENT_TAGS)
        run.clear()

    run_end = -1
    for tok in tokens:
        tag = tok.tag
        if tag in _RUN_TAGS:
            start = tok.start
            if run and start > run_end:
                flush()
            run.append((tok.form, tag, start, tok.end))
            run_end = tok.end
        elif run:
            flush()
    if run:
        flush()
    return keys


def _is_content(lexeme: str) -> bool:
    return len(lexeme) > 1 and not lexeme.replace(".", "").replace(",", "").isdigit()


def _content(analysis: _Analysis, text: str, tokens: list[Any]) -> frozenset[str]:
    """The content words of a text: its lexemes that are content words (a word is counted as the
    lexeme the index holds, so a search for it finds what was counted)."""
    keys = _content_keys(text, tokens)
    found = {b.text for b in analysis.bases if b.text in keys}
    for extras in analysis.extras.values():
        for extra in extras:
            if extra.kind in _CONTENT_EXTRAS or extra.lexeme.text in keys:
                found.add(extra.lexeme.text)
    return frozenset(w for w in found if _is_content(w))
