"""Ingest rate against raw Kiwi, measured in the same run: N generated articles into a scratch DB.

    .venv/bin/python bench/ingest_profile.py --articles 1000 [--runs 3] [--size 10000] [--json out.json]

Each run: recreate the scratch database (``archive_bench_profile``), ``migrate`` and
``load_entities`` (not timed); time ``manage.py ingest --dry-run`` of a one-article file (the fixed
cost of a process: Django, the Kiwi model, the user dictionary; nothing is written); time
``manage.py ingest`` of the first N articles of bench/data/corpus-<size>/ (one JSON Lines file per
5,000); then raw Kiwi (``Kiwi(num_workers=2).tokenize``, bench/kiwi_raw.py) on the same N articles'
title + subtitle + body. Runs alternate ingest and Kiwi so both see the same machine load.

Printed: the median over the runs of ingest articles/s end to end, ingest articles/s without the
fixed process cost, raw Kiwi articles/s, and the ratios ingest/Kiwi (the goal is >= 0.85).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DATA, ROOT, article_count, manage, recreate_db, write_json
from corpus import corpus_dir, records, subset
from kiwi_raw import measure as kiwi_measure


def _startup_file(directory: Path, articles: int) -> Path:
    """A one-article file (the article after the N timed ones) for timing a process's fixed cost."""
    path = DATA / f"profile-startup-{articles}.jsonl"
    last = list(records(directory, articles + 1))[-1]
    path.write_text(json.dumps(last, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _timed(*args: str, db: str, timeout: float) -> float:
    started = time.perf_counter()
    manage(*args, db=db, timeout=timeout, quiet=True)
    return time.perf_counter() - started


def one_run(
    directory: Path,
    files: list[Path],
    startup: Path,
    *,
    articles: int,
    db: str,
    timeout: float,
    jobs: int = 1,
) -> dict:
    recreate_db(db)
    manage("migrate", "--noinput", "-v", "0", db=db, timeout=900)
    manage("load_entities", str(ROOT / "fixtures" / "policy_entities.json"), "-v", "0", db=db, timeout=900)
    fixed = _timed("ingest", "--dry-run", "-v", "0", str(startup), db=db, timeout=timeout)
    seconds = _timed("ingest", "-v", "0", "--jobs", str(jobs), *map(str, files), db=db, timeout=timeout)
    added = article_count(db)
    kiwi = kiwi_measure(directory, articles=articles, runs=1)
    return {
        "articles_added": added,
        "ingest_seconds": round(seconds, 2),
        "fixed_seconds": round(fixed, 2),
        "ingest_per_s": round(added / seconds, 2),
        "ingest_steady_per_s": round(added / max(seconds - fixed, 1e-9), 2),
        "kiwi_seconds": kiwi["median_seconds"],
        "kiwi_per_s": kiwi["articles_per_s"],
    }


def measure(size: int, *, articles: int, runs: int, db: str, timeout: float, jobs: int = 1) -> dict:
    directory = corpus_dir(size)
    # A scraper leaves many files: 100 articles each, so ``--jobs`` has files to share out.
    files = subset(directory, articles, DATA / f"profile-{size}-{articles}", per_file=100)
    startup = _startup_file(directory, articles)
    results = []
    for i in range(runs):
        result = one_run(directory, files, startup, articles=articles, db=db, timeout=timeout, jobs=jobs)
        results.append(result)
        print(f"run {i + 1}: {json.dumps(result)}", file=sys.stderr)

    def median(key: str) -> float:
        return statistics.median(r[key] for r in results)

    summary = {
        "articles": articles,
        "runs": runs,
        "ingest_per_s": median("ingest_per_s"),
        "ingest_steady_per_s": median("ingest_steady_per_s"),
        "kiwi_per_s": median("kiwi_per_s"),
        "fixed_seconds": median("fixed_seconds"),
    }
    summary["ratio"] = round(summary["ingest_per_s"] / summary["kiwi_per_s"], 3)
    summary["ratio_steady"] = round(summary["ingest_steady_per_s"] / summary["kiwi_per_s"], 3)
    # Ratio within each run (same machine load), then the median of those.
    summary["ratio_per_run_median"] = round(
        statistics.median(r["ingest_per_s"] / r["kiwi_per_s"] for r in results), 3
    )
    summary["jobs"] = jobs
    return {"summary": summary, "runs": results, "db": db, "corpus": str(directory.relative_to(ROOT))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=10_000, help="which corpus (bench/data/corpus-<size>)")
    ap.add_argument("--articles", type=int, default=1000, help="N: how many articles to ingest")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--db", default="archive_bench_profile")
    ap.add_argument("--timeout", type=float, default=3600)
    ap.add_argument("--json", type=Path, help="also write the result here")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1], help="ingest --jobs values to measure")
    args = ap.parse_args(argv)
    results = {
        f"jobs_{jobs}": measure(
            args.size, articles=args.articles, runs=args.runs, db=args.db, timeout=args.timeout, jobs=jobs
        )
        for jobs in args.jobs
    }
    if args.json:
        write_json(args.json, results)
    for result in results.values():
        _print(result)
    return 0


def _print(result: dict) -> None:
    s = result["summary"]
    print(json.dumps(result, ensure_ascii=False))
    print(
        f"ingest {s['ingest_per_s']} articles/s ({s['ingest_steady_per_s']} without the "
        f"{s['fixed_seconds']} s process start); raw Kiwi {s['kiwi_per_s']} articles/s; "
        f"ratio {s['ratio']} ({s['ratio_steady']} steady; per-run median {s['ratio_per_run_median']}); "
        f"median of {s['runs']}, N={s['articles']}, jobs={s['jobs']}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    sys.exit(main())
