"""Memory of a server's process tree: RSS and PSS per process and in total.

    .venv/bin/python bench/memory.py <master-pid> [--json out.json]

Walks the tree under the given PID (children found through /proc/*/stat), reads ``Rss`` and
``Pss`` from /proc/<pid>/smaps_rollup (falling back to /proc/<pid>/status VmRSS when
smaps_rollup is unreadable), and prints one line per process plus totals. PSS shares pages that
gunicorn's forked workers have in common, so its total is the honest footprint; the RSS total
counts shared pages once per process.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _ppid_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        # comm may contain spaces and parentheses: the fields after the last ')' are fixed.
        fields = text[text.rindex(")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return children


def tree(pid: int) -> list[int]:
    children = _ppid_map()
    out, todo = [], [pid]
    while todo:
        p = todo.pop(0)
        out.append(p)
        todo.extend(sorted(children.get(p, [])))
    return out


def process_memory(pid: int) -> dict:
    info: dict = {"pid": pid, "rss_kb": None, "pss_kb": None}
    try:
        info["cmd"] = (
            Path(f"/proc/{pid}/cmdline")
            .read_bytes()
            .replace(b"\0", b" ")
            .decode(errors="replace")
            .strip()[:120]
        )
    except OSError:
        info["cmd"] = ""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("Rss", "Pss"):
                info[f"{key.lower()}_kb"] = int(rest.split()[0])
    except (OSError, ValueError):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    info["rss_kb"] = int(line.split()[1])
        except OSError:
            pass
    return info


def measure(pid: int) -> dict:
    procs = [process_memory(p) for p in tree(pid)]
    return {
        "root_pid": pid,
        "processes": procs,
        "total_rss_mib": round(sum(p["rss_kb"] or 0 for p in procs) / 1024, 1),
        "total_pss_mib": round(sum(p["pss_kb"] or 0 for p in procs) / 1024, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pid", type=int)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    if not Path(f"/proc/{args.pid}").exists():
        ap.error(f"no process {args.pid}")
    result = measure(args.pid)
    for p in result["processes"]:
        rss = f"{p['rss_kb'] / 1024:8.1f}" if p["rss_kb"] is not None else "       ?"
        pss = f"{p['pss_kb'] / 1024:8.1f}" if p["pss_kb"] is not None else "       ?"
        print(f"{p['pid']:>8} RSS {rss} MiB  PSS {pss} MiB  {p['cmd']}")
    print(f"   total RSS {result['total_rss_mib']:8.1f} MiB  PSS {result['total_pss_mib']:8.1f} MiB")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
