"""Raw Kiwi tokenizer throughput on the bench corpus: the ceiling for any Kiwi-based ingest.

    .venv/bin/python bench/kiwi_raw.py --size 10000 --articles 5000 [--workers 2] [--runs 3] [--json out.json]

Loads ``kiwipiepy.Kiwi(num_workers=W)`` (no user dictionary, default model) and times
``kiwi.tokenize(texts)`` over title + subtitle + body of the first K articles of
bench/data/corpus-<size>/ (texts read into memory first, so only tokenising is timed). Reports
the median of the runs as articles/s and chars/s, plus the model load time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import write_json
from corpus import corpus_dir, texts


def measure(directory: Path, *, articles: int = 5000, workers: int = 2, runs: int = 3) -> dict:
    """Median-of-``runs`` tokenizer throughput over the first ``articles`` texts of ``directory``."""
    import kiwipiepy

    docs = list(texts(directory, articles))
    chars = sum(len(d) for d in docs)
    started = time.perf_counter()
    kiwi = kiwipiepy.Kiwi(num_workers=workers)
    kiwi.tokenize("모델을 불러온다.")  # first call finishes lazy initialisation
    load_seconds = time.perf_counter() - started
    seconds = []
    tokens = 0
    for _ in range(runs):
        t0 = time.perf_counter()
        tokens = sum(len(toks) for toks in kiwi.tokenize(iter(docs)))
        seconds.append(time.perf_counter() - t0)
    median = statistics.median(seconds)
    return {
        "articles": len(docs),
        "chars": chars,
        "tokens": tokens,
        "workers": workers,
        "runs_seconds": [round(s, 3) for s in seconds],
        "median_seconds": round(median, 3),
        "articles_per_s": round(len(docs) / median, 1),
        "chars_per_s": round(chars / median),
        "model_load_seconds": round(load_seconds, 2),
        "kiwipiepy": kiwipiepy.__version__,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=10_000, help="which corpus (bench/data/corpus-<size>)")
    ap.add_argument("--dir", type=Path, help="corpus directory instead of --size")
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", type=Path, help="also write the result here")
    args = ap.parse_args(argv)
    result = measure(
        args.dir or corpus_dir(args.size), articles=args.articles, workers=args.workers, runs=args.runs
    )
    if args.json:
        write_json(args.json, result)
    print(json.dumps(result, ensure_ascii=False))
    print(
        f"kiwi raw: {result['articles']} articles, {result['chars']:,} chars: "
        f"{result['articles_per_s']:.0f} articles/s, {result['chars_per_s']:,} chars/s "
        f"(median of {len(result['runs_seconds'])}, {result['workers']} workers)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
