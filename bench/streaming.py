"""Streaming ingest of large JSON Lines files: time and memory (RSS over time) of `manage.py ingest`.

    .venv/bin/python bench/streaming.py                       # 1 GiB read/parse + 20,000 ingested
    .venv/bin/python bench/streaming.py --gib 0.1 --ingest 2000 --runs 1   # a quick check

1. Generates (deterministic, seeded) a JSON Lines file of at least ``--gib`` GiB of distinct
   articles (``bench/data/stream-<gib>g.jsonl``) and one of ``--ingest`` articles.
2. Baseline: a bare Python process reading the big file line by line (no JSON, no Django).
3. ``manage.py ingest --dry-run`` on the big file: every line read, decoded, parsed into an article
   and counted through the same stream reader the ingest uses, nothing written (``--runs`` times,
   median). RSS of the process sampled every 0.25 s from /proc.
4. ``manage.py ingest`` of the ``--ingest`` articles into an empty bench database
   (``archive_bench_stream``), batches of 500, RSS sampled every 0.25 s.

Writes ``bench/results/streaming.json`` and ``bench/STREAMING.md`` (``--report`` rewrites the
page from the JSON alone). Like the rest of
the bench it talks to the project only through ``manage.py`` and the cluster's socket.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    BENCH,
    DATA,
    PY,
    RESULTS,
    ROOT,
    article_count,
    machine_facts,
    manage,
    project_env,
    recreate_db,
    write_json,
)

DB = "archive_bench_stream"
SAMPLE_SECONDS = 0.25

AGENCIES = (
    "과학기술정보통신부",
    "산업통상자원부",
    "행정안전부",
    "교육부",
    "중소벤처기업부",
    "개인정보보호위원회",
    "금융위원회",
)
TOPICS = (
    "AI 반도체",
    "데이터센터",
    "AI 인재 양성",
    "공공 AI 서비스",
    "AI 윤리 기준",
    "초거대 AI",
    "AI 의료기기",
    "자율주행",
)
VERBS = ("밝혔다", "발표했다", "설명했다", "강조했다", "전했다", "덧붙였다")
OUTLETS = (
    "연합뉴스",
    "뉴시스",
    "전자신문",
    "지디넷코리아",
    "아주경제",
    "매일경제",
    "한국경제",
    "디지털타임스",
)
NAMES = ("김민수", "이지은", "박성우", "최유진", "정하늘", "강도현", "윤서연", "임재원")


def _article(n: int, rng: random.Random, paragraphs: int) -> dict:
    agency, topic = AGENCIES[n % len(AGENCIES)], TOPICS[(n // 7) % len(TOPICS)]
    body = []
    for p in range(paragraphs):
        sentences = [
            f"{rng.choice(AGENCIES)}는 {rng.choice(TOPICS)} 분야에 {rng.randint(1, 900)}억 원을 투입하는 "
            f"{n}호 과제의 {p + 1}단계 계획을 {rng.choice(VERBS)}."
            for _ in range(rng.randint(2, 5))
        ]
        body.append(" ".join(sentences))
    day = f"{2019 + n % 7}-{n % 12 + 1:02d}-{n % 28 + 1:02d}"
    return {
        "title": f"{agency}, {topic} {n}호 과제 {n * 7 % 900 + 10}억 원 지원",
        "body": "\n\n".join(body),
        "outlet": OUTLETS[n % len(OUTLETS)],
        "published_at": f"{day}T{n % 24:02d}:{n % 60:02d}:00",
        "reporters": [NAMES[n % len(NAMES)]],
        "url": f"https://example.org/stream/{n}",
    }


def generate(path: Path, *, articles: int | None = None, min_bytes: int = 0, paragraphs: int = 6) -> dict:
    """Write distinct articles until ``articles`` are written or the file holds ``min_bytes``."""
    if path.exists() and path.with_suffix(".done").exists():
        return json.loads(path.with_suffix(".done").read_text())
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20)
    n = size = 0
    with path.open("w", encoding="utf-8") as out:
        while (articles is not None and n < articles) or (articles is None and size < min_bytes):
            line = json.dumps(_article(n, rng, paragraphs), ensure_ascii=False) + "\n"
            out.write(line)
            size += len(line.encode())
            n += 1
    facts = {"articles": n, "bytes": path.stat().st_size}
    path.with_suffix(".done").write_text(json.dumps(facts))
    return facts


def _rss_kb(pid: int, field: str = "VmRSS") -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_sampled(cmd: list[str], *, env: dict[str, str] | None = None, max_seconds: float = 0) -> dict:
    """Run ``cmd``, sampling its RSS; returns seconds, the samples (s, MiB) and its output's tail.

    With ``max_seconds``, a run still going then is killed and returned as ``partial``."""
    log = DATA / "streaming.log"
    started = time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        samples: list[tuple[float, float]] = []
        anon: list[tuple[float, float]] = []
        partial = False
        while process.poll() is None:
            now = round(time.perf_counter() - started, 2)
            if max_seconds and now > max_seconds:
                process.kill()
                process.wait()
                partial = True
                break
            samples.append((now, round(_rss_kb(process.pid) / 1024, 1)))
            anon.append((now, round(_rss_kb(process.pid, "RssAnon") / 1024, 1)))
            time.sleep(SAMPLE_SECONDS)
    seconds = time.perf_counter() - started
    lines = log.read_text(errors="replace").splitlines()
    if process.returncode != 0 and not partial:
        raise SystemExit(f"{cmd} failed ({process.returncode}):\n" + "\n".join(lines[-20:]))
    return {
        "seconds": round(seconds, 2),
        "samples": samples,
        "anon": anon,
        "output": lines[-2000:],
        "partial": partial,
    }


def _memory(samples: list[tuple[float, float]]) -> dict:
    """Peak RSS, and RSS at 10/50/90 % of the run: flat memory means the last three agree."""
    rss = [m for _, m in samples if m > 0]
    if not rss:
        return {}
    at = {f"rss_at_{p}pct_mib": rss[min(len(rss) - 1, len(rss) * p // 100)] for p in (10, 50, 90)}
    return {"peak_rss_mib": max(rss), **at, "samples": len(rss)}


BASELINE = (
    "import sys\nn = 0\nwith open(sys.argv[1], 'rb') as f:\n    for line in f:\n        n += 1\nprint(n)\n"
)


def _series(samples: list[list[float]]) -> str:
    return ", ".join(f"{t:.0f} s: {m:.0f}" for t, m in samples)


def report(result: dict) -> str:
    """bench/STREAMING.md from a run's JSON."""
    m, big, small = result["machine"], result["big_file"], result["ingest_file"]
    base, parse, ingest = result["read_baseline"], result["read_parse"], result["ingest"]
    return f"""# Streaming ingest of large files

`bench/streaming.py` (run by hand: `.venv/bin/python bench/streaming.py`) measures what
`manage.py ingest` does with a JSON Lines dump too large for one transaction or for memory: the
file is read as a stream (`articles/ingest/stream.py`) and filed in batches of
{result["args"]["batch"]} articles, each its own transaction (`articles/services/streaming.py`).
RSS is sampled from `/proc/<pid>/status` every {SAMPLE_SECONDS} s. The kill-and-resume behaviour is
tested, not timed: `tests/articles/test_bad_input_processes.py` kills `manage.py ingest` with SIGKILL
mid-file and checks that the run started again files exactly the lines it had missed, none twice.

**Machines:** 2-core machines of one kind (23.5 GiB, Python {m["python"]}, PostgreSQL
{m["postgresql"]}, kiwipiepy {m["kiwipiepy"]}); each ingest run below names its CPU and load. The
read/parse pass ran on a machine shared with other jobs (load average ~10), so its times are
several times what a quiet machine gives; memory figures do not depend on the load.{_runs_note(result)}

**Data:** generated, seeded, distinct articles (title, 6 or 4 paragraphs of 2–5 sentences, outlet,
date and time, reporter, URL): {big["articles"]:,} articles in {big["bytes"] / 2**30:.2f} GiB for the
read/parse pass, {small["articles"]:,} articles ({small["bytes"] / 2**20:.0f} MiB) for the ingest.

## Read and parse: {big["bytes"] / 2**30:.2f} GiB, {big["articles"]:,} articles

| pass | seconds | articles/s | MiB/s | peak RSS (MiB) | RSS at 10 / 50 / 90 % of the run (MiB) |
|---|---|---|---|---|---|
| baseline: bare Python reading the lines (no JSON, no Django) | {base["median_seconds"]:.1f} | — | {big["bytes"] / 2**20 / base["median_seconds"]:.0f} | {base["peak_rss_mib"]:.0f} | {base["rss_at_10pct_mib"]:.0f} / {base["rss_at_50pct_mib"]:.0f} / {base["rss_at_90pct_mib"]:.0f} |
| `manage.py ingest --dry-run`: hashed, every line decoded and parsed into an article, nothing written | {parse["median_seconds"]:.1f} | {parse["articles_per_second"]:,} | {parse["mib_per_second"]} | {parse["peak_rss_mib"]:.0f} | {parse["rss_at_10pct_mib"]:.0f} / {parse["rss_at_50pct_mib"]:.0f} / {parse["rss_at_90pct_mib"]:.0f} |

Memory is flat: the process holds one record (and one batch) at a time, whatever the file's size.
RSS over the dry run (seconds: MiB): {_series(parse["series"])}.

## Ingest: {small["articles"]:,} articles in one command

`manage.py ingest -v 2 --batch {result["args"]["batch"]}` into an empty database (production
settings), in one command; before streaming the same file died with `out of shared memory …
max_locks_per_transaction` (one transaction, two advisory locks per story). RSS is the process's
whole resident memory, `RssAnon` the part that is not mapped from files (heaps, Python's objects,
Kiwi's own allocator); the first seconds are Django and the Kiwi model loading (~400 MiB). Since
memory is now given back after each batch, it rises during a batch and falls at its end, so the
RSS read at 10/50/90 % of the run depends on where in a batch that instant falls; the lowest
`RssAnon` in each tenth of the run is what stays from batch to batch (the first tenth holds the
start, before Kiwi is loaded).

{_ingest_table(result)}

**Before** (commit 45ab4d8) RSS only ever grew, ~10-13 KiB per article, all of it anonymous
memory, not the search index's mapped files (two 3,000-article probes then: the same growth with
`SEARCH_BACKEND=postgres`), and the probes below show why: glibc kept what filing a batch freed (its heap's free bytes grew, its bytes in use did not),
and Python's small-object allocator kept 1 MiB arenas pinned by the few objects each batch leaves
alive (cache entries, ids): `strace -k` showed the growing anonymous mapping made of
`_PyObject_ArenaMmap` calls while Python's allocated blocks stayed flat. **Now** the streaming
service calls `malloc_trim(0)` after each committed batch
(`articles.services.streaming.release_freed_memory`): what remains between batches grows
{_floor_growth(ingest)}, against ~10-13 KiB per article of RSS before; the peaks within a batch
(up to the peak above) come and go. Running the command under `PYTHONMALLOC=malloc` as well (so
that Python's objects are glibc's, trimmed with the rest) looked flatter over 4,000 articles (the
probes) but kept no less over 20,000 (the middle row: its floors are read from the 41 samples kept
of that run), so the command keeps Python's allocator. What still grows between batches is
Python's arenas (above) and the caches that fill as new words come (the lexeme normaliser's
65,536 forms, +2 per article on this data; the report's first 10,000 ids): bounded, but not yet
full at 20,000 articles.

RSS over the run (seconds: MiB): {_series(ingest["series"])}.

`RssAnon` over the run (seconds: MiB): {_series(ingest["anon_series"])}.

What the command printed (every 8th progress line):

```
{chr(10).join(ingest["progress"])}
{chr(10).join(ingest["summary"])}
```

{_probes_section()}

{_peaks_section()}

## Not measured here

{_hundred_k(result)}
"""


_LONG = ("series", "anon_series", "progress", "progress_all")


def _floors(run: dict) -> str:
    floors = run.get("anon_floor_per_tenth_mib")
    return " / ".join(f"{m:.0f}" for m in floors) if floors else "—"


def _floor_growth(run: dict) -> str:
    floors = run.get("anon_floor_per_tenth_mib")
    if not floors or len(floors) < 10:
        return "(not recorded)"
    mib = floors[9] - floors[4]
    return (
        f"from {floors[4]:.0f} MiB in the run's fifth tenth to {floors[9]:.0f} MiB in its last "
        f"({mib * 1024 / (0.5 * run['articles_stored']):.1f} KiB per article over the second half)"
    )


def _ingest_table(result: dict) -> str:
    rows = [
        ("before: the command at commit 45ab4d8", result.get("ingest_before")),
        (
            "`malloc_trim` after each batch and `PYTHONMALLOC=malloc` (tried, not kept)",
            result.get("ingest_system_malloc"),
        ),
        ("now: `malloc_trim` after each batch (the command as it is)", result.get("ingest")),
    ]
    out = [
        "| run | machine, date, load average | seconds (articles/s) | peak RSS | RSS at 10 / 50 / 90 % | "
        "`RssAnon` at 10 / 50 / 90 % | lowest `RssAnon` in each tenth of the run |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, run in rows:
        if not run:
            continue
        machine = run.get("machine") or result["machine"]
        date = f"{machine['cpu_model'].split(' Processor')[0]}, {machine['date'][:10]}"
        load = run.get("load_average")
        load_text = f"{load[0]} at the start, {run['load_average_after'][0]} at the end" if load else "~10"
        anon = (
            f"{run['anon_at_10pct_mib']:.0f} / {run['anon_at_50pct_mib']:.0f} / {run['anon_at_90pct_mib']:.0f}"
            if "anon_at_10pct_mib" in run
            else "—"
        )
        out.append(
            f"| {name} | {date}, {load_text} | {run['seconds']:.0f} ({run['articles_per_second']}) | "
            f"{run['peak_rss_mib']:.0f} | {run['rss_at_10pct_mib']:.0f} / {run['rss_at_50pct_mib']:.0f} / "
            f"{run['rss_at_90pct_mib']:.0f} | {anon} | {_floors(run)} |"
        )
    return (
        "\n".join(out)
        + "\n\nMiB throughout. The load came from other jobs on the machine; it changed during the runs."
    )


def _probes_section() -> str:
    path = RESULTS / "ingest_memory.json"
    if not path.exists():
        return ""
    data = json.loads(path.read_text())
    lines = [
        "## Where the memory went: 4,000-article probes",
        "",
        "`bench/ingest_memory.py` runs `manage.py ingest` of 4,000 generated articles (8 batches) under a",
        "launcher that reads, after each batch, `RssAnon` and glibc's `mallinfo2()` (bytes in use and free",
        "in its heaps), and can change the allocator. Slope: least squares of `RssAnon` over articles from",
        "the second batch on. These runs were made on the code before this change (commit 45ab4d8), the",
        "variants added by the launcher; one run each except where listed twice; the machine was shared",
        "(load average 4-10 at their ends), so the seconds are not comparable.",
        "",
        "| variant | `RssAnon` after batch 1 → 8 (MiB) | slope (MiB per 1,000 articles) | glibc bytes in use, free: change over the run (MiB) | seconds |",
        "|---|---|---|---|---|",
    ]
    names = {
        "baseline": "as it was",
        "mi-collect": "`mi_collect(true)` after each batch (Kiwi's own mimalloc)",
        "arena2": "`MALLOC_ARENA_MAX=2`",
        "trim": "`malloc_trim(0)` after each batch",
        "arena2-trim": "`MALLOC_ARENA_MAX=2` and `malloc_trim(0)`",
        "norm-clear-trim": "`malloc_trim(0)` and the lexeme normaliser's cache emptied after each batch",
        "pymalloc-off-trim": "`PYTHONMALLOC=malloc` and `malloc_trim(0)`",
        "pymalloc-off-arena2-trim": "`PYTHONMALLOC=malloc`, `MALLOC_ARENA_MAX=2` and `malloc_trim(0)`",
    }
    for run in data["runs"]:
        if run["variant"] not in names or "PROBE_TRACEMALLOC" in run["env"] or len(run["rows"]) < 8:
            continue
        if run.get("commit") != "45ab4d8":
            continue
        first, last = run["rows"][0], run["rows"][-1]
        lines.append(
            f"| {names[run['variant']]} | {first['RssAnon'] / 1024:.0f} → {last['RssAnon'] / 1024:.0f} | "
            f"{run['slope_rss_anon_mib_per_1000']} | {(last['in_use_kb'] - first['in_use_kb']) / 1024:+.0f}, "
            f"{(last['free_kb'] - first['free_kb']) / 1024:+.0f} | {run['seconds']:.0f} |"
        )
    lines += [
        "",
        "glibc's bytes in use stay flat (~72 MiB) in every variant while its free bytes grow: freed",
        "memory kept, not live objects. `malloc_trim` stops that part (its heap's free bytes still grow,",
        "but are no longer resident); what then still grows is one anonymous mapping made of Python's",
        "1 MiB object arenas (`/proc/<pid>/smaps` after each batch, the mmap calls under `strace -k`),",
        "with Python's allocated blocks flat (`sys.getallocatedblocks()`): arenas kept by a few live",
        "objects each. Emptying the one cache that grows per article (`_norm`'s, +2 entries per article,",
        "`tracemalloc`) does not change it; taking Python's objects off its own allocator did over these",
        "4,000 articles, but not over 20,000 (above), so it was not kept.",
        "`MALLOC_ARENA_MAX=2` does not help (worse with `PYTHONMALLOC=malloc`); Kiwi's own allocator",
        "(mimalloc, linked into `_kiwipiepy`) commits no more over the run and `mi_collect` changes",
        "nothing.",
    ]
    return "\n".join(lines)


def _peaks_section() -> str:
    """The 20,000-article probes with PROBE_STEPS=1: the highest RssAnon within each batch, by step."""
    path = RESULTS / "ingest_memory.json"
    if not path.exists():
        return ""
    runs = [r for r in json.loads(path.read_text())["runs"] if r["env"].get("PROBE_STEPS") == "1"]
    if not runs:
        return ""
    lines = [
        "## Peaks within a batch: where they came from",
        "",
        "`bench/ingest_memory.py --articles 20000 --env PROBE_PHASES=1 --env PROBE_STEPS=1`: a thread",
        "reads `RssAnon` every 10 ms and keeps the highest value seen in each step of a batch. The",
        "peak grew with the archive in the step that reads near-duplicate candidates",
        "(`NearDuplicateFinder`) and in the comparisons after it, not in the search index's sync: the",
        "candidates were every article of the outlet between the earliest and the latest date of the",
        "batch, and a batch of a file in no date order spans years. They are now only the articles",
        "sharing a key with a new one of their outlet within that article's own week. MiB:",
        "",
        "| commit | floor after batch 1 → 40 | peak in the batch at 5,000 / 10,000 / 20,000 articles | peak while the candidates are read | seconds |",
        "|---|---|---|---|---|",
    ]
    for run in runs:
        rows = {row["articles"]: row for row in run["rows"]}
        at = [rows.get(n) for n in (5000, 10000, 20000)]
        if not all(at) or not run["rows"]:
            continue
        peaks = " / ".join(f"{max(v for k, v in r.items() if k.startswith('peak_')) / 1024:.0f}" for r in at)
        finder = " / ".join(f"{r.get('peak_NearDuplicateFinder_kb', 0) / 1024:.0f}" for r in at)
        first, last = run["rows"][0], run["rows"][-1]
        lines.append(
            f"| {run.get('commit', '')} | {first['RssAnon'] / 1024:.0f} → {last['RssAnon'] / 1024:.0f} | "
            f"{peaks} | {finder} | {run['seconds']:.0f} |"
        )
    return "\n".join(lines)


def _hundred_k(result: dict) -> str:
    run = result.get("ingest_100k")
    if not run:
        return (
            "- A 100,000-article ingest: not run (hours of the shared cores at this machine's rate); the\n"
            "  dry run above streams the big file through the same reader and parser with flat memory."
        )
    partial = bool(run.get("partial"))
    heading = (
        "- A 100,000-article ingest to the end (the partial run below).\n\n## Ingest of 100,000 articles: partial"
        if partial
        else "- Nothing else: the 100,000-article file below ran to its end.\n\n## Ingest of 100,000 articles"
    )
    state = (
        f"stopped after {run['seconds']:.0f} s (a time limit, the deadline of the measurement, not a failure)"
        if partial
        else f"finished in {run['seconds']:.0f} s"
    )
    part = "Only the part that ran" if partial else "The whole run"
    text = f"""{heading}

The same command on a file of 100,000 generated articles ({run["file"]["bytes"] / 2**20:.0f} MiB),
{state}: {run["articles_stored"]:,} articles stored ({run["articles_per_second"]} articles/s, load
average {run["load_average"][0]} at the start, {run["load_average_after"][0]} at the end). {part}:

| run | machine, load average | articles stored (articles/s) | peak RSS | RSS at 10 / 50 / 90 % of the part that ran | `RssAnon` at 10 / 50 / 90 % | lowest `RssAnon` in each tenth of it |
|---|---|---|---|---|---|---|
{_hundred_k_row(result.get("ingest_100k_before"), "before: near-duplicate candidates by each outlet's date span (commit a65388e; stopped by its 2,300 s limit)")}
{_hundred_k_row(run, "now")}

Between batches `RssAnon` grows {_floor_growth(run)}. {_peaks_sentence(run)}

`RssAnon` over the part that ran (seconds: MiB): {_series(run["anon_series"])}.

Progress (every 8th line): {"; ".join(line.split(": ", 1)[-1] for line in run["progress"])}.
"""
    return (
        text if partial else text.replace("the part that ran", "the run").replace("of it |", "of the run |")
    )


def _runs_note(result: dict) -> str:
    runs = result["args"]["runs"]
    return f" Read/parse figures are medians of {runs} runs." if runs > 1 else ""


def _hundred_k_row(run: dict | None, name: str) -> str:
    if not run:
        return ""
    machine = run.get("machine") or {}
    load = run.get("load_average") or ["?"]
    return (
        f"| {name} | {machine.get('cpu_model', '?').split(' Processor')[0]}, {load[0]} at the start, "
        f"{(run.get('load_average_after') or ['?'])[0]} at the end | {run['articles_stored']:,} "
        f"({run['articles_per_second']}) | {run['peak_rss_mib']:.0f} | {run['rss_at_10pct_mib']:.0f} / "
        f"{run['rss_at_50pct_mib']:.0f} / {run['rss_at_90pct_mib']:.0f} | {run['anon_at_10pct_mib']:.0f} / "
        f"{run['anon_at_50pct_mib']:.0f} / {run['anon_at_90pct_mib']:.0f} | {_floors(run)} |"
    )


def _peaks_sentence(run: dict) -> str:
    values = [m for _, m in run["anon_series"] if m > 0]
    if not values:
        return ""
    half = values[len(values) // 2 :]
    return (
        f"Within a batch `RssAnon` rises to at most {max(values):.0f} MiB over the run and "
        f'{max(half):.0f} MiB over its second half (the samples below; "Peaks within a batch" above '
        "for what made them grow before)."
    )


def _ingest(small: Path, batch: int, env: dict[str, str], max_seconds: float = 0) -> dict:
    """``manage.py ingest`` of ``small`` into the empty bench database, RSS and RssAnon sampled."""
    ingest = run_sampled(
        [PY, "manage.py", "ingest", "-v", "2", "--batch", str(batch), str(small)],
        env=env,
        max_seconds=max_seconds,
    )
    stored = article_count(DB)
    anon = _memory(ingest["anon"])
    # The lowest RssAnon in each tenth of the run: what stays between batches (their peaks come and go).
    values = [m for _, m in ingest["anon"] if m > 0]
    tenth = max(1, len(values) // 10)
    floors = [min(values[i : i + tenth]) for i in range(0, tenth * 10, tenth) if values[i : i + tenth]]
    return {
        "anon_floor_per_tenth_mib": floors,
        "seconds": ingest["seconds"],
        "articles_stored": stored,
        "articles_per_second": round(stored / ingest["seconds"], 1),
        **_memory(ingest["samples"]),
        **{k.replace("rss_", "anon_"): v for k, v in anon.items() if k.startswith("rss_at")},
        "series": ingest["samples"][:: max(1, len(ingest["samples"]) // 40)],
        "anon_series": ingest["anon"][:: max(1, len(ingest["anon"]) // 40)],
        "progress": [line for line in ingest["output"] if ", ETA " in line][::8],
        "summary": ingest["output"][-1:],
        "partial": ingest["partial"],
        "pythonmalloc": env.get("PYTHONMALLOC", ""),
    }


def _ingest_again(args: argparse.Namespace) -> None:
    """``--ingest-only``: the ingest alone, into the JSON beside the read/parse figures kept."""
    result = json.loads((RESULTS / "streaming.json").read_text())
    result.setdefault("ingest_before", {**result["ingest"], "machine": result["machine"]})
    small = DATA / f"stream-{args.ingest}.jsonl"
    facts = generate(small, articles=args.ingest, paragraphs=4)
    recreate_db(DB)
    manage("migrate", "--noinput", "-v", "0", db=DB)
    env = project_env(DB, settings="portal.settings.prod", LOG_LEVEL="WARNING")
    load = Path("/proc/loadavg").read_text().split()[:3]
    run = _ingest(small, args.batch, env, args.max_seconds)
    run.update(
        file=facts,
        load_average=load,
        load_average_after=Path("/proc/loadavg").read_text().split()[:3],
        machine=machine_facts(),
    )
    if args.label:
        result[f"ingest_{args.label}"] = run
    else:
        result["ingest"], result["ingest_file"] = run, facts
    print("ingest:", {k: v for k, v in run.items() if k not in _LONG}, flush=True)
    write_json(RESULTS / "streaming.json", result)
    (BENCH / "STREAMING.md").write_text(report(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gib", type=float, default=1.0, help="size of the read/parse file (GiB)")
    parser.add_argument("--ingest", type=int, default=20000, help="articles actually ingested")
    parser.add_argument("--runs", type=int, default=2, help="runs of the read/parse pass (median)")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--report", action="store_true", help="only rewrite STREAMING.md from the JSON")
    parser.add_argument(
        "--ingest-only",
        action="store_true",
        help="run only the ingest again; the read/parse figures and the previous ingest (as the "
        "'before') are kept from the JSON",
    )
    parser.add_argument(
        "--as", dest="label", default="", help="with --ingest-only: keep the run as ingest_<label>"
    )
    parser.add_argument("--max-seconds", type=float, default=0, help="kill the ingest then (partial run)")
    args = parser.parse_args()
    if args.report:
        (BENCH / "STREAMING.md").write_text(report(json.loads((RESULTS / "streaming.json").read_text())))
        return
    if args.ingest_only:
        _ingest_again(args)
        return

    result: dict = {"machine": machine_facts(), "args": vars(args)}
    big = DATA / f"stream-{args.gib:g}g.jsonl"
    result["big_file"] = generate(big, min_bytes=int(args.gib * 2**30))
    print("big file:", result["big_file"], flush=True)
    small = DATA / f"stream-{args.ingest}.jsonl"
    result["ingest_file"] = generate(small, articles=args.ingest, paragraphs=4)
    print("ingest file:", result["ingest_file"], flush=True)

    recreate_db(DB)
    manage("migrate", "--noinput", "-v", "0", db=DB)
    # Under the production settings, as a deployment ingests (no DEBUG query log).
    env = project_env(DB, settings="portal.settings.prod", LOG_LEVEL="WARNING")

    baseline = [run_sampled([PY, "-c", BASELINE, str(big)]) for _ in range(args.runs)]
    dry = [
        run_sampled([PY, "manage.py", "ingest", "--dry-run", "-v", "1", str(big)], env=env)
        for _ in range(args.runs)
    ]
    result["read_baseline"] = {
        "median_seconds": statistics.median(r["seconds"] for r in baseline),
        **_memory(baseline[0]["samples"]),
    }
    result["read_parse"] = {
        "median_seconds": statistics.median(r["seconds"] for r in dry),
        "runs": [r["seconds"] for r in dry],
        "articles_per_second": round(
            result["big_file"]["articles"] / statistics.median(r["seconds"] for r in dry)
        ),
        "mib_per_second": round(
            result["big_file"]["bytes"] / 2**20 / statistics.median(r["seconds"] for r in dry), 1
        ),
        **_memory(dry[0]["samples"]),
        "series": dry[0]["samples"][:: max(1, len(dry[0]["samples"]) // 40)],
        "output": dry[0]["output"][-3:],
    }
    print("read/parse:", {k: v for k, v in result["read_parse"].items() if k != "series"}, flush=True)

    load = Path("/proc/loadavg").read_text().split()[:3]
    result["ingest"] = _ingest(small, args.batch, env)
    result["ingest"].update(
        file=result["ingest_file"],
        load_average=load,
        load_average_after=Path("/proc/loadavg").read_text().split()[:3],
    )
    print("ingest:", {k: v for k, v in result["ingest"].items() if k not in _LONG}, flush=True)
    write_json(RESULTS / "streaming.json", result)
    (BENCH / "STREAMING.md").write_text(report(result))


if __name__ == "__main__":
    main()
