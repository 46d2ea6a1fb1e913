"""Fidelity on real pages: every file of tests/data/real parsed and compared with its hand labels.

Each page is parsed with the URL its label records, as a researcher's scraper passes it (JSON Lines
carry ``url``, HTML carries og:url/canonical, ``manage.py ingest`` reads a ``<file>.url`` sidecar):
those are the primary figures. The text-only figures (no URL at all) are a second table.
Development used files 000–119; 120–159 are the held-out check and are reported separately. The
floors below are ratchets at the measured figures (see bench/FIDELITY.md): they fail when
extraction regresses.

Regenerate bench/FIDELITY.md with ``.venv/bin/python -m tests.articles.test_fidelity``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from articles.ingest.confidence import review_reasons
from articles.ingest.outlets import OutletRegistry
from articles.ingest.registry import parse_bytes
from articles.ingest.types import ParseError
from bench.whole_pages import table as whole_pages_table
from bench.whole_pages_ablation import VARIANTS as ABLATIONS
from bench.whole_pages_ablation import table as whole_pages_ablation_table

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "tests" / "data" / "real"
NON_ARTICLES = ROOT / "tests" / "data" / "non_articles"
OUTLETS = OutletRegistry.load(ROOT / "fixtures" / "outlets.json")
HELD_OUT_FROM = 120
FIELDS = ("title", "outlet", "date", "time", "reporters", "published")
# Measured floors over all 160 files, with the source URL (primary) and text only; raise them as
# the extractor improves. "published" is a share of the files whose label has a date.
FLOORS = {"title": 1.0, "outlet": 0.96, "date": 0.96, "reporters": 0.98, "published": 0.97}
TEXT_ONLY_FLOORS = {"title": 0.98, "outlet": 0.58, "date": 0.95, "reporters": 0.96, "published": 0.46}
# Listing pages still taken for articles; empty since teaser rules (parsers/listing.py) refuse
# them all. The test fails on any listing page accepted as an article.
KNOWN_LISTING_GAPS: set[str] = set()


@dataclass
class Score:
    """Per-field hits over a set of labelled files."""

    files: int = 0
    hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    dated: int = 0  # files whose label has a date: the only ones that may be published
    misses: list[str] = field(default_factory=list)

    def share(self, name: str) -> float:
        total = self.dated if name == "published" else self.files
        return self.hits[name] / total if total else 0.0


def _canonical(name: str | None) -> str | None:
    record = OUTLETS.by_name(name)
    return record.name if record else name


def score(labels: list[dict], *, with_url: bool = False) -> Score:
    """Parse each labelled file and count the fields that match its label."""
    result = Score()
    for label in labels:
        result.files += 1
        result.dated += label["date"] is not None
        data = (REAL / label["file"]).read_bytes()
        try:
            (article,) = parse_bytes(
                data, name=label["file"], outlets=OUTLETS, url=label["url"] if with_url else ""
            ).articles
        except ParseError as exc:
            result.misses.append(f"{label['file']}: refused ({exc})")
            continue
        got = {
            "title": article.title == label["title"],
            "outlet": _canonical(article.outlet) == _canonical(label["outlet"]),
            "date": (article.published_date.isoformat() if article.published_date else None) == label["date"],
            "time": (article.published_time.strftime("%H:%M") if article.published_time else None)
            == label["time"],
            "reporters": article.reporters == label["reporters"],
        }
        # Published without a curator, and rightly so: every field it relies on is correct.
        got["published"] = not review_reasons(article) and got["title"] and got["outlet"] and got["date"]
        for name, ok in got.items():
            result.hits[name] += ok
        wrong = [name for name in FIELDS[:5] if not got[name]]
        if wrong:
            result.misses.append(f"{label['file']}: {', '.join(wrong)}")
    return result


def _labels() -> tuple[list[dict], list[dict]]:
    labels = json.loads((REAL / "labels.json").read_text(encoding="utf-8"))
    dev = [x for x in labels if int(x["file"][:3]) < HELD_OUT_FROM]
    return dev, [x for x in labels if int(x["file"][:3]) >= HELD_OUT_FROM]


def wrongly_published(labels: list[dict], *, with_url: bool = True) -> list[str]:
    """Files published without a curator although a field is wrong: the costly error."""
    bad = []
    for label in labels:
        try:
            (article,) = parse_bytes(
                (REAL / label["file"]).read_bytes(),
                name=label["file"],
                outlets=OUTLETS,
                url=label["url"] if with_url else "",
            ).articles
        except ParseError:
            continue
        if review_reasons(article):
            continue
        date = article.published_date.isoformat() if article.published_date else None
        if (
            article.title != label["title"]
            or _canonical(article.outlet) != _canonical(label["outlet"])
            or date != label["date"]
        ):
            bad.append(label["file"])
    return bad


def non_articles_accepted() -> list[str]:
    accepted = []
    for path in sorted(NON_ARTICLES.iterdir()):
        if path.name == "README.md":
            continue
        try:
            parse_bytes(path.read_bytes(), name=path.name, outlets=OUTLETS)
        except ParseError:
            continue
        accepted.append(path.name)
    return accepted


def test_field_accuracy_on_the_real_corpus_with_the_source_url():
    dev, held_out = _labels()
    overall = score(dev + held_out, with_url=True)
    for name, floor in FLOORS.items():
        assert overall.share(name) >= floor, (name, overall.share(name), overall.misses)


def test_field_accuracy_on_the_real_corpus_text_only():
    dev, held_out = _labels()
    overall = score(dev + held_out)
    for name, floor in TEXT_ONLY_FLOORS.items():
        assert overall.share(name) >= floor, (name, overall.share(name), overall.misses)


def test_no_non_article_becomes_an_article():
    # Data, config and code files and listing pages (search results, reporter, tag, section and
    # front pages) are all refused.
    assert set(non_articles_accepted()) <= KNOWN_LISTING_GAPS


@pytest.mark.parametrize("name", ["dictionary.txt", "policy_entities.json", "outlets.json"])
def test_fixture_data_files_are_refused_with_a_reason(name):
    with pytest.raises(ParseError, match=name):
        parse_bytes((ROOT / "fixtures" / name).read_bytes(), name=name, outlets=OUTLETS)


def _table(rows: list[tuple[str, Score]]) -> list[str]:
    out = ["| set | files | " + " | ".join(FIELDS) + " |", "|---|---|" + "---|" * len(FIELDS)]
    for title, s in rows:
        cells = [f"{s.share(n):.0%}" for n in FIELDS]
        cells[-1] += f" (of {s.dated} dated)"
        out.append(f"| {title} | {s.files} | " + " | ".join(cells) + " |")
    return out


def _body_only_lines() -> list[str]:
    from tests.articles.ingest.test_untitled import body_only_titles, refused_body_only

    total, refused = refused_body_only()
    provisional, first_line = body_only_titles()
    return [
        f"Kept: {total - len(refused)} of {total}; refused: {len(refused)}"
        + (" (" + ", ".join(r.split(":")[0] for r in refused) + ")" if refused else "")
        + f". Non-articles accepted: {len(non_articles_accepted())}.",
        "",
        f'Titles: {provisional} named by their lead and marked provisional ("title unknown", for a',
        f"curator); {first_line} take the first line above the text (mostly the story's subtitle,",
        'flagged "title uncertain"); the rest a line above the dateline or byline, or one that',
        "matches the lead. None of them is the real headline, which was cut.",
    ]


def report() -> str:
    """bench/FIDELITY.md: the figures, dev and held-out, with the source URL (primary) and text only."""
    dev, held_out = _labels()
    url_dev, url_held = score(dev, with_url=True), score(held_out, with_url=True)
    text_dev, text_held = score(dev), score(held_out)
    lines = [
        "# Extraction fidelity on the real corpus",
        "",
        "Generated by `.venv/bin/python -m tests.articles.test_fidelity` (pure: no database). Each file",
        "of `tests/data/real` is parsed with the registry from `fixtures/outlets.json` and compared with",
        "`labels.json`. Rules were developed on files 000–119; 120–159 are held out.",
        "",
        "*published* = published without a curator **and** title, outlet and date right, as a share of",
        "the articles whose page prints a title, an outlet and a date, i.e. whose label date is not",
        "null (the outlet counts as printed when the page or its URL names it). 79 of the 160 files",
        "print no date of their own: an article without a date must wait for a curator, so those are",
        "outside the denominator (none of them is published: they have no date to publish with).",
        "",
        "## With the page's source URL (primary)",
        "",
        "`parse_bytes(..., url=label['url'])`, as a researcher's scraper passes it: JSON Lines carry",
        "`url`, HTML pages carry og:url/canonical, and `manage.py ingest` reads a `<file>.url` sidecar.",
        "",
        *_table([("dev 000–119", url_dev), ("held-out 120–159", url_held)]),
        "",
        f"Published although a field is wrong: {', '.join(wrongly_published(dev + held_out)) or 'none'}.",
        "",
        "## Text only (no URL known)",
        "",
        *_table([("dev 000–119", text_dev), ("held-out 120–159", text_held)]),
        "",
        "Published although a field is wrong: "
        f"{', '.join(wrongly_published(dev + held_out, with_url=False)) or 'none'}.",
        "",
        "## Non-articles",
        "",
        f"Accepted as articles: {', '.join(non_articles_accepted()) or 'none'} (of 25 in `tests/data/non_articles`).",
        "",
        "## Misses (with the source URL)",
        "",
        *(f"- {m}" for m in url_dev.misses + url_held.misses),
        "",
        "## Body-only texts (the real texts above with their headline lines cut out)",
        "",
        *_body_only_lines(),
        "",
        "## Whole saved pages (`tests/data/pages`, `python -m bench.whole_pages`)",
        "",
        "48 pages as crawlers and developers saved them (chrome, meta tags, scripts, footers kept;",
        "article bodies cut short; origins in `tests/data/pages/README.md`): 35 articles from 24",
        "outlets (Naver and ZUM portal copies, EUC-KR pages, dates only in JSON-LD or print, desk,",
        'column and "외 1명" bylines, an English page, a Wayback copy, two columns of an outlet the',
        "registry does not know) and 13 portal, outlet-home, section and search pages that must be",
        "refused, split into dev and held-out by outlet before any rule was written; rules were written",
        "on dev only. 043–047 (two 엔터미디어 columns, the Naver Sports home, baseball news list and golf",
        "front) were labelled and put in held-out before the extractor read them. The archive reads a whole page with",
        "trafilatura (main text; htmldate as the last resort for the date) under the Korean rules (outlet",
        "registry, bylines, 입력 stamps, the printed headline, the front-page test); trafilatura as it is",
        "is the baseline. Titles compare with whitespace and typographic quotes folded. The figures are",
        "the same from run to run (trafilatura's cross-document deduplication is off).",
        "",
        whole_pages_table(),
        "",
        "Before and after the rules of the dev-ablation round below (archive; same pages, same labels):",
        "dev 18 articles 100% on every field before and after, 0 of 7 listings accepted; held-out, the",
        "first 15 articles 93% title, 93% outlet, 100% date, 87% reporters before and after, and with",
        "043–046 17 articles 82%, 82%, 100%, 76%, 0 of 5 listings accepted, before and after. The",
        "held-out misses are a hashtag after a headline (#MoneyS) and a byline not given in a form read",
        "(010), a story of 스포츠조선 carried on chosun.com (026), a photo credit's name taken for a",
        'second reporter (027), and the two 엔터미디어 columns (title read as "엔터 미디어", an outlet the',
        'registry does not know, "칼럼니스트" bylines). None of these shapes is on a dev page, so no rule',
        "was written for them; registering 엔터미디어 is a curator's step the held-out figure must not be",
        "tuned by. The issue's targets (title, outlet, date ≥ 95%, reporters ≥ 90%) are met on dev, not",
        "on held-out.",
        "",
        "### Dev pages with their metadata taken away (`python -m bench.whole_pages_ablation`)",
        "",
        "Dev is at 100% as saved, so rules were found by reading dev pages without the meta tags that",
        "usually carry the fields (held-out pages are never read by this bench):",
        "",
        whole_pages_ablation_table(list(ABLATIONS)),
        "",
        "Before the round, all fields right: as saved 18 of 18, no og:title 14, title tag only 14, no",
        "site name and no URL 18, no author tags 17, no JSON-LD 17, no date tags 15, no meta at all 8.",
        "Rules added, each from those dev misses: an `<h1>` that is the site's logo or name (a short",
        "linked name, an image, a registered outlet) is no headline, and a title that is only the",
        'site\'s name is none; a heading the markup calls the title (`<h2 class="title">`) names a page',
        "whose title tag is only the site; a title tag loses the site's part wherever it sits when only",
        'a breadcrumb follows it ("- IT조선 > 기업 > 금융·핀테크"), a section word before it ("… : 뉴스 :',
        '동아닷컴"), and " l " separates like a pipe ("… l KBS WORLD"); a label set in its own element',
        "above the stamp (`<dt>입력</dt><dd>2025.05.15 20:00</dd>`) labels it anywhere on the page;",
        '"송고시간" counts as an article\'s stamp; the element the markup calls the byline or writer names',
        "the writer when no author tag does; a crowded page whose URL names one article is read and",
        'kept for review instead of refused as a front page. Left: "박준석 기자 외 1명" names the second',
        "reporter only in JSON-LD.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    (ROOT / "bench" / "FIDELITY.md").write_text(report(), encoding="utf-8")
    print(report())
