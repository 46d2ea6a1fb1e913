"""Whole saved pages: the archive's extraction against trafilatura run as it is, dev and held-out.

Each page of ``tests/data/pages`` (labels in ``labels.json``, the source URL in a ``.url`` sidecar
as ``manage.py ingest`` reads it) is parsed twice: by ``parse_bytes`` (the archive) and by
``trafilatura.bare_extraction`` with its metadata (the baseline). Portal home and section pages
must be refused; for trafilatura "refused" means it returned nothing.

Titles compare after folding whitespace and typographic quotes (one headline printed with curly
quotes in og:title and straight ones in the h1 is the same headline). Outlets compare by the
registry's canonical name. Pure: no database. Prints the table bench/FIDELITY.md quotes:

    .venv/bin/python -m bench.whole_pages
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura

from articles.ingest.decode import decode_bytes
from articles.ingest.files import sidecar_url
from articles.ingest.outlets import OutletRegistry
from articles.ingest.registry import parse_bytes
from articles.ingest.types import ParseError

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "tests" / "data" / "pages"
OUTLETS = OutletRegistry.load(ROOT / "fixtures" / "outlets.json")
FIELDS = ("title", "outlet", "date", "reporters")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "·": "·"})


def fold_title(title: str | None) -> str:
    return re.sub(r"\s+", " ", (title or "").translate(_QUOTES)).strip()


def canonical(name: str | None) -> str | None:
    record = OUTLETS.by_name(name) if name else None
    return record.name if record else name


@dataclass
class Tally:
    articles: int = 0
    hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    refused_articles: int = 0
    listings: int = 0
    listings_accepted: int = 0
    misses: list[str] = field(default_factory=list)

    def share(self, name: str) -> str:
        return f"{self.hits[name] / self.articles:.0%}" if self.articles else "–"


def labels() -> list[dict]:
    return json.loads((PAGES / "labels.json").read_text(encoding="utf-8"))


def archive(label: dict) -> dict | None:
    """The archive's reading of one page, or None when it refuses it."""
    path = PAGES / label["file"]
    try:
        (article,) = parse_bytes(
            path.read_bytes(), name=label["file"], outlets=OUTLETS, url=sidecar_url(path)
        ).articles
    except ParseError:
        return None
    return {
        "title": article.title,
        "outlet": article.outlet,
        "date": article.published_date.isoformat() if article.published_date else None,
        "reporters": article.reporters,
    }


def baseline(label: dict) -> dict | None:
    """trafilatura as it is: its title, site name, date (htmldate) and author."""
    path = PAGES / label["file"]
    text = decode_bytes(path.read_bytes(), name=label["file"])
    doc = trafilatura.bare_extraction(text, url=sidecar_url(path), with_metadata=True)
    if doc is None:
        return None
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    authors = [re.sub(r"\s*기자$", "", a.strip()) for a in (data.get("author") or "").split(";") if a.strip()]
    return {
        "title": data.get("title"),
        "outlet": data.get("sitename"),
        "date": data.get("date"),
        "reporters": authors,
    }


def tally(rows: list[dict], reader) -> Tally:
    result = Tally()
    for label in rows:
        got = reader(label)
        if label.get("refuse"):
            result.listings += 1
            if got is not None:
                result.listings_accepted += 1
                result.misses.append(f"{label['file']}: portal/listing page accepted ({got['title']!r})")
            continue
        result.articles += 1
        if got is None:
            result.refused_articles += 1
            result.misses.append(f"{label['file']}: refused")
            continue
        ok = {
            "title": fold_title(got["title"]) == fold_title(label["title"]),
            "outlet": canonical(got["outlet"]) == canonical(label["outlet"]),
            "date": got["date"] == label["date"],
            "reporters": list(got["reporters"]) == label["reporters"],
        }
        for name, hit in ok.items():
            result.hits[name] += hit
        wrong = [f"{n} {got[n]!r}" for n in FIELDS if not ok[n]]
        if wrong:
            result.misses.append(f"{label['file']}: " + "; ".join(wrong))
    return result


def table() -> str:
    rows = labels()
    sets = {name: [x for x in rows if x["set"] == name] for name in ("dev", "held-out")}
    lines = [
        "| extractor | set | articles | title | outlet | date | reporters | articles refused | listings accepted |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    misses: list[str] = []
    for title, reader in (("archive", archive), ("trafilatura as it is", baseline)):
        for set_name, subset in sets.items():
            t = tally(subset, reader)
            cells = " | ".join(t.share(n) for n in FIELDS)
            lines.append(
                f"| {title} | {set_name} | {t.articles} | {cells} | {t.refused_articles} | "
                f"{t.listings_accepted} of {t.listings} |"
            )
            misses += [f"- {title}, {set_name}: {m}" for m in t.misses]
    return "\n".join([*lines, "", "Misses:", "", *misses])


if __name__ == "__main__":
    print(table())
