"""Search latency through the service alone (no HTTP, no template): the same request mix as
``load.py``, each request's query string parsed and answered by ``articles_search`` in-process.

    EMBEDDED_PG_DB=archive_bench_100000 SEARCH_BACKEND=tantivy .venv/bin/python bench/service.py --size 100000

Prints p50/p95/max per request type and overall; ``--json`` writes them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django

django.setup()

from common import percentile, write_json  # noqa: E402
from django.http import QueryDict  # noqa: E402
from load import corpus_names, request_mix  # noqa: E402

from articles.search.params import SearchParamError  # noqa: E402
from articles.search.request import search_request_parse  # noqa: E402
from articles.selectors.search import articles_search  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    reporters, outlets = corpus_names(args.size, args.corpus)
    mix = [
        (kind, path)
        for kind, path in request_mix(reporters, outlets)
        if urlsplit(path).path.startswith(("/api/articles/", "/search/"))
    ]
    articles_search(request=search_request_parse(QueryDict("q=워밍업")))  # Kiwi and the index open
    rows: dict[str, list[float]] = {}
    for kind, path in mix:
        data = QueryDict(urlsplit(path).query)
        started = time.perf_counter()
        try:
            articles_search(request=search_request_parse(data))
        except SearchParamError:
            continue
        rows.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
    every = [ms for values in rows.values() for ms in values]
    result = {
        "backend": os.environ.get("SEARCH_BACKEND", "tantivy"),
        "requests": len(every),
        "overall": {
            "p50_ms": round(statistics.median(every), 1),
            "p95_ms": round(percentile(every, 95), 1),
            "max_ms": round(max(every), 1),
        },
        "by_type": {
            k: {"n": len(v), "p50_ms": round(statistics.median(v), 1), "max_ms": round(max(v), 1)}
            for k, v in rows.items()
        },
    }
    print(
        f"service alone ({result['backend']}): {result['requests']} requests, p50 {result['overall']['p50_ms']} p95 {result['overall']['p95_ms']} max {result['overall']['max_ms']} ms"
    )
    if args.json:
        write_json(args.json, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
