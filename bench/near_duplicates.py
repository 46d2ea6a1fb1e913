"""Near-duplicate detection: a labelled set of pairs, the candidate stage and the whole, and its cost.

    .venv/bin/python bench/near_duplicates.py [--corpus-size 10000] [--json bench/results/near_duplicates.json]

**The labelled set** (``near_duplicate_pairs.py``): the real articles of the repository's pages,
edited copies of them, and hand-labelled real pairs; split into dev and held-out by base article
before any parameter was chosen.

The rule being indexed is the archive's: near-duplicate when the exact Jaccard of the two bodies'
5-character shingles is at least ``NEAR_DUPLICATE_THRESHOLD`` (0.8). **Candidate stage**: the pairs
a method proposes, against all pool pairs the rule accepts (recall) and against what it proposes
(precision). **Whole**: candidates confirmed by the exact Jaccard, against the rule (what the old
brute-force finder returned: recall only, precision being 1 by construction) and against the human
label "same story" (recall and precision, beside the brute-force finder's).

**Cost.** The same methods over the synthetic bench corpus (``bench/corpus.py``; recombined
sentences make its unrelated articles far more alike than real ones, a hard case): index hits per
article (rows sharing a key, any outlet) and what is left after the outlet and week filter. And the
time to compute a signature per article (numpy here, ``datasketch`` when installed, Python's
shingle set for scale): ratios, on a shared machine.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import DATA, RESULTS, cpu_model, write_json  # noqa: E402
from near_duplicate_pairs import Text, jaccard, labelled_set  # noqa: E402

from articles.ingest import minhash  # noqa: E402
from articles.ingest.dedup import NEAR_DUPLICATE_THRESHOLD, shingles  # noqa: E402

# Bands x rows compared; the first is the project's (articles.ingest.minhash).
CONFIGS = [(minhash.BANDS, minhash.ROWS), (16, 5), (20, 5), (24, 6), (16, 8), (20, 7), (12, 10), (32, 4)]
SIMHASH_DISTANCES = (3, 7)

# ---------------------------------------------------------------------------------------------
# Methods: candidate pairs of a pool
# ---------------------------------------------------------------------------------------------


def _pairs_sharing(keys: dict[str, list[int]]) -> set[tuple[str, str]]:
    by_key: dict[int, list[str]] = defaultdict(list)
    for name, ks in keys.items():
        for k in set(ks):
            by_key[k].append(name)
    pairs: set[tuple[str, str]] = set()
    for names in by_key.values():
        if len(names) > 1:
            pairs.update(itertools.combinations(sorted(names), 2))
    return pairs


def minhash_keys(bodies: dict[str, str], bands: int, rows: int) -> dict[str, list[int]]:
    sigs = {name: minhash.signature(body, permutations=bands * rows) for name, body in bodies.items()}
    return {name: minhash.band_keys(sig, bands=bands, rows=rows) for name, sig in sigs.items()}


_BITS = np.uint64(1) << np.arange(64, dtype=np.uint64)


def simhash(body: str) -> int | None:
    """Charikar's SimHash over the same shingles (64 bits, each shingle weighted 1)."""
    x = minhash.shingle_hashes(body)
    if not len(x):
        return None
    h = minhash._mix(x * np.uint64(0x9E3779B97F4A7C15))  # 64 bits from the 32-bit shingle hash
    ones = ((h[:, None] & _BITS) != 0).sum(axis=0)
    return int(np.sum(_BITS[ones * 2 > len(h)], dtype=np.uint64))


def simhash_keys(bodies: dict[str, str], distance: int) -> dict[str, list[int]]:
    """Banded SimHash: ``distance + 1`` bands, so two hashes within ``distance`` bits share a band."""
    bands = distance + 1
    widths = [64 // bands + (1 if i < 64 % bands else 0) for i in range(bands)]
    out = {}
    for name, body in bodies.items():
        value = simhash(body)
        if value is None:
            out[name] = []
            continue
        keys, shift = [], 0
        for i, width in enumerate(widths):
            keys.append((i << 60) | ((value >> shift) & ((1 << width) - 1)))
            shift += width
        out[name] = keys
    return out


# ---------------------------------------------------------------------------------------------
# Measurement
# ---------------------------------------------------------------------------------------------


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def evaluate(texts: list[Text], same_story: set[tuple[str, str]], split: dict[str, str]) -> dict:
    bodies = {t.key: t.body for t in texts}
    split_of = {t.key: split[t.base] for t in texts}
    sh = {t.key: shingles(t.body) for t in texts}
    names = sorted(bodies)
    exact: dict[tuple[str, str], float] = {}
    for a, b in itertools.combinations(names, 2):
        if split_of[a] == split_of[b]:
            exact[(a, b)] = jaccard(sh[a], sh[b])
    rule = {p for p, j in exact.items() if j >= NEAR_DUPLICATE_THRESHOLD}
    methods: dict[str, dict[str, list[int]]] = {}
    for bands, rows in CONFIGS:
        methods[f"minhash {bands}x{rows}"] = minhash_keys(bodies, bands, rows)
    for d in SIMHASH_DISTANCES:
        methods[f"simhash d<={d} ({d + 1} bands)"] = simhash_keys(bodies, d)
    bins = [(0.0, 0.3), (0.3, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)]
    results = {}
    for method, keys in methods.items():
        candidates = {p for p in _pairs_sharing(keys) if p in exact}
        per_split = {}
        for split in ("dev", "heldout"):
            mine = {p for p in exact if split_of[p[0]] == split}
            cand = candidates & mine
            truth = rule & mine
            stories = same_story & mine
            flagged = cand & truth  # the whole: candidates confirmed by the exact Jaccard
            old = truth  # the brute-force finder flags exactly the rule's pairs
            per_split[split] = {
                "pairs": len(mine),
                "rule_pairs": len(truth),
                "candidates": len(cand),
                "candidate_recall": _ratio(len(cand & truth), len(truth)),
                "candidate_precision": _ratio(len(cand & truth), len(cand)),
                # The whole flags a candidate only when its exact Jaccard passes: its recall against
                # the rule is the candidates' recall, and its precision against the rule is 1 by
                # construction, so the human label is the informative one.
                "whole_recall_vs_rule": _ratio(len(flagged), len(truth)),
                "same_story_pairs": len(stories),
                "whole_recall_vs_same_story": _ratio(len(flagged & stories), len(stories)),
                "whole_precision_vs_same_story": _ratio(len(flagged & stories), len(flagged)),
                "brute_force_recall_vs_same_story": _ratio(len(old & stories), len(stories)),
                "missed": sorted(f"{a} | {b} | J={exact[(a, b)]:.3f}" for a, b in truth - cand),
            }
        by_bin = {}
        for low, high in bins:
            inside = [p for p, j in exact.items() if low <= j < high]
            hit = sum(1 for p in inside if p in candidates)
            by_bin[f"{low:.1f}-{min(high, 1.0):.1f}"] = {
                "pairs": len(inside),
                "candidate_rate": _ratio(hit, len(inside)),
            }
        results[method] = {"splits": per_split, "by_jaccard": by_bin}
    histogram = Counter(min(int(j * 10), 9) / 10 for j in exact.values() if j >= 0.3)
    return {
        "texts": len(texts),
        "pairs_by_jaccard_from_0.3": {f"{k:.1f}": v for k, v in sorted(histogram.items())},
        "methods": results,
    }


def _corpus_bodies(size: int) -> list[dict]:
    directory = DATA / f"corpus-{size}"
    out = []
    for path in sorted(directory.glob("part-*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            out.extend(json.loads(line) for line in fh)
    return out


def corpus_cost(size: int) -> dict | None:
    """Index hits per article over the synthetic corpus, each article looked up among all the others."""
    import datetime as dt

    records = _corpus_bodies(size)
    if not records:
        return None
    days = [dt.date.fromisoformat(r["published_at"][:10]) for r in records]
    out = {"articles": len(records)}
    for bands, rows in CONFIGS:
        keys = minhash_keys({str(i): r["body"] for i, r in enumerate(records)}, bands, rows)
        hits, near, exact_ok = 0, 0, 0
        for a, b in _pairs_sharing(keys):
            i, j = int(a), int(b)
            hits += 1
            if records[i]["outlet"] == records[j]["outlet"] and abs((days[i] - days[j]).days) <= 7:
                near += 1
                if (
                    jaccard(shingles(records[i]["body"]), shingles(records[j]["body"]))
                    >= NEAR_DUPLICATE_THRESHOLD
                ):
                    exact_ok += 1
        # Each pair is a hit for both of its articles: per article, 2 x pairs / articles.
        out[f"minhash {bands}x{rows}"] = {
            "index_hits_per_article": round(2 * hits / len(records), 3),
            "same_outlet_week_per_article": round(2 * near / len(records), 4),
            "confirmed_pairs": exact_ok,
        }
    return out


def timings(bodies: list[str]) -> dict:
    def per_article(fn: Callable[[str], object]) -> float:
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            for body in bodies:
                fn(body)
            runs.append((time.perf_counter() - started) / len(bodies) * 1000)
        return round(statistics.median(runs), 4)

    out = {
        "articles": len(bodies),
        "mean_chars": round(statistics.mean(len(b) for b in bodies)),
        "ms_per_article": {
            "python shingle set (what the exact check builds)": per_article(shingles),
            f"numpy minhash {minhash.PERMUTATIONS} + band keys (the project's)": per_article(
                minhash.near_keys
            ),
            "numpy simhash 64": per_article(simhash),
        },
    }
    try:
        from datasketch import MinHash
    except ImportError:
        out["datasketch"] = "not installed"
    else:

        def ds(body: str) -> object:
            m = MinHash(num_perm=minhash.PERMUTATIONS)
            m.update_batch([s.encode() for s in shingles(body)])
            return m.hashvalues

        out["ms_per_article"][f"datasketch MinHash {minhash.PERMUTATIONS} (update_batch)"] = per_article(ds)
    return out


def _print(result: dict) -> None:
    print(f"labelled pool: {result['quality']['texts']} texts; real pairs:")
    for entry in result["real_pairs"]:
        print(
            f"  J={entry['jaccard']:.3f} same_story={entry['same_story']!s:5} {entry['split']:8} {entry['why']}"
        )
    print(f"pairs by exact Jaccard (>= 0.3): {result['quality']['pairs_by_jaccard_from_0.3']}")
    head = f"{'method':30} {'split':8} {'rule':>5} {'cand':>6} {'c.rec':>6} {'c.prec':>6} {'story':>5} {'w.rec':>6} {'w.prec':>6} {'bf.rec':>6}"
    print(head)
    for method, r in result["quality"]["methods"].items():
        for split, s in r["splits"].items():
            print(
                f"{method:30} {split:8} {s['rule_pairs']:5} {s['candidates']:6} {s['candidate_recall']!s:>6} "
                f"{s['candidate_precision']!s:>6} {s['same_story_pairs']:5} {s['whole_recall_vs_same_story']!s:>6} "
                f"{s['whole_precision_vs_same_story']!s:>6} {s['brute_force_recall_vs_same_story']!s:>6}"
            )
        print(f"{'':30} by J: " + "  ".join(f"{k}:{v['candidate_rate']}" for k, v in r["by_jaccard"].items()))
    if result.get("corpus"):
        print(f"synthetic corpus ({result['corpus']['articles']} articles):")
        for k, v in result["corpus"].items():
            if isinstance(v, dict):
                print(f"  {k}: {v}")
    print(
        f"timing ({result['timing']['articles']} articles, {result['timing']['mean_chars']} chars on average):"
    )
    for k, v in result["timing"]["ms_per_article"].items():
        print(f"  {v:8.4f} ms  {k}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--corpus-size", type=int, default=10_000, help="bench/data/corpus-<size> for the cost part"
    )
    ap.add_argument("--json", type=Path, default=RESULTS / "near_duplicates.json")
    args = ap.parse_args(argv)
    texts, same, split, real = labelled_set()
    corpus = _corpus_bodies(args.corpus_size)
    result = {
        "cpu": cpu_model(),
        "real_pairs": real,
        "quality": evaluate(texts, same, split),
        "corpus": corpus_cost(args.corpus_size),
        "timing": timings([r["body"] for r in corpus[:2000]] or [t.body for t in texts]),
    }
    write_json(args.json, result)
    _print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
