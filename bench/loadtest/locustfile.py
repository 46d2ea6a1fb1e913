"""The load test's users (`make loadtest`; bench/loadtest/run.sh starts locust with this file).

Each simulated reader has its own address, sent as X-Forwarded-For to a server started with
TRUSTED_PROXY_COUNT=1, as readers behind a reverse proxy would be: the per-client rate limits then
apply per reader, as in production, rather than to the whole test as one client.

The mix, by weight: searches with and without facets (HTML and JSON), browsing, article pages,
entity pages, the home page, the feed, and now and then an export of a search result. The search
URLs are bench/load.py's fixed mix (common and rare words, AND/OR, phrases, exclusions, title:,
facets, date ranges, sorts, deep pages), so the load test and the latency benchmark ask the same
questions. Article ids and facet values come from the archive itself at the start.
"""

from __future__ import annotations

import itertools
import random
import sys
from pathlib import Path

from locust import HttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from load import request_mix  # bench/load.py

EXPORTS = [
    "q=유찰&month=2025-06",
    "q=리벨리온&person=ha-jungwoo",
    "q=솔트룩스&from=2026-01-01",
    "q=엑사원&organisation=lg-ai-research&from=2025-06-01&to=2025-12-31",
]
MIX: dict[str, list[str]] = {}
ARTICLE_IDS: list[int] = []
_addresses = itertools.count(1)


@events.test_start.add_listener
def _read_the_archive(environment, **kwargs) -> None:
    """Article ids, outlets and reporters from the archive under test, once, before the users start."""
    import json
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


class Reader(HttpUser):
    """A researcher or journalist reading the archive in a browser, and sometimes from a script."""

    wait_time = between(1, 3)

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
    def feed(self) -> None:
        self._get("/search/feed/?q=" + random.choice(["AI", "정부", "반도체", "배경훈"]), "feed")

    @task(1)
    def export(self) -> None:
        # A researcher's export of one narrowed search (136 to 1,133 rows on the 20k archive), not
        # the whole archive: that one is measured on its own in bench/RESULTS.md.
        query = random.choice(EXPORTS)
        self._get(f"/api/articles/export/?format=csv&{query}", "export")
