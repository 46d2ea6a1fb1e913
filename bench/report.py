"""Merge one run's pieces into bench/results/<size>.json and print a summary.

    .venv/bin/python bench/report.py --size 10000 --dir bench/data/run-10000

Reads what bench/run.sh left in the run directory (ingest.json, ingest-archive.json, bulkload.json,
load-<backend>-w<N>.json, memory-<backend>-w<N>.json, service-<backend>.json, baselines.json; any
may be missing when a step failed or was skipped), adds the machine facts (common.machine_facts) and writes one
machine-readable file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import contextlib

from common import RESULTS, ROOT, machine_facts, write_json


def _load(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def build(size: int, run_dir: Path) -> dict:
    servers = {}
    for load in sorted(run_dir.glob("load-*-w*.json")):
        backend, workers = load.stem.removeprefix("load-").rsplit("-w", 1)
        servers[f"{backend}_workers_{workers}"] = {
            "backend": backend,
            "workers": int(workers),
            "load": _load(load),
            "memory": _load(run_dir / f"memory-{backend}-w{workers}.json"),
        }
    facts = machine_facts()
    with contextlib.suppress(OSError):
        facts["loadavg_at_report"] = Path("/proc/loadavg").read_text().split()[:3]
    return {
        "size": size,
        "machine": facts,
        "corpus": _load(ROOT / "bench" / "data" / f"corpus-{size}" / "manifest.json"),
        "ingest": _load(run_dir / "ingest.json"),
        "ingest_into_archive": _load(run_dir / "ingest-archive.json"),
        "bulkload": _load(run_dir / "bulkload.json"),
        "servers": servers,
        "service": {
            p.stem.removeprefix("service-"): _load(p) for p in sorted(run_dir.glob("service-*.json"))
        },
        "baselines": _load(run_dir / "baselines.json"),
        "analyses": {
            "service": (_load(run_dir / "analyses-service.json") or {}).get("service"),
            "server": (_load(run_dir / "analyses-server.json") or {}).get("server"),
        },
        "notes": (run_dir / "notes.txt").read_text(encoding="utf-8").splitlines()
        if (run_dir / "notes.txt").exists()
        else [],
    }


def summary(res: dict) -> str:
    lines = [
        f"== bench size {res['size']} ({res['machine'].get('cpu_model')}, nproc {res['machine'].get('nproc')}) =="
    ]
    for part in ("ingest", "ingest_into_archive"):
        for name, result in (res.get(part) or {}).items():
            s = result["summary"]
            lines.append(
                f"ingest {name:7} into {s.get('archive', 'empty')} ({s.get('articles_before', 0)} articles) "
                f"{s['ingest_per_s']:>7} articles/s ({s['ingest_steady_per_s']} without process start); "
                f"raw Kiwi {s['kiwi_per_s']}/s; ratio {s['ratio']} (steady {s['ratio_steady']}, "
                f"per-run median {s.get('ratio_per_run_median')})"
            )
    b = res.get("bulkload")
    if b:
        lines.append(
            f"bulk load     {b['articles']} articles in {b['load_seconds']} s, index built in {b['index_rebuild_seconds']} s"
        )
    for name, srv in res["servers"].items():
        mem = srv.get("memory") or {}
        for p in (srv.get("load") or {}).get("passes", []):
            o = p["overall"]
            lines.append(
                f"{name:13} c={p['concurrency']}  {p['requests']:>3} req {p['requests_per_s']:>6}/s  p50 {o['p50_ms']} p95 {o['p95_ms']} "
                f"p99 {o['p99_ms']} max {o['max_ms']} ms  non-200 {sum(o['non_200'].values()) if o['non_200'] else 0}"
            )
        if mem:
            lines.append(
                f"{name:13} memory RSS {mem.get('total_rss_mib')} MiB, PSS {mem.get('total_pss_mib')} MiB ({len(mem.get('processes', []))} processes)"
            )
    for backend, svc in (res.get("service") or {}).items():
        if svc:
            o = svc["overall"]
            lines.append(
                f"service {backend:5} {svc['requests']} requests, p50 {o['p50_ms']} p95 {o['p95_ms']} max {o['max_ms']} ms"
            )
    b = res.get("baselines")
    if b:
        for method in ("simple", "ilike"):
            rows = [r for r in b["rows"] if r["method"] == method]
            rec = [r["recall"] for r in rows if r.get("recall") is not None]
            p50 = sorted(r["p50_ms"] for r in rows)
            if rows:
                mean = f"{sum(rec) / len(rec):.2f}" if rec else "-"
                lines.append(
                    f"baseline {method:6} mean recall {mean} over {len(rec)} queries, median p50 {p50[len(p50) // 2]} ms"
                )
    for where, rows in (res.get("analyses") or {}).items():
        for name, r in (rows or {}).items():
            lines.append(
                f"analysis {where:7} {name:40} p50 {r['p50_ms']} p95 {r['p95_ms']} max {r['max_ms']} ms"
            )
    lines.extend(f"note: {n}" for n in res.get("notes", []))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, required=True)
    ap.add_argument("--dir", type=Path, required=True)
    ap.add_argument("--out", type=Path, help="default bench/results/<size>.json")
    args = ap.parse_args(argv)
    res = build(args.size, args.dir)
    out = args.out or RESULTS / f"{args.size}.json"
    write_json(out, res)
    print(summary(res))
    print(f"written: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
