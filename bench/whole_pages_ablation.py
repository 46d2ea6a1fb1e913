"""Dev pages of ``tests/data/pages`` with one kind of metadata taken away: which fields still come out.

A whole page usually names its headline, site, author and date in meta tags; the Korean rules
underneath (printed headline, byline, 입력 stamp, copyright line) are only exercised when a page
lacks them. Taking the tags away from dev pages shows where those rules are weak without looking
at held-out pages. Held-out pages are never read here. Pure: no database.

    .venv/bin/python -m bench.whole_pages_ablation [variant ...]
"""

from __future__ import annotations

import re
import sys

from articles.ingest.decode import decode_bytes
from articles.ingest.files import sidecar_url
from articles.ingest.registry import parse_bytes
from articles.ingest.types import ParseError
from bench.whole_pages import OUTLETS, PAGES, canonical, fold_title, labels


def _meta(names: str) -> list[str]:
    """Meta tags whose property/name/itemprop is one of ``names``, in either attribute order."""
    return [
        rf"<meta[^>]+(?:property|name|itemprop)=[\"'](?:{names})[\"'][^>]*>",
        rf"<meta[^>]+content=[\"'][^\"']*[\"'][^>]*(?:property|name|itemprop)=[\"'](?:{names})[\"'][^>]*>",
    ]


_LD = r"<script[^>]+application/ld\+json[^>]*>.*?</script>"
_TITLES = "og:title|twitter:title|title"
_DATES = "article:published_time|article:modified_time|datePublished|pubdate|date|og:regDate"
_AUTHORS = "author|article:author|byl|dable:author"
_SITES = "og:site_name|application-name|og:url|twitter:site|twitter:creator|copyright|publisher"
# What each variant removes; "no-url" also reads the page without its source URL.
VARIANTS: dict[str, list[str]] = {
    "as saved": [],
    "no og:title": _meta(_TITLES),
    "title tag only": [*_meta(_TITLES), r"<h1[^>]*>.*?</h1>"],
    "no site name, no URL": [*_meta(_SITES), r"<link[^>]+rel=[\"']canonical[\"'][^>]*>"],
    "no author tags": _meta(_AUTHORS),
    "no JSON-LD": [_LD],
    "no date tags": [*_meta(_DATES), _LD],
    "no meta at all": [*_meta(f"{_TITLES}|{_DATES}|{_AUTHORS}|{_SITES}|og:type|og:description"), _LD],
}
_WITHOUT_URL = {"no site name, no URL"}


def read(label: dict, variant: str) -> list[str]:
    """The fields of one dev page that come out wrong under ``variant`` ([] when all are right)."""
    path = PAGES / label["file"]
    text = decode_bytes(path.read_bytes(), name=label["file"])
    for pattern in VARIANTS[variant]:
        text = re.sub(pattern, "", text, flags=re.I | re.S)
    url = "" if variant in _WITHOUT_URL else sidecar_url(path)
    try:
        (article,) = parse_bytes(text.encode("utf-8"), name=label["file"], outlets=OUTLETS, url=url).articles
    except ParseError as error:
        return [f"refused ({error})"]
    date = article.published_date.isoformat() if article.published_date else None
    wrong = []
    if fold_title(article.title) != fold_title(label["title"]):
        wrong.append(f"title {article.title!r}")
    if canonical(article.outlet) != canonical(label["outlet"]):
        wrong.append(f"outlet {article.outlet!r}")
    if date != label["date"]:
        wrong.append(f"date {date!r}")
    if list(article.reporters) != label["reporters"]:
        wrong.append(f"reporters {article.reporters!r}")
    return wrong


def table(variants: list[str]) -> str:
    rows = [x for x in labels() if x["set"] == "dev" and not x.get("refuse")]
    lines = ["| dev pages read | all fields right |", "|---|---|"]
    misses: list[str] = []
    for variant in variants:
        wrong = {x["file"]: read(x, variant) for x in rows}
        lines.append(f"| {variant} | {sum(not w for w in wrong.values())} of {len(rows)} |")
        misses += [f"- {variant}: {name}: " + "; ".join(w) for name, w in wrong.items() if w]
    return "\n".join([*lines, "", *misses])


if __name__ == "__main__":
    print(table(sys.argv[1:] or list(VARIANTS)))
