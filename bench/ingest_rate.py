"""Ingest throughput: wall clock of ``manage.py ingest`` on bench articles, against raw Kiwi.

    .venv/bin/python bench/ingest_rate.py --size 10000 --articles 5000          # fresh DB, K articles
    .venv/bin/python bench/ingest_rate.py --size 10000 --rest --timeout 1800    # then the rest, same DB

Default: recreates the bench database ``archive_bench_<size>`` (embedded cluster, see
common.py), runs ``migrate`` and ``load_entities fixtures/policy_entities.json`` (not timed), then
times ``manage.py ingest <files>`` (subprocess, wall clock) on the first K articles of
bench/data/corpus-<size>/ (copied to bench/data/ingest-<size>-<K>/, 5,000 per file; byte-identical
to the corpus's own part files when K is a multiple of 5,000, so a later ``--rest`` skips them).
Raw Kiwi throughput (bench/kiwi_raw.py) on the same K articles is measured in the same run unless
``--kiwi-json`` gives one, and the ratio ingest/kiwi is reported.

``--rest`` keeps the database and ingests the whole corpus directory (files already ingested are
skipped by the project) with a time limit; on timeout the ingest is stopped and the articles that
landed (each file is one transaction) are counted.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DATA, PY, ROOT, article_count, manage, project_env, recreate_db, write_json
from corpus import PER_FILE, corpus_dir, parts, subset


def prepare_db(db: str) -> dict:
    """Empty database with the schema and the policy entities (the dictionary ingest tags with)."""
    t0 = time.perf_counter()
    recreate_db(db)
    manage("migrate", "--noinput", "-v", "0", db=db, timeout=900)
    t1 = time.perf_counter()
    manage("load_entities", str(ROOT / "fixtures" / "policy_entities.json"), "-v", "0", db=db, timeout=900)
    return {"migrate_seconds": round(t1 - t0, 1), "load_entities_seconds": round(time.perf_counter() - t1, 1)}


def run_ingest(files: list[Path], *, db: str, timeout: float, log: Path | None = None) -> dict:
    """Time ``manage.py ingest FILES``; stop it (its own process group only) after ``timeout`` s."""
    before = article_count(db)
    out = open(log, "w", encoding="utf-8") if log else subprocess.DEVNULL  # noqa: SIM115
    started = time.perf_counter()
    proc = subprocess.Popen(
        [PY, "manage.py", "ingest", *map(str, files)], cwd=ROOT, env=project_env(db),
        stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    timed_out = False
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    seconds = time.perf_counter() - started
    if log:
        out.close()
    added = article_count(db) - before
    return {
        "files": len(files),
        "articles_added": added,
        "seconds": round(seconds, 1),
        "articles_per_s": round(added / seconds, 2) if seconds else None,
        "exit_code": proc.returncode,
        "timed_out": timed_out,
        "log": str(log.relative_to(ROOT)) if log else None,
    }


def measure(size: int, *, articles: int, db: str, timeout: float, kiwi: dict | None, kiwi_runs: int) -> dict:
    directory = corpus_dir(size)
    setup = prepare_db(db)
    if articles % PER_FILE == 0 and len(parts(directory)) * PER_FILE >= articles:
        files = parts(directory)[: articles // PER_FILE]
    else:
        files = subset(directory, articles, DATA / f"ingest-{size}-{articles}")
    result = run_ingest(files, db=db, timeout=timeout, log=DATA / f"ingest-{size}-{articles}.log")
    if kiwi is None:
        from kiwi_raw import measure as kiwi_measure

        kiwi = kiwi_measure(directory, articles=articles, runs=kiwi_runs)
    ratio = result["articles_per_s"] / kiwi["articles_per_s"] if result["articles_per_s"] else None
    return {
        "db": db,
        "corpus": str(directory.relative_to(ROOT)),
        "articles_requested": articles,
        **setup,
        "ingest": result,
        "kiwi_raw": kiwi,
        "ratio_ingest_to_kiwi": round(ratio, 4) if ratio else None,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=10_000)
    ap.add_argument("--articles", type=int, default=5000, help="K: how many articles to time")
    ap.add_argument("--db", help="bench database (default archive_bench_<size>)")
    ap.add_argument("--timeout", type=float, default=3600, help="stop the ingest after this many seconds")
    ap.add_argument("--kiwi-json", type=Path, help="use this kiwi_raw.py result instead of measuring")
    ap.add_argument("--kiwi-runs", type=int, default=3)
    ap.add_argument("--rest", action="store_true", help="keep the database, ingest the whole corpus")
    ap.add_argument("--json", type=Path, help="also write the result here")
    args = ap.parse_args(argv)
    db = args.db or f"archive_bench_{args.size}"
    if args.rest:
        files = parts(corpus_dir(args.size))
        result = run_ingest(files, db=db, timeout=args.timeout, log=DATA / f"ingest-{args.size}-all.log")
        result["articles_in_db"] = article_count(db)
        result["db"] = db
    else:
        kiwi = json.loads(args.kiwi_json.read_text()) if args.kiwi_json else None
        result = measure(
            args.size,
            articles=args.articles,
            db=db,
            timeout=args.timeout,
            kiwi=kiwi,
            kiwi_runs=args.kiwi_runs,
        )
    if args.json:
        write_json(args.json, result)
    print(json.dumps(result, ensure_ascii=False))
    ing = result.get("ingest", result)
    line = (
        f"ingest: {ing['articles_added']} articles in {ing['seconds']}s = {ing['articles_per_s']} articles/s"
    )
    if "ratio_ingest_to_kiwi" in result:
        line += f"; kiwi raw {result['kiwi_raw']['articles_per_s']} articles/s; ratio {result['ratio_ingest_to_kiwi']}"
    if ing["timed_out"]:
        line += " (TIMED OUT)"
    print(line, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
