"""Keys and similarity for recognising the same story. Pure functions, no database."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)

# Bodies this similar (Jaccard on character shingles) are the same story re-edited.
NEAR_DUPLICATE_THRESHOLD = 0.8
SHINGLE_SIZE = 5


def normalise(text: str) -> str:
    """Case-, width- and punctuation-insensitive form used for comparing titles and bodies."""
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text).lower())


def text_key(text: str) -> str:
    """SHA-256 of ``normalise(text)``: the stored ``title_key``/``body_key`` of an Article.

    The one text key of the ingest package. Stored keys were made with it, so its rule must not
    change without rebuilding them; ``clean.boilerplate`` compares neighbouring caption lines with
    a cheaper, unhashed rule of its own (``_caption_key``).
    """
    return hashlib.sha256(normalise(text).encode()).hexdigest()


def shingles(text: str, *, size: int = SHINGLE_SIZE) -> set[str]:
    """Overlapping ``size``-character pieces of ``normalise(text)``; a short text is its own shingle."""
    flat = normalise(text)
    if len(flat) <= size:
        return {flat} if flat else set()
    return {flat[i : i + size] for i in range(len(flat) - size + 1)}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of two texts' character shingles, 0..1."""
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)
