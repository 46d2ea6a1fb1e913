"""Where the streaming ingest's memory goes: anonymous RSS and glibc's heap after every batch.

    .venv/bin/python bench/ingest_memory.py --articles 3000 --variant baseline --variant trim

Each variant runs ``manage.py ingest -v 2 --batch 500`` of the same generated JSON Lines file
(``bench/streaming.py``'s articles) into an empty bench database (``archive_bench_memory``), under
the production settings, in a process started by a small launcher that can change the allocator
before Django loads:

- ``baseline``: the command as it is;
- ``arena2``: ``MALLOC_ARENA_MAX=2`` in the environment (glibc's arenas, at most two);
- ``trim``: ``malloc_trim(0)`` after every committed batch (patched in by the launcher);
- ``arena2-trim``: both;
- ``gc``: ``gc.collect()`` after every batch (Python's cycles, for comparison);
- ``mi-collect``: ``mi_collect(true)`` after every batch: Kiwi links its own mimalloc
  (``_kiwipiepy``'s exported ``mi_*`` functions), which glibc's ``mallinfo2`` does not see;
- ``mi-purge0``: ``MIMALLOC_PURGE_DELAY=0`` (mimalloc returns freed pages to the OS at once);
- ``norm-clear-trim``: ``trim`` and the lexeme normaliser's cache emptied after every batch;
- ``pymalloc-off``, ``pymalloc-off-trim``, ``pymalloc-off-arena2-trim``: ``PYTHONMALLOC=malloc``
  (Python's objects in glibc's heap, not in its own arenas), alone or with the above.

The launcher runs ``manage.py`` through ``runpy``; the streaming service's own ``malloc_trim``
after every batch is in the code it runs. ``--env PROBE_PHASES=1`` adds the highest `RssAnon` seen
in each phase of a batch (index sync, the rest of the batch, between batches), ``--env
PROBE_STEPS=1`` splits the batch by step (near-duplicate candidates, analysis, quotes);
``--env PROBE_SMAPS_DIR=dir`` copies ``/proc/self/smaps`` after every batch;
``--env PROBE_TRACEMALLOC=1 --env PROBE_TRACEMALLOC_LAST=n`` prints what Python allocated and kept
between the second batch and article ``n`` (slow).

After each batch the launcher writes one JSON line to stderr: ``RssAnon``/``RssFile`` from
``/proc/self/status``, glibc's ``mallinfo2()`` (bytes in use, free inside the heap, mmapped), the
threads alive and Python's object count. The slope is a least-squares line of ``RssAnon`` over
articles filed, from the second batch on (the first carries Kiwi's model and Django's imports).

Appends to ``bench/results/ingest_memory.json`` (``bench/STREAMING.md`` tabulates it). The launcher is the one place the bench reaches into
the project's code (by module name, to add the hook); the command itself is unchanged.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DATA, PY, RESULTS, ROOT, machine_facts, manage, project_env, recreate_db, write_json
from streaming import generate

DB = "archive_bench_memory"

LAUNCHER = r"""
import ctypes, gc, json, os, runpy, sys, threading, tracemalloc
if os.environ.get("PROBE_TRACEMALLOC") == "1":
    tracemalloc.start(int(os.environ.get("PROBE_TRACEMALLOC_FRAMES", "1")))
snapshots = []
libc = ctypes.CDLL("libc.so.6")
trim, collect = os.environ.get("PROBE_TRIM") == "1", os.environ.get("PROBE_GC") == "1"
mi_collect = os.environ.get("PROBE_MI_COLLECT") == "1"
mi = None  # Kiwi's own mimalloc, statically linked into _kiwipiepy and exporting its API

class Mallinfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]

libc.mallinfo2.restype = Mallinfo2

def status():
    out = {}
    for line in open("/proc/self/status"):
        key = line.split(":")[0]
        if key in ("RssAnon", "RssFile", "VmRSS"):
            out[key] = int(line.split()[1])
    return out

def mi_lib():
    global mi
    if mi is None:
        import _kiwipiepy
        mi = ctypes.CDLL(_kiwipiepy.__file__)
    return mi

def mi_commit_kb():
    v = [ctypes.c_size_t(0) for _ in range(8)]
    mi_lib().mi_process_info(*[ctypes.byref(x) for x in v])
    return v[5].value // 1024

def sample(articles, extra=None):
    if mi_collect:
        mi_lib().mi_collect(ctypes.c_bool(True))
    if os.environ.get("PROBE_NORM_CLEAR") == "1":
        _norm.cache_clear()
    if trim:
        libc.malloc_trim(0)
    if collect:
        gc.collect()
    m = libc.mallinfo2()
    row = {"articles": articles, **status(), "heap_kb": m.arena // 1024, "in_use_kb": m.uordblks // 1024,
           "free_kb": m.fordblks // 1024, "mmap_kb": m.hblkhd // 1024,
           "threads": threading.active_count(), "mi_commit_kb": mi_commit_kb(),
           "os_threads": len(os.listdir("/proc/self/task")), "objects": len(gc.get_objects()),
           "py_blocks": sys.getallocatedblocks(), "norm_cache": _norm.cache_info().currsize,
           **(extra or {})}
    print("PROBE " + json.dumps(row), file=sys.stderr, flush=True)
    if tracemalloc.is_tracing() and articles in (1000, int(os.environ.get("PROBE_TRACEMALLOC_LAST", "0"))):
        snapshots.append(tracemalloc.take_snapshot())
        if len(snapshots) == 2:
            key = "traceback" if tracemalloc.get_traceback_limit() > 1 else "lineno"
            for stat in snapshots[1].compare_to(snapshots[0], key)[:25]:
                print("TRACE", stat, file=sys.stderr, flush=True)
                if key == "traceback":
                    print("TRACE   " + " | ".join(stat.traceback.format()[-12:]), file=sys.stderr, flush=True)
    if os.environ.get("PROBE_SMAPS_DIR"):
        with open(os.path.join(os.environ["PROBE_SMAPS_DIR"], f"smaps-{articles}.txt"), "w") as out:
            out.write(open("/proc/self/smaps").read())

import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.prod")
django.setup()
from articles.services import streaming
from articles.korean.spelling import _norm
original = streaming._batch_file
done = [0]
# PROBE_PHASES=1: a thread reads RssAnon every 10 ms and keeps the highest value seen while the
# main thread was in each phase of a batch (the search index's sync, the rest of the batch, the
# time between batches), so a peak can be put down to the phase it happened in.
phase, peaks = ["between"], {}
if os.environ.get("PROBE_PHASES") == "1":
    def watch():
        import time
        while True:
            kb = status()["RssAnon"]
            key = phase[0]
            if kb > peaks.get(key, 0):
                peaks[key] = kb
            time.sleep(0.01)
    threading.Thread(target=watch, daemon=True).start()
    # The index is written when the batch's transaction commits (an on_commit callback).
    from articles.search.backends.tantivy import store
    original_sync = store._sync_now
    def sync_now(*args, **kwargs):
        phase[0] = "sync"
        try:
            return original_sync(*args, **kwargs)
        finally:
            phase[0] = "batch"
    store._sync_now = sync_now
    # Steps of filing a batch, each its own phase (with PROBE_STEPS=1).
    if os.environ.get("PROBE_STEPS") == "1":
        from articles.services import filing
        def phased(name):
            original = getattr(filing, name)
            def wrapper(*args, **kwargs):
                before = phase[0]
                phase[0] = name
                try:
                    return original(*args, **kwargs)
                finally:
                    phase[0] = before
            setattr(filing, name, wrapper)
        for name in ("NearDuplicateFinder", "articles_analysis_store", "quotes_refresh", "texts_analyse"):
            phased(name)
def batch_file(*args, **kwargs):
    phase[0] = "batch"
    n = original(*args, **kwargs)
    phase[0] = "between"
    done[0] += n
    row_peaks = {f"peak_{k}_kb": v for k, v in peaks.items()}
    peaks.clear()
    sample(done[0], row_peaks)
    return n
streaming._batch_file = batch_file
sys.argv = ["manage.py", *sys.argv[1:]]
runpy.run_path("manage.py", run_name="__main__")
"""

VARIANTS = {
    "baseline": {},
    "arena2": {"MALLOC_ARENA_MAX": "2"},
    "trim": {"PROBE_TRIM": "1"},
    "arena2-trim": {"MALLOC_ARENA_MAX": "2", "PROBE_TRIM": "1"},
    "gc": {"PROBE_GC": "1"},
    "mi-collect": {"PROBE_MI_COLLECT": "1"},
    "norm-clear-trim": {"PROBE_NORM_CLEAR": "1", "PROBE_TRIM": "1"},
    "pymalloc-off-trim": {"PYTHONMALLOC": "malloc", "PROBE_TRIM": "1"},
    "pymalloc-off": {"PYTHONMALLOC": "malloc"},
    "pymalloc-off-arena2-trim": {"PYTHONMALLOC": "malloc", "MALLOC_ARENA_MAX": "2", "PROBE_TRIM": "1"},
    "mi-purge0": {"MIMALLOC_PURGE_DELAY": "0"},
}


def slope_kib_per_article(rows: list[dict], key: str = "RssAnon") -> float:
    """Least-squares slope of ``key`` (KiB) over articles filed, from the second batch on."""
    pts = [(r["articles"], r[key]) for r in rows[1:]]
    if len(pts) < 2:
        return 0.0
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / den if den else 0.0


def run(variant: str, path: Path, extra_env: dict[str, str]) -> dict:
    recreate_db(DB)
    manage("migrate", "--noinput", "-v", "0", db=DB)
    env = project_env(DB, settings="portal.settings.prod", LOG_LEVEL="WARNING", **VARIANTS[variant])
    env.update(extra_env)
    started = time.perf_counter()
    proc = subprocess.run(
        [PY, "-c", LAUNCHER, "ingest", "-v", "2", "--batch", "500", str(path)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{variant} failed:\n{proc.stderr[-3000:]}\n{proc.stdout[-2000:]}")
    rows = [json.loads(line[6:]) for line in proc.stderr.splitlines() if line.startswith("PROBE ")]
    return {
        "variant": variant,
        "env": {**VARIANTS[variant], **extra_env},
        "seconds": round(seconds, 1),
        "rows": rows,
        "slope_rss_anon_mib_per_1000": round(slope_kib_per_article(rows) * 1000 / 1024, 1),
        "slope_in_use_mib_per_1000": round(slope_kib_per_article(rows, "in_use_kb") * 1000 / 1024, 1),
        "slope_free_mib_per_1000": round(slope_kib_per_article(rows, "free_kb") * 1000 / 1024, 1),
        "summary": proc.stdout.strip().splitlines()[-1:],
        "trace": [line[6:] for line in proc.stderr.splitlines() if line.startswith("TRACE ")],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--variant", action="append", choices=sorted(VARIANTS))
    parser.add_argument("--env", action="append", default=[], help="extra KEY=VALUE for every run")
    args = parser.parse_args()
    path = DATA / f"stream-{args.articles}.jsonl"
    generate(path, articles=args.articles, paragraphs=4)
    extra = dict(e.split("=", 1) for e in args.env)
    out = RESULTS / "ingest_memory.json"
    result = json.loads(out.read_text()) if out.exists() else {"runs": []}
    result["machine"] = machine_facts()
    for variant in args.variant or ["baseline"]:
        r = run(variant, path, extra)
        r["load_average"] = Path("/proc/loadavg").read_text().split()[:3]
        r["commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        result["runs"].append(r)
        last = r["rows"][-1] if r["rows"] else {}
        print(
            f"{variant} {r['env']}: {r['seconds']} s, RssAnon {r['rows'][0]['RssAnon'] // 1024} -> "
            f"{last.get('RssAnon', 0) // 1024} MiB, slope {r['slope_rss_anon_mib_per_1000']} MiB/1000 "
            f"(malloc in use {r['slope_in_use_mib_per_1000']}, free {r['slope_free_mib_per_1000']})",
            flush=True,
        )
        for row in r["rows"]:
            print("   ", row, flush=True)
        for line in r["trace"]:
            print("  trace:", line, flush=True)
        write_json(out, result)


if __name__ == "__main__":
    main()
