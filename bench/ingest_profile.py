"""Ingest rate against raw Kiwi, measured in the same run: N articles into an empty archive or into a
loaded one.

    .venv/bin/python bench/ingest_profile.py --articles 1000 [--runs 3] [--size 10000] [--json out.json]
    .venv/bin/python bench/ingest_profile.py --fresh --articles 2000                     # empty archive
    .venv/bin/python bench/ingest_profile.py --fresh --articles 2000 --archive archive_bench_100000

Articles: the first N of bench/data/corpus-<size>/, or with ``--fresh`` N articles no bench archive
holds (bench/data/fresh-<N>: another seed, URLs numbered apart; ``corpus.fresh``), so the same
texts can be timed into an empty archive and into a loaded one. One JSON Lines file per 100
articles, so ``--jobs`` has files to share out.

Each run: the scratch database ``archive_bench_profile`` is recreated empty (``migrate`` and
``load_entities``), or with ``--archive DB`` cloned from that bench archive with its search index
(PostgreSQL's ``CREATE DATABASE ... TEMPLATE``; not timed; nothing may be connected to DB); time,
under the production settings, ``manage.py ingest --dry-run`` of a one-article file (the fixed cost of a process: Django, the Kiwi
model, the user dictionary; nothing is written); time ``manage.py ingest`` of the N articles; then
raw Kiwi (``Kiwi(num_workers=2).tokenize``, bench/kiwi_raw.py) on the same N articles' title +
subtitle + body. Runs alternate ingest and Kiwi so both see the same machine load.

Printed: the median over the runs of ingest articles/s end to end, ingest articles/s without the
fixed process cost, raw Kiwi articles/s, and the ratios ingest/Kiwi (the goal is >= 0.85).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DATA, ROOT, article_count, clone_db, manage, recreate_db, write_json
from corpus import corpus_dir, fresh, records, subset
from kiwi_raw import measure as kiwi_measure


def _startup_file(directory: Path, articles: int) -> Path:
    """A one-article file (the article after the N timed ones) for timing a process's fixed cost."""
    path = DATA / f"profile-startup-{directory.name}-{articles}.jsonl"
    last = list(records(directory, articles + 1))[-1]
    path.write_text(json.dumps(last, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _timed(*args: str, db: str, timeout: float) -> float:
    # Under the production settings, as a deployment ingests (no DEBUG query log).
    started = time.perf_counter()
    manage(*args, db=db, timeout=timeout, quiet=True, settings="portal.settings.prod", LOG_LEVEL="WARNING")
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
    archive: str | None = None,
) -> dict:
    if archive:
        clone_db(archive, db)
        manage("migrate", "--noinput", "-v", "0", db=db, timeout=900)
    else:
        recreate_db(db)
        manage("migrate", "--noinput", "-v", "0", db=db, timeout=900)
        manage(
            "load_entities", str(ROOT / "fixtures" / "policy_entities.json"), "-v", "0", db=db, timeout=900
        )
    before = article_count(db)
    fixed = _timed("ingest", "--dry-run", "-v", "0", str(startup), db=db, timeout=timeout)
    seconds = _timed("ingest", "-v", "0", "--jobs", str(jobs), *map(str, files), db=db, timeout=timeout)
    added = article_count(db) - before
    kiwi = kiwi_measure(directory, articles=articles, runs=1)
    return {
        "articles_before": before,
        "articles_added": added,
        "ingest_seconds": round(seconds, 2),
        "fixed_seconds": round(fixed, 2),
        "ingest_per_s": round(added / seconds, 2),
        "ingest_steady_per_s": round(added / max(seconds - fixed, 1e-9), 2),
        "kiwi_seconds": kiwi["median_seconds"],
        "kiwi_per_s": kiwi["articles_per_s"],
        "load_average": os.getloadavg()[0],
    }


def measure(
    directory: Path,
    *,
    articles: int,
    runs: int,
    db: str,
    timeout: float,
    jobs: int = 1,
    archive: str | None = None,
) -> dict:
    # A scraper leaves many files: 100 articles each, so ``--jobs`` has files to share out.
    files = subset(directory, articles, DATA / f"profile-{directory.name}-{articles}", per_file=100)
    startup = _startup_file(directory, articles)
    results = []
    for i in range(runs):
        result = one_run(
            directory, files, startup, articles=articles, db=db, timeout=timeout, jobs=jobs, archive=archive
        )
        results.append(result)
        print(f"run {i + 1}: {json.dumps(result)}", file=sys.stderr)

    def median(key: str) -> float:
        return statistics.median(r[key] for r in results)

    summary = {
        "articles": articles,
        "archive": archive or "empty",
        "articles_before": results[0]["articles_before"],
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
    ap.add_argument(
        "--fresh", action="store_true", help="articles no bench archive holds (bench/data/fresh-N)"
    )
    ap.add_argument("--archive", help="clone this bench database for each run instead of an empty one")
    ap.add_argument("--articles", type=int, default=1000, help="N: how many articles to ingest")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--db", default="archive_bench_profile")
    ap.add_argument("--timeout", type=float, default=3600)
    ap.add_argument("--json", type=Path, help="also write the result here")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1], help="ingest --jobs values to measure")
    args = ap.parse_args(argv)
    # One more than N: the article after them times a process's start.
    directory = fresh(args.articles + 1) if args.fresh else corpus_dir(args.size)
    results = {
        f"jobs_{jobs}": measure(
            directory,
            articles=args.articles,
            runs=args.runs,
            db=args.db,
            timeout=args.timeout,
            jobs=jobs,
            archive=args.archive,
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
        f"ingest into {s['archive']} ({s['articles_before']} articles): {s['ingest_per_s']} articles/s "
        f"({s['ingest_steady_per_s']} without the {s['fixed_seconds']} s process start); raw Kiwi "
        f"{s['kiwi_per_s']} articles/s; ratio {s['ratio']} ({s['ratio_steady']} steady; per-run median "
        f"{s['ratio_per_run_median']}); median of {s['runs']}, N={s['articles']}, jobs={s['jobs']}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    sys.exit(main())
