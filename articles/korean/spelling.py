"""How written text becomes lexeme text, and the clean-up Kiwi gets before it reads anything.

Owns the spelling rules every other module of the package shares: a lexeme is NFKC, lower-cased,
without spaces or thousands separators (``term_key`` is that rule for a dictionary term), and the
text handed to Kiwi differs from the original only by same-length replacements, so the offsets
Kiwi reports index the original. Kept apart so that the analyser (``kiwi``), the lexeme rules and
the query side cannot drift into three spellings of one word.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Same-length replacements applied before Kiwi, so offsets into the original stay valid: odd spaces
# become ' ' (Kiwi glues U+200B into the neighbouring word), full-width ASCII becomes ASCII (Kiwi
# tags ＥＸＡＯＮＥ as a symbol), and surrogate code points become U+FFFD: Kiwi reads UTF-16 and
# raises on an unpaired one, which a JSON "\ud800" escape or a Python caller can hand it.
_SPACE_LIKE = [0x00A0, 0x1680, *range(0x2000, 0x200E), 0x2028, 0x2029, 0x202F, 0x205F, 0x2060, 0x3000, 0xFEFF]
_PREPARE_TABLE = (
    {cp: " " for cp in _SPACE_LIKE}
    | {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
    | {cp: 0xFFFD for cp in range(0xD800, 0xE000)}
)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_WHITESPACE = re.compile(r"\s+")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


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
