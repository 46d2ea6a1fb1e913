"""MinHash signatures and LSH band keys: how near-duplicate candidates are found through an index.

Two bodies are near-duplicates when the Jaccard similarity of their 5-character shingles
(``dedup.shingles``) reaches ``NEAR_DUPLICATE_THRESHOLD``. Comparing a new body with every stored
one costs more with every article stored; instead each body gets ``BANDS`` keys, stored with the
article and indexed (PostgreSQL GIN), and only articles sharing a key with the new one are compared
exactly. The keys choose candidates, never the verdict: the exact Jaccard still decides.

The method is the textbook one (Broder's MinHash; banding as in Leskovec, Rajaraman and Ullman,
*Mining of Massive Datasets*, ch. 3): ``PERMUTATIONS`` hash functions, each keeping the smallest
hash over the shingles; two texts agree on one of them with probability J, so on a band of ``ROWS``
of them with probability J**ROWS, and share at least one of ``BANDS`` band keys with probability
``1 - (1 - J**ROWS) ** BANDS``. With 20 bands of 6 rows: 0.998 at J = 0.8, 0.9999 at 0.9, 0.015 at
0.3, 0.001 at 0.2 (``candidate_probability``; bench/RESULTS.md measures it on labelled
pairs).

Written with numpy rather than taken from ``datasketch``: the same algorithm, but the shingles are
hashed as arrays (a rolling polynomial over code points) instead of one SHA-1 call per shingle in
Python, about four times faster per article (bench/RESULTS.md); and the hash functions are
fixed here from SHA-256 of their names, not from a random generator whose stream a library version
could change. Stored keys depend on every constant in this module: changing one needs
``manage.py near_duplicate_keys --rebuild``.
"""

from __future__ import annotations

import hashlib

import numpy as np

from articles.ingest.dedup import SHINGLE_SIZE, normalise

BANDS = 20
ROWS = 6
PERMUTATIONS = BANDS * ROWS
# Shingles hashed at once: bounds the (shingles x permutations) work array (4,096 x 120 x 8 B = 4 MB).
_BLOCK = 4096

_U64 = np.uint64
_MIX_1, _MIX_2 = _U64(0xFF51AFD7ED558CCD), _U64(0xC4CEB9FE1A85EC53)
_POLY = _U64(0x100000001B3)
_SHIFT_32, _SHIFT_33 = _U64(32), _U64(33)


def _constants(name: str, count: int) -> np.ndarray:
    """``count`` 64-bit constants derived from SHA-256, the same on every machine and numpy version."""
    return np.array(
        [int.from_bytes(hashlib.sha256(f"{name}:{i}".encode()).digest()[:8], "little") for i in range(count)],
        dtype=np.uint64,
    )


# Hash function k of the signature is x -> (A[k] * x + B[k]) mod 2**64, its upper 32 bits kept
# (multiply-add-shift: a universal family for 32-bit x). A is odd.
_MAX_PERMUTATIONS = 256
_A = _constants("minhash-a", _MAX_PERMUTATIONS) | _U64(1)
_B = _constants("minhash-b", _MAX_PERMUTATIONS)
_BAND_SALT = _constants("minhash-band", _MAX_PERMUTATIONS)


def _mix(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser, in place: every input bit reaches every output bit."""
    h ^= h >> _SHIFT_33
    h *= _MIX_1
    h ^= h >> _SHIFT_33
    h *= _MIX_2
    h ^= h >> _SHIFT_33
    return h


def shingle_hashes(text: str, *, size: int = SHINGLE_SIZE) -> np.ndarray:
    """32-bit hashes (as uint64) of the shingles ``dedup.shingles(text)`` holds, one per position.

    Equal shingles hash equal (duplicates are harmless: a minimum does not count them), so two texts
    with the same shingle set get the same signature.
    """
    flat = normalise(text)
    if not flat:
        return np.empty(0, dtype=np.uint64)
    points = np.frombuffer(flat.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    width = min(len(points), size)  # a text shorter than a shingle is its own shingle
    count = len(points) - width + 1
    h = np.zeros(count, dtype=np.uint64)
    for k in range(width):
        h *= _POLY
        h += points[k : k + count]
    return _mix(h) >> _SHIFT_32


def signature(text: str, *, permutations: int = PERMUTATIONS) -> np.ndarray | None:
    """The MinHash signature of ``text``'s shingles (``permutations`` uint32), or None when it has none."""
    if not 0 < permutations <= _MAX_PERMUTATIONS:
        raise ValueError(f"permutations must be 1..{_MAX_PERMUTATIONS}")
    x = shingle_hashes(text)
    if not len(x):
        return None
    a, b = _A[:permutations], _B[:permutations]
    low: np.ndarray | None = None
    for start in range(0, len(x), _BLOCK):
        v = np.multiply.outer(x[start : start + _BLOCK], a)
        v += b
        block = v.min(axis=0)
        low = block if low is None else np.minimum(low, block)
    assert low is not None  # x has at least one block
    # The upper 32 bits of the smallest value are the smallest of the upper 32 bits.
    upper: np.ndarray = (low >> _SHIFT_32).astype(np.uint32)
    return upper


def band_keys(sig: np.ndarray | None, *, bands: int = BANDS, rows: int = ROWS) -> list[int]:
    """One signed 64-bit key per band of ``rows`` signature values (PostgreSQL ``bigint``); the band's
    number is mixed in, so equal values in two different bands make different keys."""
    if sig is None:
        return []
    if len(sig) < bands * rows:
        raise ValueError(f"a signature of {len(sig)} values has no {bands} bands of {rows}")
    table = sig[: bands * rows].reshape(bands, rows).astype(np.uint64)
    h = _BAND_SALT[:bands].copy()
    for k in range(rows):
        h *= _POLY
        h += table[:, k]
    keys: list[int] = _mix(h).view(np.int64).tolist()
    return keys


def near_keys(text: str) -> list[int]:
    """The band keys stored for an article body (``Article.near_keys``); empty for a text with no
    shingles, which has no near-duplicates."""
    return band_keys(signature(text))


def candidate_probability(jaccard: float, *, bands: int = BANDS, rows: int = ROWS) -> float:
    """The chance that two texts of this Jaccard similarity share at least one band key."""
    return 1.0 - (1.0 - jaccard**rows) ** bands
