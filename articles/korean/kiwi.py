"""Kiwi's lifecycle: the only module in the project that imports kiwipiepy.

Owns the per-process analyser (a Kiwi plus the user dictionary and the dictionary-term matcher),
when it is built, when it is rebuilt, and how it survives ``fork()``; and the version string that
says which dictionary and rules produced a stored vector. Everything that depends on Kiwi's
state lives here so that the lexeme rules above it stay plain functions of Kiwi's tokens.

The user dictionary (``set_user_terms``) adds names Kiwi reads inconsistently as NNP user words. A
term part that Kiwi already splits into known nouns (컴퓨팅센터 -> 컴퓨팅 + 센터) or reads as a
single common noun (모델) is not added: it is already stable, and keeping it split keeps partial
queries working.

Kiwi costs 1-2 s and ~500 MB to build, so there is one lazy instance per process, built on first
use, never at import. A Kiwi whose thread pool ran before ``fork()`` hangs in the child (both when
tokenizing a batch and when being destroyed), so a forked child builds its own and keeps the
inherited one alive, untouched, forever. A Kiwi that never ran may cross a fork: ``preload()``
loads one in a server's parent so that its workers share the model's memory.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import os
import re
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from articles.korean.spelling import HANGUL, _prepare, normalise_term, term_key

# Bump when a rule of the package (lexemes.py, spelling.py) changes what lexemes come out: stored
# vectors become stale. It lives here because ``dictionary_version`` hashes it with the terms.
ANALYSER_VERSION = "2"

# kiwipiepy.Match.URL | EMAIL | SERIAL: hashtags and mentions are left to ordinary analysis so
# "#인공지능" still yields 인공지능; emoji are not indexed at all.
_MATCH_OPTIONS = 1 | 2 | 16
# A user word beats Kiwi's own analysis of the same span; 0 was enough on the seeds, a margin is cheap.
_USER_WORD_SCORE = 5.0


def _new_kiwi() -> Any:
    global _preloaded
    if _preloaded is not None:
        # Built before fork() and never used there: safe here, and its model pages are shared with
        # every other worker forked from the same parent until one of them writes to them.
        kiwi, _preloaded = _preloaded, None
        return kiwi
    from kiwipiepy import Kiwi  # imported here: importing this module must stay cheap

    # The multi-word dictionary turns e.g. 네이버클라우드 into one token "네이버 클라우드"; compounds
    # are handled by the lexeme rules instead, the same way for every name.
    return Kiwi(load_multi_dict=False)


# A Kiwi loaded by ``preload()`` in a server's parent process, waiting to be adopted.
_preloaded: Any = None


def preload() -> None:
    """Load Kiwi's model now, in a process about to fork workers (a pre-forking server's parent),
    without running it: each worker adopts this instance instead of loading its own ~500 MB, and
    the model's pages stay shared between the workers (copy-on-write). Running it here would start
    its thread pool, which a forked child cannot use; so nothing here tokenizes."""
    global _preloaded
    if _preloaded is None and _analyser is None:
        from kiwipiepy import Kiwi

        _preloaded = Kiwi(load_multi_dict=False)


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
        # Per first character, one pattern matching where any of its terms does: most occurrences
        # of a common first syllable (국 of 국내, 국회) start no term, and are dismissed in one try.
        self.term_any = {
            first: re.compile("|".join(f"(?:{p.pattern})" for p, _ in patterns), re.IGNORECASE)
            for first, patterns in self.term_patterns.items()
        }

    def _add_user_words(self, terms: tuple[str, ...]) -> list[str]:
        parts = sorted({p for t in terms for p in t.split(" ") if HANGUL.search(p)})
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

    def tokenize_many(self, texts: Iterable[str]) -> Iterator[tuple[str, list[Any]]]:
        """Each text, prepared for Kiwi (offsets unchanged), with its tokens; one multi-threaded batch."""
        prepared = [_prepare(t) for t in texts]
        tokens = self.kiwi.tokenize(iter(prepared), match_options=_MATCH_OPTIONS)
        return zip(prepared, tokens, strict=True)

    def term_matches(self, prepared: str) -> Iterator[tuple[str, int, int]]:
        """``(term_key, start, end)`` of every dictionary term written in ``prepared``."""
        if self.term_first is None:
            return
        for hit in self.term_first.finditer(prepared):
            first = hit.group()
            if self.term_any[first].match(prepared, hit.start()) is None:
                continue
            for pattern, key in self.term_patterns[first]:
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
        return bool(tokens[0].tag == "NNG")  # kiwipiepy is untyped
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
    """This process's analyser for the current terms, built (or rebuilt) on first use."""
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
