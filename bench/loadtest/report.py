"""Summarise a load test (bench/loadtest/run.sh) for bench/RESULTS.md.

    .venv/bin/python bench/loadtest/report.py --dir bench/data/loadtest --labels baseline current \\
        --passes readers capacity facets --users 50 --articles 20000 --workers 4 \\
        [--baseline REV] [--json bench/results/loadtest.json]

Reads, for each server (label) and pass, locust's ``locust_stats.csv`` and ``locust_failures.csv``,
the page cache's tally (``page_cache.json``, from the locustfile) and the server's memory
(bench/memory.py's JSON); prints one Markdown table per pass (each server's totals, and the ratio of
the last to the first) and one per request type for the readers pass, and writes the same as JSON.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
from pathlib import Path


def _machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor() or "?",
    )  # fmt: skip
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def _figures(row: dict) -> dict:
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


def _pass(directory: Path) -> dict | None:
    stats = directory / "locust_stats.csv"
    if not stats.exists():
        return None
    rows = list(csv.DictReader(stats.open(encoding="utf-8")))
    failures_file = directory / "locust_failures.csv"
    failures = list(csv.DictReader(failures_file.open(encoding="utf-8"))) if failures_file.exists() else []
    memory_file = directory / "memory.json"
    memory = json.loads(memory_file.read_text()) if memory_file.exists() else {}
    tally_file = directory / "page_cache.json"
    tally = json.loads(tally_file.read_text()) if tally_file.exists() else []
    answered: dict[str, int] = {}
    for row in tally:
        answered[row["page_cache"]] = answered.get(row["page_cache"], 0) + row["count"]
    return {
        "total": next((_figures(r) for r in rows if r["Name"] == "Aggregated"), None),
        "per_type": [_figures(r) for r in rows if r["Name"] != "Aggregated"],
        "failures": failures,
        "page_cache": answered,
        "server_memory": {k: memory.get(k) for k in ("total_rss_mib", "total_pss_mib")},
    }


def _ratio(after: float, before: float) -> str:
    return f"{after / before:.2f}×" if before else "–"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dir", type=Path, required=True)
    ap.add_argument("--labels", nargs="+", required=True)
    ap.add_argument("--passes", nargs="+", required=True)
    ap.add_argument("--users", type=int, required=True)
    ap.add_argument("--articles", type=int, required=True)
    ap.add_argument("--workers", type=int, required=True)
    ap.add_argument("--baseline", default="")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    def rev(name: str) -> str:
        out = subprocess.run(["git", "rev-parse", "--short", name], capture_output=True, text=True)
        return out.stdout.strip() or name

    result = {
        "machine": _machine(),
        "users": args.users,
        "articles": args.articles,
        "workers": args.workers,
        "revisions": {"current": rev("HEAD"), **({"baseline": rev(args.baseline)} if args.baseline else {})},
        "passes": {
            p: {label: _pass(args.dir / f"{label}-{p}") for label in args.labels} for p in args.passes
        },
    }
    print(f"{args.articles:,} articles, {args.workers} workers; {result['machine']}; {result['revisions']}")
    ok = True
    for name, servers in result["passes"].items():
        print(f"\n{name}:")
        print("| server | requests | failures | req/s | p50 ms | p95 ms | p99 ms | max ms | page cache |")
        print("|---|---|---|---|---|---|---|---|---|")
        for label, figures in servers.items():
            if not figures or not figures["total"]:
                print(f"| {label} | (no result) |||||||")
                ok = False
                continue
            t = figures["total"]
            ok = ok and t["failures"] == 0
            answered = ", ".join(f"{k} {v}" for k, v in sorted(figures["page_cache"].items()))
            print(
                f"| {label} | {t['requests']} | {t['failures']} | {t['rps']} | {t['p50_ms']:.0f} | {t['p95_ms']:.0f} "
                f"| {t['p99_ms']:.0f} | {t['max_ms']:.0f} | {answered} |"
            )
        done = [f["total"] for f in servers.values() if f and f["total"]]
        if len(done) == 2:
            before, after = done
            print(
                f"| after/before | | | {_ratio(after['rps'], before['rps'])} | {_ratio(after['p50_ms'], before['p50_ms'])} "
                f"| {_ratio(after['p95_ms'], before['p95_ms'])} | | | |"
            )
    readers = result["passes"].get("readers", {})
    for label, figures in readers.items():
        if not figures:
            continue
        print(f"\nreaders, {label}, per request type:")
        print("| request | count | failures | p50 ms | p95 ms | p99 ms | max ms | req/s |")
        print("|---|---|---|---|---|---|---|---|")
        for f in sorted(figures["per_type"], key=lambda f: -f["requests"]):
            print(
                f"| {f['name']} | {f['requests']} | {f['failures']} | {f['p50_ms']:.0f} | {f['p95_ms']:.0f} "
                f"| {f['p99_ms']:.0f} | {f['max_ms']:.0f} | {f['rps']} |"
            )
        for failure in figures["failures"]:
            print(f"failure: {failure}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
