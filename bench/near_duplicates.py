"""Near-duplicate detection: a labelled set of pairs, the candidate stage and the whole, and its cost.

    .venv/bin/python bench/near_duplicates.py [--corpus-size 10000] [--json bench/results/near_duplicates.json]

**The labelled set.** Base articles are every article the project's own parsers read from the
repository's real pages (``fixtures/seeds``, ``tests/data/real`` with the URLs of its
``labels.json``). Pairs:

* real pairs, labelled by hand (``REAL_PAIRS``): the same story found twice in the seeds (two search
  pages of one outlet), a wire story and its syndicated copy, a portal copy and the original, and
  different stories that share a portal's page furniture or a topic (hard negatives);
* edited pairs (made here, not real): each base article with a body of at least 80 characters gets
  ``EDITS_PER_BASE`` copies changed the way re-edited and syndicated stories change (``RECIPES``: a
  corrected word or ending, updated numbers, a sentence added or dropped, the last paragraph cut,
  a paragraph added, a sign-off and copyright line, two paragraphs swapped, a new headline over
  the same body), one to three edits each, from a seeded generator; every copy is the same story;
* every other pair of the pool (bases and copies) is a different story.

The rule being indexed is the archive's: near-duplicate when the exact Jaccard of the two bodies'
5-character shingles is at least ``NEAR_DUPLICATE_THRESHOLD`` (0.8). **Candidate stage**: the pairs
a method proposes, against all pool pairs the rule accepts (recall) and against what it proposes
(precision). **Whole**: candidates confirmed by the exact Jaccard, against the rule (what the old
brute-force finder returned: recall only, precision being 1 by construction) and against the human
label "same story" (recall and precision, beside the brute-force finder's).

**Split.** Dev and held-out by base article (a hash of its file and position), fixed before any
parameter was chosen; a copy belongs to its base's half, a real pair to its first article's half.
Parameters were chosen on dev only; both halves are reported.

**Cost.** The same methods over the synthetic bench corpus (``bench/corpus.py``; recombined
sentences make its unrelated articles far more alike than real ones, a hard case): index hits per
article (rows sharing a key, any outlet) and what is left after the outlet and week filter. And the
time to compute a signature per article (numpy here, ``datasketch`` when installed, Python's
shingle set for scale): ratios, on a shared machine.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import DATA, RESULTS, cpu_model, write_json  # noqa: E402

from articles.ingest import minhash  # noqa: E402
from articles.ingest.dedup import NEAR_DUPLICATE_THRESHOLD, shingles, text_key  # noqa: E402
from articles.ingest.outlets import OutletRegistry  # noqa: E402
from articles.ingest.registry import parse_bytes  # noqa: E402
from articles.ingest.types import ParseError  # noqa: E402

EDITS_PER_BASE = 3
MIN_BODY = 80
SEED = 20260601
# Bands x rows compared; the first is the project's (articles.ingest.minhash).
CONFIGS = [(minhash.BANDS, minhash.ROWS), (16, 5), (20, 5), (24, 6), (16, 8), (20, 7), (12, 10), (32, 4)]
SIMHASH_DISTANCES = (3, 7)

# Hand-labelled real pairs: (file, article index) twice, same story or not, why.
REAL_PAIRS = [
    (("fixtures/seeds/000_25583c5caf437ce4.txt", 0), ("fixtures/seeds/004_03094ad77ff3019d.txt", 2), True, "one story on two search pages of the outlet"),
    (("fixtures/seeds/000_25583c5caf437ce4.txt", 1), ("fixtures/seeds/004_03094ad77ff3019d.txt", 3), True, "one story on two search pages of the outlet"),
    (("fixtures/seeds/000_25583c5caf437ce4.txt", 7), ("fixtures/seeds/004_03094ad77ff3019d.txt", 7), True, "one story on two search pages of the outlet"),
    (("fixtures/seeds/000_25583c5caf437ce4.txt", 8), ("fixtures/seeds/004_03094ad77ff3019d.txt", 9), True, "one story on two search pages of the outlet"),
    (("tests/data/real/007_news1.txt", 0), ("tests/data/real/008_donga_news1.txt", 0), True, "wire story and its syndicated copy, headline re-edited, cut differently"),
    (("tests/data/real/014_daum_etnews.txt", 0), ("tests/data/real/015_etnews.txt", 0), True, "portal copy (with the portal's summary block) and the original"),
    (("tests/data/real/014_daum_etnews.txt", 0), ("tests/data/real/055_daum_pressian.txt", 0), False, "two stories sharing the portal's page furniture"),
    (("tests/data/real/014_daum_etnews.txt", 0), ("tests/data/real/146_daum_donga.txt", 0), False, "two stories sharing the portal's page furniture"),
    (("tests/data/real/055_daum_pressian.txt", 0), ("tests/data/real/146_daum_donga.txt", 0), False, "two stories sharing the portal's page furniture"),
    (("tests/data/real/061_daum_sedaily.txt", 0), ("tests/data/real/146_daum_donga.txt", 0), False, "two stories sharing the portal's page furniture"),
    (("tests/data/real/040_byline.txt", 0), ("tests/data/real/041_byline.txt", 0), False, "one outlet, one programme, two stories"),
    (("tests/data/real/023_segye.txt", 0), ("tests/data/real/024_newsis.txt", 0), False, "one announcement, two outlets' stories"),
]  # fmt: skip

# What re-editing adds, written for this benchmark (not taken from any page).
_ADDED_SENTENCES = [
    "한편 관련 업계는 이번 발표에 촉각을 곤두세우고 있다.",
    "정부는 이달 중 세부 추진 계획을 내놓을 예정이다.",
    '업계 관계자는 "구체적인 지원 규모가 관건"이라고 말했다.',
    "이 같은 방침은 다음 달 열리는 회의에서 최종 확정된다.",
]
_ADDED_PARAGRAPHS = [
    "앞서 정부는 지난해 관련 법 개정안을 국회에 제출했으며, 여야는 연내 처리를 목표로 논의를 이어가고 있다. "
    "전문가들은 제도 정비와 함께 현장의 목소리를 반영해야 한다고 지적했다.",
    "이날 행사에는 관계 부처 공무원과 기업 대표, 연구기관 관계자 등 100여 명이 참석했다. 참석자들은 "
    "후속 과제를 논의하고 정기적으로 협의체를 열기로 했다.",
]
_SIGN_OFFS = [
    "김하늘 기자 sky@example.com",
    "<저작권자 ⓒ 무단전재 및 재배포 금지>",
    "▶ 제보는 카카오톡으로 보내 주세요",
]
_HEADLINE_SUFFIXES = ["(종합)", "(2보)", "…업계 '주목'"]
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[가-힣]{2,}")
_NUMBER = re.compile(r"\d+")


# ---------------------------------------------------------------------------------------------
# The labelled set
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    key: str  # "path#index" of the base, plus "~n" for an edited copy
    base: str  # the base article's key
    title: str
    body: str
    recipe: str = ""  # edits applied (copies only)


def _split(base: str) -> str:
    return "dev" if hashlib.sha256(base.encode()).digest()[0] % 2 == 0 else "heldout"


def base_articles() -> dict[str, Text]:
    """Every article of the repository's real pages, read by the project's parsers, keyed
    ``path#index``; an article whose body is already in the pool is left out (the seeds carry
    some stories twice; those pairs are in ``REAL_PAIRS``)."""
    registry = OutletRegistry.load(ROOT / "fixtures" / "outlets.json")
    urls = {
        e["file"]: e.get("url", "") for e in json.loads((ROOT / "tests/data/real/labels.json").read_text())
    }
    files = sorted((ROOT / "fixtures" / "seeds").glob("*.txt")) + sorted(
        p for p in (ROOT / "tests" / "data" / "real").iterdir() if p.suffix in (".txt", ".html")
    )
    out: dict[str, Text] = {}
    seen: set[str] = set()
    keep = {a for pair in REAL_PAIRS for a in pair[:2]}
    for path in files:
        rel = str(path.relative_to(ROOT))
        try:
            result = parse_bytes(
                path.read_bytes(), name=path.name, outlets=registry, url=urls.get(path.name, "")
            )
        except ParseError:
            continue
        for i, parsed in enumerate(result.articles):
            body = "\n\n".join(parsed.paragraphs)
            body_key = text_key(body)
            if body_key in seen and (rel, i) not in keep:
                continue
            seen.add(body_key)
            key = f"{rel}#{i}"
            out[key] = Text(key, key, parsed.title, body)
    return out


def _sentences(paragraph: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(paragraph) if s]


def _edit_word(body: str, rng: random.Random) -> str:
    words = list(_WORD.finditer(body))
    for match in rng.sample(words, min(len(words), rng.randint(1, 2))):
        word = match.group()
        variants = [word[:-1] + "는", word + "도", word[:-1], "새 " + word]
        body = body[: match.start()] + rng.choice(variants) + body[match.end() :]
        break  # offsets after the first change moved: one change per call
    return body


def _edit_numbers(body: str, rng: random.Random) -> str:
    paragraphs = body.split("\n\n")
    i = rng.randrange(len(paragraphs))
    paragraphs[i] = _NUMBER.sub(lambda m: str(int(m.group()) + rng.randint(1, 9)), paragraphs[i])
    return "\n\n".join(paragraphs)


def _add_sentence(body: str, rng: random.Random) -> str:
    paragraphs = body.split("\n\n")
    i = rng.randrange(len(paragraphs))
    paragraphs[i] = paragraphs[i] + " " + rng.choice(_ADDED_SENTENCES)
    return "\n\n".join(paragraphs)


def _drop_sentence(body: str, rng: random.Random) -> str:
    paragraphs = body.split("\n\n")
    candidates = [i for i, p in enumerate(paragraphs) if len(_sentences(p)) > 1]
    if not candidates:
        return body
    i = rng.choice(candidates)
    sentences = _sentences(paragraphs[i])
    del sentences[rng.randrange(len(sentences))]
    paragraphs[i] = " ".join(sentences)
    return "\n\n".join(paragraphs)


def _cut_tail(body: str, rng: random.Random) -> str:
    paragraphs = body.split("\n\n")
    return "\n\n".join(paragraphs[:-1]) if len(paragraphs) > 2 else body


def _add_paragraph(body: str, rng: random.Random) -> str:
    return body + "\n\n" + rng.choice(_ADDED_PARAGRAPHS)


def _sign_off(body: str, rng: random.Random) -> str:
    return body + "\n\n" + "\n\n".join(rng.sample(_SIGN_OFFS, rng.randint(1, 2)))


def _swap(body: str, rng: random.Random) -> str:
    paragraphs = body.split("\n\n")
    if len(paragraphs) < 2:
        return body
    i = rng.randrange(len(paragraphs) - 1)
    paragraphs[i], paragraphs[i + 1] = paragraphs[i + 1], paragraphs[i]
    return "\n\n".join(paragraphs)


RECIPES: dict[str, Callable[[str, random.Random], str]] = {
    "word": _edit_word,
    "numbers": _edit_numbers,
    "add-sentence": _add_sentence,
    "drop-sentence": _drop_sentence,
    "cut-tail": _cut_tail,
    "add-paragraph": _add_paragraph,
    "sign-off": _sign_off,
    "swap": _swap,
    "headline": lambda body, rng: body,
}


def edited_copies(bases: dict[str, Text]) -> list[Text]:
    rng = random.Random(SEED)
    out = []
    for base in bases.values():
        if len(base.body) < MIN_BODY:
            continue
        for n in range(EDITS_PER_BASE):
            names = rng.sample(sorted(RECIPES), rng.choice((1, 1, 2, 2, 3)))
            body = base.body
            for name in names:
                body = RECIPES[name](body, rng)
            title = base.title + " " + rng.choice(_HEADLINE_SUFFIXES) if "headline" in names else base.title
            out.append(Text(f"{base.key}~{n}", base.key, title, body, "+".join(names)))
    return out


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


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


def labelled_set() -> tuple[list[Text], set[tuple[str, str]], dict[str, str], list[dict]]:
    """The pool of texts, the pairs that are one story, each base's half, and the real pairs."""
    bases = base_articles()
    texts = list(bases.values()) + edited_copies(bases)
    story = {key: key for key in bases}  # a base's story: itself, or the base it was paired with
    split = {key: _split(key) for key in bases}
    real = []
    for (fa, ia), (fb, ib), same_story, why in REAL_PAIRS:
        a, b = sorted((f"{fa}#{ia}", f"{fb}#{ib}"))
        if a not in bases or b not in bases:
            raise SystemExit(f"real pair not found among the parsed articles: {a} / {b}")
        split[b] = split[a]  # judged in its first article's half, with the copies of both
        if same_story:
            story[b] = story[a]
        real.append({
            "a": a, "b": b, "same_story": same_story, "why": why, "split": split[a],
            "jaccard": round(jaccard(shingles(bases[a].body), shingles(bases[b].body)), 3),
        })  # fmt: skip
    members: dict[str, list[str]] = defaultdict(list)
    for t in texts:
        members[story[t.base]].append(t.key)
    same = {p for keys in members.values() for p in itertools.combinations(sorted(keys), 2)}
    return texts, same, split, real


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
