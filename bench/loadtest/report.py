"""Summarise a locust run (bench/loadtest/run.sh) for bench/RESULTS.md.

    .venv/bin/python bench/loadtest/report.py --dir bench/data/loadtest --users 50 --articles 20000 \\
        --workers 4 [--json bench/results/loadtest.json]

Reads locust's ``locust_stats.csv`` and ``locust_failures.csv`` and the server's memory
(bench/memory.py's JSON), prints a Markdown table per request type (count, failures, median, p95,
p99, max in ms, requests/s) and writes the same as JSON.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import sys
from pathlib import Path


def _machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor() or "?",
    )  # fmt: skip
    import os

    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dir", type=Path, required=True)
    ap.add_argument("--users", type=int, required=True)
    ap.add_argument("--articles", type=int, required=True)
    ap.add_argument("--workers", type=int, required=True)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    rows = list(csv.DictReader((args.dir / "locust_stats.csv").open(encoding="utf-8")))
    failures_file = args.dir / "locust_failures.csv"
    failures = list(csv.DictReader(failures_file.open(encoding="utf-8"))) if failures_file.exists() else []
    memory_file = args.dir / "memory.json"
    memory = json.loads(memory_file.read_text()) if memory_file.exists() else {}

    def figures(row: dict) -> dict:
        return {
            "name": row["Name"],
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
            "p99_ms": float(row["99%"]),
            "max_ms": float(row["Max Response Time"]),
            "rps": round(float(row["Requests/s"]), 2),
        }

    per_type = [figures(r) for r in rows if r["Name"] != "Aggregated"]
    total = next((figures(r) for r in rows if r["Name"] == "Aggregated"), None)
    result = {
        "machine": _machine(),
        "users": args.users,
        "articles": args.articles,
        "workers": args.workers,
        "total": total,
        "per_type": per_type,
        "failures": failures,
        "server_memory": {k: memory.get(k) for k in ("total_rss_mib", "total_pss_mib")},
    }
    print(f"{args.users} users, {args.articles:,} articles, {args.workers} workers; {result['machine']}")
    print("| request | count | failures | p50 ms | p95 ms | p99 ms | max ms | req/s |")
    print("|---|---|---|---|---|---|---|---|")
    for f in [*sorted(per_type, key=lambda f: -f["requests"]), *([total] if total else [])]:
        print(
            f"| {f['name']} | {f['requests']} | {f['failures']} | {f['p50_ms']:.0f} | {f['p95_ms']:.0f} "
            f"| {f['p99_ms']:.0f} | {f['max_ms']:.0f} | {f['rps']} |"
        )
    for failure in failures:
        print(f"failure: {failure}")
    if memory:
        print(
            f"server memory after the run: PSS {memory['total_pss_mib']} MiB, RSS {memory['total_rss_mib']} MiB"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0 if total and total["failures"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
