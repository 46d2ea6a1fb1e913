"""Latency of the analyses (associated words, the co-mention network, attention, compare) on a bench
archive: in the service (the selectors, no HTTP) and through a running server (the JSON API and the
analysis page), for a common word and for the whole archive. Exact counts at every size: nothing
samples, so the figures are the cost of counting everything.

    EMBEDDED_PG_DB=archive_bench_100000 .venv/bin/python bench/analyses.py --service --json out.json
    .venv/bin/python bench/analyses.py --port 8765 --json out.json     # a server on loopback

Each request is timed ``--repeat`` times after one warm-up; p50, p95 and max per request.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import percentile, write_json  # noqa: E402

# (name, query string): a common word (in most of the bench's articles), the whole archive, and a
# narrower search with a filter.
SEARCHES = [
    ("common word", "q=" + quote("배경훈")),
    ("whole archive", ""),
    ("word + outlet + year", "q=" + quote("GPU") + "&from=2024-01-01&to=2024-12-31"),
]
ANALYSES = [
    ("words", "words/", ""),
    ("network", "network/", "&max_nodes=50&min_edge=2"),
    ("attention month", "attention/", "&interval=month"),
    ("attention week", "attention/", "&interval=week"),
]


def _requests() -> list[tuple[str, str]]:
    out = [
        (f"{a} · {s}", f"/api/analysis/{path}?{query}{extra}")
        for s, query in SEARCHES
        for a, path, extra in ANALYSES
    ]
    out.append(
        ("compare 3 · searches", "/api/analysis/compare/?" + "&".join(
            "search=" + quote(q) for q in ("q=배경훈", "q=하정우", "q=GPU")) + "&interval=month"),
    )  # fmt: skip
    out += [(f"page · {s}", f"/analysis/?{query}") for s, query in SEARCHES[:2]]
    return out


def _summary(samples: list[float]) -> dict:
    return {
        "n": len(samples),
        "p50_ms": round(percentile(samples, 50), 1),
        "p95_ms": round(percentile(samples, 95), 1),
        "max_ms": round(max(samples), 1),
    }


def _service(repeat: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.prod")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    import django

    django.setup()
    from django.http import QueryDict

    from articles.search.analyses import ANALYSES as DEFINED
    from portal.api.analysis import analysis_run

    out = {}
    for name, url in _requests():
        if url.startswith("/analysis/"):
            continue  # pages are timed through the server
        analysis = DEFINED[url.split("/")[3]]
        data = QueryDict(url.split("?", 1)[1])
        analysis_run(analysis, data)  # warm-up: Kiwi for the query, the index's pages
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            analysis_run(analysis, data)
            samples.append((time.perf_counter() - started) * 1000)
        out[name] = _summary(samples)
        print(f"service {name:40} p50 {out[name]['p50_ms']:8.1f} p95 {out[name]['p95_ms']:8.1f}", flush=True)
    return out


def _server(port: int, repeat: int) -> dict:
    out = {}
    for name, url in _requests():
        full = f"http://127.0.0.1:{port}{url}"
        urllib.request.urlopen(full, timeout=120).read()
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            with urllib.request.urlopen(full, timeout=120) as response:
                response.read()
            samples.append((time.perf_counter() - started) * 1000)
        out[name] = _summary(samples)
        print(f"server  {name:40} p50 {out[name]['p50_ms']:8.1f} p95 {out[name]['p95_ms']:8.1f}", flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--service", action="store_true", help="time the selectors in this process")
    parser.add_argument("--port", type=int, help="time a server on 127.0.0.1:PORT")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    result = {}
    if args.service:
        result["service"] = _service(args.repeat)
    if args.port:
        result["server"] = _server(args.port, args.repeat)
    if args.json:
        write_json(args.json, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
