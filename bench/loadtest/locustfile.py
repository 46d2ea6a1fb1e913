"""The load test's users (`make loadtest`; bench/loadtest/run.sh starts locust with this file).

Each simulated reader has its own address, sent as X-Forwarded-For to a server started with
TRUSTED_PROXY_COUNT=1, as readers behind a reverse proxy would be: the per-client rate limits then
apply per reader, as in production, rather than to the whole test as one client.

The mix, by weight: searches with and without facets (HTML and JSON), browsing, article pages,
entity pages, the home page, the analysis and comparison pages and their API (associated words,
the co-mention network, attention over time, compared searches), the feed, and now and then an
export of a search result. The search
URLs are bench/load.py's fixed mix (common and rare words, AND/OR, phrases, exclusions, title:,
facets, date ranges, sorts, deep pages), so the load test and the latency benchmark ask the same
questions. Article ids and facet values come from the archive itself at the start.

Two user classes: ``Reader`` (the mix; think time LOADTEST_WAIT, "1 3" seconds by default, "0 0"
for the capacity pass without pauses) and ``FacetReader`` (one client, no pause: the search page
with a query and a filter in every facet group, a different URL each time, so none is answered from
the page cache: the cost of building and rendering it).
"""

from __future__ import annotations

import collections
import datetime as dt
import itertools
import json
import os
import random
import sys
from pathlib import Path
from urllib.parse import urlencode

from locust import HttpUser, between, constant, events, task

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from load import COMMON, RARE, request_mix  # bench/load.py

EXPORTS = [
    "q=유찰&month=2025-06",
    "q=리벨리온&person=ha-jungwoo",
    "q=솔트룩스&from=2026-01-01",
    "q=엑사원&organisation=lg-ai-research&from=2025-06-01&to=2025-12-31",
]
ANALYSIS_WORDS = ["배경훈", "하정우", "GPU", "반도체", "엑사원", "정부"]
MIX: dict[str, list[str]] = {}
ARTICLE_IDS: list[int] = []
FACET_URLS: list[str] = []
_addresses = itertools.count(1)
_facet_urls = itertools.count()
_low, _high = (float(x) for x in os.environ.get("LOADTEST_WAIT", "1 3").split())


def _analysis_paths() -> dict[str, list[str]]:
    q = [urlencode({"q": w}) for w in ANALYSIS_WORDS]
    compared = [
        urlencode([("search", f"q={a}"), ("search", f"q={b}")]) for a, b in itertools.pairwise(ANALYSIS_WORDS)
    ]
    return {
        "analysis": [f"/analysis/?{x}" for x in q] + [f"/analysis/compare/?{x}" for x in compared],
        "api_analysis": [
            f"/api/analysis/{name}/?{x}" for name in ("words", "network", "attention") for x in q
        ]
        + [f"/api/analysis/compare/?{x}" for x in compared],
    }


def _facet_urls_for(outlets: list[str], reporters: list[str]) -> list[str]:
    """Search pages with a query and a value in every facet group, all distinct."""
    people = ["bae-kyunghoon", "ha-jungwoo"]
    organisations = ["naver", "lg-ai-research", "kakao"]
    urls = []
    for word in COMMON + RARE:
        for outlet in outlets:
            for person in people:
                for organisation in organisations:
                    params = {"q": word, "outlet": outlet, "person": person, "organisation": organisation}
                    urls.append("/search/?" + urlencode(params))
                    urls.append(
                        "/search/?" + urlencode(params | {"reporter": reporters[0], "from": "2024-01-01"})
                    )
    return urls


PAGE_CACHE: collections.Counter = collections.Counter()


@events.request.add_listener
def _page_cache(name, response=None, **kwargs) -> None:
    """What the server's page cache answered (portal/ops/page_cache.py's X-Page-Cache: hit, miss,
    304; none when the page is not cached, as before that cache existed)."""
    if response is not None:
        PAGE_CACHE[(name, response.headers.get("X-Page-Cache", "none"))] += 1


@events.quitting.add_listener
def _page_cache_report(environment, **kwargs) -> None:
    path = os.environ.get("LOADTEST_TALLY")
    if path:
        rows = [{"name": n, "page_cache": k, "count": c} for (n, k), c in sorted(PAGE_CACHE.items())]
        Path(path).write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")


@events.test_start.add_listener
def _read_the_archive(environment, **kwargs) -> None:
    """Article ids, outlets and reporters from the archive under test, once, before the users start."""
    import urllib.request

    def get(path: str) -> dict:
        request = urllib.request.Request(
            environment.host + path, headers={"X-Forwarded-For": "10.255.255.254"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)

    articles = get("/api/articles/?page_size=100&sort=newest")["results"]
    articles += get("/api/articles/?page_size=100&sort=oldest")["results"]
    ARTICLE_IDS.extend(a["id"] for a in articles)
    outlets = sorted({a["outlet"]["slug"] for a in articles if a.get("outlet")})[:3] or ["unknown"]
    reporters = sorted({r for a in articles for r in a.get("reporters") or []})[:3] or ["홍길동"]
    for kind, path in request_mix(reporters, outlets):
        group = "api" if path.startswith("/api/") else kind.split("_")[0]
        MIX.setdefault(group, []).append(path)
    MIX.update(_analysis_paths())
    FACET_URLS.extend(_facet_urls_for(outlets, reporters))
    random.Random(21).shuffle(FACET_URLS)


class Reader(HttpUser):
    """A researcher or journalist reading the archive in a browser, and sometimes from a script."""

    wait_time = between(_low, _high) if _high > 0 else constant(0)

    def on_start(self) -> None:
        n = next(_addresses)
        self.client.headers["X-Forwarded-For"] = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"

    def _get(self, path: str, name: str) -> None:
        self.client.get(path, name=name)

    @task(5)
    def search(self) -> None:
        self._get(random.choice(MIX["search"]), "search page")

    @task(2)
    def browse(self) -> None:
        self._get(random.choice(MIX["browse"]), "browse")

    @task(4)
    def article(self) -> None:
        self._get(f"/articles/{random.choice(ARTICLE_IDS)}/", "article page")

    @task(2)
    def entity(self) -> None:
        self._get(random.choice(MIX["entity"]), "entity page")

    @task(1)
    def home(self) -> None:
        self._get("/", "home")

    @task(3)
    def api(self) -> None:
        self._get(random.choice(MIX["api"]), "API search")

    @task(1)
    def api_article(self) -> None:
        self._get(f"/api/articles/{random.choice(ARTICLE_IDS)}/", "API article")

    @task(1)
    def analysis(self) -> None:
        self._get(random.choice(MIX["analysis"]), "analysis page")

    @task(1)
    def api_analysis(self) -> None:
        self._get(random.choice(MIX["api_analysis"]), "API analysis")

    @task(1)
    def feed(self) -> None:
        self._get("/search/feed/?q=" + random.choice(["AI", "정부", "반도체", "배경훈"]), "feed")

    @task(1)
    def export(self) -> None:
        # A researcher's export of one narrowed search (136 to 1,133 rows on the 20k archive), not
        # the whole archive: that one is measured on its own in bench/RESULTS.md.
        query = random.choice(EXPORTS)
        self._get(f"/api/articles/export/?format=csv&{query}", "export")


class FacetReader(HttpUser):
    """One client asking, without pause, for search pages with a filter in every facet group."""

    wait_time = constant(0)

    def on_start(self) -> None:
        self.client.headers["X-Forwarded-For"] = "10.254.254.254"

    @task
    def search_with_every_facet(self) -> None:
        # Never the same URL twice in a pass, however fast the server (a cached page is not what
        # this pass measures): past the end of the list, each round narrows the period by a day.
        n = next(_facet_urls)
        url = FACET_URLS[n % len(FACET_URLS)]
        if n >= len(FACET_URLS):
            url += "&to=" + (dt.date(2026, 12, 31) - dt.timedelta(days=n // len(FACET_URLS))).isoformat()
        self.client.get(url, name="search page, every facet")
