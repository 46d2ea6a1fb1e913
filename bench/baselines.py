"""Non-Kiwi search baselines on a loaded bench database: speed, and agreement with a reference.

    .venv/bin/python bench/baselines.py --db archive_bench_10000 --port 8765       # reference from the API
    .venv/bin/python bench/baselines.py --db archive_bench_10000 --reference ids.json
    .venv/bin/python bench/baselines.py --db archive_bench_10000 --no-reference    # timings only

Per query of a query list (plain words; space = AND) and per method:

  simple  ``to_tsvector('simple', title || ' ' || subtitle || ' ' || body) @@ plainto_tsquery('simple', q)``, served
          by an expression GIN index the bench creates in its own database (``--no-index``: on
          the fly, a sequential scan);
  ilike   ``(title || ' ' || subtitle || ' ' || body) ILIKE '%word%'`` for every word, ANDed
          (sequential scan);

(the subtitle is included because the project searches it too: without it every subtitle-only
match would count against the baselines' recall);

each query runs ``--repeat`` times (ids fetched) for p50/p95 ms, and its id set is compared with
the reference set: recall = |found & ref| / |ref|, precision = |found & ref| / |found|. Both
baselines see only what readers see (``status = 'published' AND merged_into_id IS NULL``, the
project's "readable" articles), like the reference.

Reference sets come from the caller: ``--reference FILE`` (JSON ``{query: [ids...]}``), or the
running portal: ``GET /api/articles/export/?format=jsonl&q=...`` (every match), falling back to
paging ``GET /api/articles/?q=...&page_size=100`` (at most ``--max-pages``; a reference cut short
is marked ``truncated`` and gets no recall/precision). Library use: ``run_baselines(...)``.

Reads the table ``articles_article`` (Django's default name for articles.Article) with psycopg
over the embedded cluster's socket.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PG_PORT, PG_USER, SOCKET_DIR, percentile, write_json

TABLE = "articles_article"
READABLE = "status = 'published' AND merged_into_id IS NULL"
DOC = "(title || ' ' || subtitle || ' ' || body)"  # what the project's search reads too
INDEX = "bench_simple_fts_tsb_gin"  # title, subtitle, body
QUERIES = [
    "배경훈", "배경훈이", "하정우", "임우형", "국가AI컴퓨팅센터", "컴퓨팅센터", "독자 AI 파운데이션 모델",
    "엑사원", "유찰", "카카오 네이버", "GPU 정부", "업스테이지", "인공지능", "데이터센터",
]  # fmt: skip


def connect(db: str):
    import psycopg

    return psycopg.connect(host=SOCKET_DIR, port=PG_PORT, user=PG_USER, dbname=db, autocommit=True)


def ensure_index(conn) -> float:
    """Create the expression GIN index for the simple baseline; returns seconds spent (0 if present)."""
    t0 = time.perf_counter()
    with conn.cursor() as cur:
        cur.execute(f"SELECT 1 FROM pg_indexes WHERE indexname = '{INDEX}'")
        if cur.fetchone():
            return 0.0
        cur.execute(f"CREATE INDEX {INDEX} ON {TABLE} USING gin (to_tsvector('simple', {DOC}))")
        cur.execute(f"ANALYZE {TABLE}")
    return time.perf_counter() - t0


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def sql_for(method: str, query: str) -> tuple[str, list]:
    if method == "simple":
        return (
            f"SELECT id FROM {TABLE} WHERE {READABLE} AND to_tsvector('simple', {DOC}) @@ plainto_tsquery('simple', %s)",
            [query],
        )
    if method == "ilike":
        words = query.replace('"', " ").split()
        cond = " AND ".join(f"{DOC} ILIKE %s" for _ in words) or "TRUE"
        return f"SELECT id FROM {TABLE} WHERE {READABLE} AND {cond}", [_like(w) for w in words]
    raise ValueError(method)  # fmt: skip


def time_query(conn, method: str, query: str, repeat: int) -> tuple[set[int], list[float]]:
    sql, params = sql_for(method, query)
    seconds, ids = [], set()
    with conn.cursor() as cur:
        for _ in range(repeat):
            t0 = time.perf_counter()
            cur.execute(sql, params)
            ids = {row[0] for row in cur.fetchall()}
            seconds.append(time.perf_counter() - t0)
    return ids, seconds


def _get(host: str, port: int, path: str, timeout: float) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def reference_ids(query: str, *, host: str, port: int, max_pages: int = 50, timeout: float = 120) -> dict:
    """The portal's answer for ``query``: export (all ids), else API pages. {ids, count, truncated, via}."""
    status, body = _get(
        host, port, "/api/articles/export/?" + urlencode({"format": "jsonl", "q": query}), timeout
    )
    if status == 200:
        ids = [json.loads(line)["id"] for line in body.decode("utf-8").splitlines() if line.strip()]
        return {"ids": ids, "count": len(ids), "truncated": False, "via": "export"}
    ids, count = [], None
    for page in range(1, max_pages + 1):
        status, body = _get(
            host, port, "/api/articles/?" + urlencode({"q": query, "page_size": 100, "page": page}), timeout
        )
        if status != 200:
            break
        data = json.loads(body)
        count = data.get("count", count)
        ids.extend(r["id"] for r in data.get("results", []))
        if len(ids) >= (count or 0) or not data.get("results"):
            break
    return {"ids": ids, "count": count, "truncated": count is not None and len(ids) < count, "via": "api"}


def run_baselines(
    db: str,
    queries: list[str],
    *,
    references: dict[str, dict] | None = None,
    methods: tuple[str, ...] = ("simple", "ilike"),
    repeat: int = 5,
    index: bool = True,
) -> dict:
    """Time every (method, query) and score it against ``references[query]['ids']`` when given."""
    conn = connect(db)
    index_seconds = ensure_index(conn) if index and "simple" in methods else None
    with conn.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {TABLE} WHERE {READABLE}")
        readable = cur.fetchone()[0]
    rows = []
    for query in queries:
        ref = (references or {}).get(query)
        for method in methods:
            ids, seconds = time_query(conn, method, query, repeat)
            ms = [s * 1000 for s in seconds]
            row = {
                "query": query,
                "method": method,
                "found": len(ids),
                "p50_ms": round(percentile(ms, 50), 2),
                "p95_ms": round(percentile(ms, 95), 2),
            }
            if ref is not None:
                ref_ids = set(ref["ids"])
                row["reference"] = ref.get("count", len(ref_ids))
                if not ref.get("truncated"):
                    hit = len(ids & ref_ids)
                    row["recall"] = round(hit / len(ref_ids), 3) if ref_ids else None
                    row["precision"] = round(hit / len(ids), 3) if ids else None
                else:
                    row["truncated_reference"] = True
            rows.append(row)
    conn.close()
    return {
        "db": db,
        "readable_articles": readable,
        "repeat": repeat,
        "simple_index": index,
        "index_build_seconds": round(index_seconds, 1) if index_seconds is not None else None,
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--queries", nargs="+", default=QUERIES)
    ap.add_argument("--reference", type=Path, help="JSON {query: [ids]} instead of asking the portal")
    ap.add_argument("--no-reference", action="store_true")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8000, help="the running portal, for reference sets")
    ap.add_argument("--max-pages", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-index", action="store_true", help="simple baseline without the GIN index")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    if args.host not in {"127.0.0.1", "localhost", "::1"}:
        ap.error("reference sets are read from a portal on the loopback interface only")
    references = None
    ref_seconds = None
    if args.reference:
        references = {
            q: {"ids": ids, "count": len(ids)} for q, ids in json.loads(args.reference.read_text()).items()
        }
    elif not args.no_reference:
        t0 = time.perf_counter()
        references = {
            q: reference_ids(q, host=args.host, port=args.port, max_pages=args.max_pages)
            for q in args.queries
        }
        ref_seconds = round(time.perf_counter() - t0, 1)
    result = run_baselines(
        args.db, args.queries, references=references, repeat=args.repeat, index=not args.no_index
    )
    result["reference_seconds"] = ref_seconds
    if references:
        result["reference_via"] = sorted({r.get("via", "file") for r in references.values()})
    if args.json:
        write_json(args.json, result)
    print(
        f"{'query':28} {'method':7} {'found':>6} {'ref':>6} {'recall':>6} {'prec':>6} {'p50ms':>8} {'p95ms':>8}"
    )
    for r in result["rows"]:

        def fmt(v):
            return "-" if v is None else f"{v:.2f}" if isinstance(v, float) else str(v)

        print(f"{r['query']:28} {r['method']:7} {r['found']:>6} {fmt(r.get('reference')):>6} {fmt(r.get('recall')):>6} "
              f"{fmt(r.get('precision')):>6} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
