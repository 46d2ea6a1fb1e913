"""HTTP load driver for the portal on 127.0.0.1: a fixed mix of distinct search/browse requests.

    .venv/bin/python bench/load.py --port 8765 --size 10000 [--concurrency 1 4] [--duration 300]
    .venv/bin/python bench/load.py --list            # print the request mix and exit

The mix (``request_mix``) is deterministic: >= 72 distinct URLs, none repeated within a pass,
over the JSON API ``/api/articles/?q=...`` and the HTML ``/search/?q=...`` (common words, rare
words, AND, OR, phrases, exclusions, ``title:``, grouping, facet filters by slug and by name,
months, from/to ranges, sorts, deep pages 20 and 50, page_size 100), plus ``/`` (home),
``/search/`` browsing without a query, and the entity pages (slugs from
fixtures/policy_entities.json). Reporter and outlet names come from the first articles of the
bench corpus. Each concurrency level (1 and 4 clients by default) makes one pass over the mix
in the same order, clients sharing a queue, each with its own keep-alive connection; so the
4-client pass repeats the 1-client pass's URLs (PostgreSQL's cache is warm then; the
portal's page cache is off for the bench: ``run.sh`` starts the server with
``PAGE_CACHE_SECONDS=0``). Bounded: stops taking requests after ``--duration`` seconds or
``--max-requests``; every request has ``--timeout``. Standard library only; loopback only.

Reports per request type and overall: count, non-200 counts by status, p50/p95/p99/max ms, and
requests/s per pass.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import queue
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, percentile, write_json

LOOPBACK = {"127.0.0.1", "localhost", "::1"}

COMMON = ["AI", "인공지능", "정부", "기업"]
RARE = ["임우형", "이홍락", "유찰", "리벨리온", "솔트룩스", "김영섬", "엑사원"]
AND = ["배경훈 국가AI컴퓨팅센터", "정부 GPU", "카카오 네이버", "하정우 데이터"]
OR = ["카카오 OR 업스테이지", "엑사원 OR 하이퍼클로바X", "리벨리온 OR 솔트룩스"]
PHRASE = ['"독자 AI 파운데이션 모델"', '"국가 파운데이션 모델"', '"AI 생태계"']
EXCLUDE = ["배경훈 -카카오", "LG -엑사원", "AI -정부"]
TITLE = ["title:하정우", "title:AI", "title:배경훈 GPU"]
GROUP = ["(카카오 OR 네이버) -배경훈", "(GPU OR 데이터센터) 정부"]


def corpus_names(size: int | None, corpus: Path | None) -> tuple[list[str], list[str]]:
    """The three most frequent reporters and outlets among the corpus's first 1,000 articles."""
    from corpus import corpus_dir, records

    directory = corpus or (corpus_dir(size) if size else None)
    if not directory or not directory.exists():
        return ["장유미"], ["연합뉴스", "지디넷코리아"]
    reporters: collections.Counter[str] = collections.Counter()
    outlets: collections.Counter[str] = collections.Counter()
    for rec in records(directory, 1000):
        reporters.update(rec.get("reporters") or [])
        outlets[rec["outlet"]] += 1
    return [n for n, _ in reporters.most_common(3)], [n for n, _ in outlets.most_common(3)]


def request_mix(reporters: list[str], outlets: list[str]) -> list[tuple[str, str]]:
    """(type, path) pairs, distinct, in a fixed order that interleaves the types."""
    entities = json.loads((ROOT / "fixtures" / "policy_entities.json").read_text(encoding="utf-8"))[
        "entities"
    ]
    slugs = collections.defaultdict(list)
    for e in entities:
        slugs[e["kind"]].append(e["slug"])
    plural = {"person": "people", "programme": "programmes", "organisation": "organisations"}

    def api(**params) -> str:
        return "/api/articles/?" + urlencode(params, doseq=True)

    def page(**params) -> str:
        return "/search/?" + urlencode(params, doseq=True) if params else "/search/"

    groups: list[list[tuple[str, str]]] = [
        [("home", "/")],
        [("browse", page()), ("browse", page(sort="oldest")), ("browse", page(page=2)),
         ("browse", page(month="2025-06")), ("browse", page(person="bae-kyunghoon"))],
        [("entity", f"/{plural['person']}/bae-kyunghoon/")]
        + [("entity", f"/{plural['programme']}/{s}/") for s in slugs["programme"]]
        + [("entity", f"/{plural['person']}/{s}/") for s in slugs["person"] if s != "bae-kyunghoon"][:3]
        + [("entity", f"/{plural['organisation']}/{s}/") for s in slugs["organisation"][:2]],
        [("api_common", api(q=w)) for w in COMMON],
        [("search_common", page(q=w)) for w in COMMON],
        [("api_rare", api(q=w)) for w in RARE],
        [("search_rare", page(q=w)) for w in RARE[:4]],
        [("api_and", api(q=w)) for w in AND] + [("search_and", page(q=w)) for w in AND[:2]],
        [("api_or", api(q=w)) for w in OR] + [("search_or", page(q=OR[0]))],
        [("api_phrase", api(q=w)) for w in PHRASE] + [("search_phrase", page(q=PHRASE[0]))],
        [("api_exclude", api(q=w)) for w in EXCLUDE] + [("search_exclude", page(q=EXCLUDE[0]))],
        [("api_title", api(q=w)) for w in TITLE] + [("api_group", api(q=w)) for w in GROUP],
        [("api_facet", api(person="ha-jungwoo")), ("api_facet", api(programme=slugs["programme"][0])),
         ("api_facet", api(organisation="lg-ai-research")), ("api_facet", api(outlet=outlets[0])),
         ("api_facet", api(reporter=reporters[0])), ("api_facet", api(month="2025-06")),
         ("api_facet", api(q="정부", person="bae-kyunghoon", programme=slugs["programme"][-1])),
         ("api_facet", api(q="AI", outlet=outlets[:2])), ("api_facet", api(person=["bae-kyunghoon", "ha-jungwoo"])),
         ("api_facet", api(reporter=reporters[1:3] or reporters, sort="newest")),
         ("search_facet", page(q="AI", person="ha-jungwoo")), ("search_facet", page(outlet=outlets[-1], month="2026-03")),
         ("search_facet", page(q="정부", organisation="naver", programme=slugs["programme"][0]))],
        [("api_date", api(q="AI", **{"from": "2025-06-01", "to": "2025-06-30"})),
         ("api_date", api(q="정부", **{"from": "2021-01-01", "to": "2022-12-31"})),
         ("api_date", api(**{"from": "2026-01-01", "to": "2026-11-30"}, sort="oldest")),
         ("api_date", api(q="배경훈", **{"from": "2025-01-01"})),
         ("search_date", page(q="기업", **{"from": "2024-01-01", "to": "2024-12-31"}))],
        [("api_sort", api(q="인공지능", sort="newest")), ("api_sort", api(q="기업", sort="oldest")),
         ("api_sort", api(q="GPU", sort="relevance")), ("search_sort", page(q="정부", sort="newest"))],
        [("api_deep", api(q="AI", page=20)), ("api_deep", api(q="정부", page=50)),
         ("api_deep", api(page=50)), ("search_deep", page(q="기업", page=20)), ("search_deep", page(page=50)),
         ("api_page100", api(q="인공지능", page_size=100)), ("api_page100", api(q="데이터", page_size=100, page=3))],
    ]  # fmt: skip
    # Round-robin across the groups so every stretch of the pass mixes the types.
    mix: list[tuple[str, str]] = []
    seen: set[str] = set()
    for row in __import__("itertools").zip_longest(*groups):
        for item in row:
            if item and item[1] not in seen:
                seen.add(item[1])
                mix.append(item)
    return mix


class Client(threading.Thread):
    def __init__(self, host: str, port: int, work: queue.Queue, out: list, timeout: float, deadline: float):
        super().__init__(daemon=True)
        self.host, self.port, self.work, self.out, self.timeout, self.deadline = (
            host,
            port,
            work,
            out,
            timeout,
            deadline,
        )
        self.conn: http.client.HTTPConnection | None = None

    def run(self) -> None:
        while time.monotonic() < self.deadline:
            try:
                kind, path = self.work.get_nowait()
            except queue.Empty:
                return
            self.out.append((kind, path, *self.fetch(path)))
        if self.conn:
            self.conn.close()

    def fetch(self, path: str) -> tuple[str, float, int]:
        started = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.conn.request("GET", path, headers={"Accept-Encoding": "identity"})
            resp = self.conn.getresponse()
            body = resp.read()
            status = str(resp.status)
            if resp.getheader("Connection", "").lower() == "close":
                self.conn.close()
                self.conn = None
            return status, time.perf_counter() - started, len(body)
        except (OSError, http.client.HTTPException) as exc:
            if self.conn:
                self.conn.close()
            self.conn = None
            return f"error:{type(exc).__name__}", time.perf_counter() - started, 0


def summarise(rows: list[tuple[str, str, str, float, int]]) -> dict:
    def stats(sel) -> dict:
        ms = [r[3] * 1000 for r in sel]
        bad = collections.Counter(r[2] for r in sel if r[2] != "200")
        return {
            "n": len(sel),
            "non_200": dict(bad),
            "p50_ms": round(percentile(ms, 50), 1) if ms else None,
            "p95_ms": round(percentile(ms, 95), 1) if ms else None,
            "p99_ms": round(percentile(ms, 99), 1) if ms else None,
            "max_ms": round(max(ms), 1) if ms else None,
            "mean_bytes": round(sum(r[4] for r in sel) / len(sel)) if sel else None,
        }

    by_type = collections.defaultdict(list)
    for r in rows:
        by_type[r[0]].append(r)
    return {"overall": stats(rows), "by_type": {k: stats(v) for k, v in sorted(by_type.items())}}


def run_pass(
    mix, *, host: str, port: int, concurrency: int, timeout: float, duration: float, max_requests: int
) -> dict:
    work: queue.Queue = queue.Queue()
    for item in mix[:max_requests]:
        work.put(item)
    out: list = []
    deadline = time.monotonic() + duration
    started = time.perf_counter()
    clients = [Client(host, port, work, out, timeout, deadline) for _ in range(concurrency)]
    for c in clients:
        c.start()
    for c in clients:
        c.join(timeout=duration + timeout + 10)
    wall = time.perf_counter() - started
    result = summarise(out)
    result.update(
        concurrency=concurrency,
        requests=len(out),
        not_run=work.qsize(),
        wall_seconds=round(wall, 2),
        requests_per_s=round(len(out) / wall, 2) if wall else None,
        slowest=[
            {"path": p, "ms": round(s * 1000, 1), "status": st}
            for _, p, st, s, _ in sorted(out, key=lambda r: -r[3])[:5]
        ],
    )
    return result


def warm_up(host: str, port: int, n: int, timeout: float) -> None:
    """n parallel requests (not in the mix) so every worker has loaded Kiwi and opened its DB connection."""
    work: queue.Queue = queue.Queue()
    for i in range(n):
        work.put(("warm", "/api/articles/?" + urlencode({"q": f"워밍업{i}", "page_size": 1})))
    clients = [Client(host, port, work, [], timeout, time.monotonic() + 120) for _ in range(n)]
    for c in clients:
        c.start()
    for c in clients:
        c.join(timeout=timeout + 130)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8000)
    ap.add_argument("--size", type=int, help="corpus size, for reporter/outlet names")
    ap.add_argument("--corpus", type=Path, help="corpus directory instead of --size")
    ap.add_argument("--concurrency", type=int, nargs="+", default=[1, 4])
    ap.add_argument("--timeout", type=float, default=60, help="per request, seconds")
    ap.add_argument("--duration", type=float, default=300, help="per pass, seconds")
    ap.add_argument("--max-requests", type=int, default=10_000, help="per pass")
    ap.add_argument("--warmup", type=int, default=8, help="parallel warm-up requests (0: none)")
    ap.add_argument("--list", action="store_true", help="print the mix and exit")
    ap.add_argument("--json", type=Path, help="also write the result here")
    args = ap.parse_args(argv)
    if args.host not in LOOPBACK:
        ap.error("the load driver only talks to the loopback interface")
    reporters, outlets = corpus_names(args.size, args.corpus)
    mix = request_mix(reporters, outlets)
    if args.list:
        for kind, path in mix:
            print(f"{kind:15} {path}")
        print(f"{len(mix)} distinct requests", file=sys.stderr)
        return 0
    if args.warmup:
        warm_up(args.host, args.port, args.warmup, args.timeout)
    passes = [
        run_pass(mix, host=args.host, port=args.port, concurrency=c, timeout=args.timeout,
                 duration=args.duration, max_requests=args.max_requests)
        for c in args.concurrency
    ]  # fmt: skip
    result = {"distinct_requests": len(mix), "reporters": reporters, "outlets": outlets, "passes": passes}
    if args.json:
        write_json(args.json, result)
    for p in passes:
        o = p["overall"]
        print(
            f"load c={p['concurrency']}: {p['requests']} requests in {p['wall_seconds']}s ({p['requests_per_s']}/s), "
            f"p50 {o['p50_ms']} p95 {o['p95_ms']} p99 {o['p99_ms']} max {o['max_ms']} ms, non-200 {o['non_200'] or 0}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
