"""Recall/precision of lexeme search on the seed articles, against substring ground truth.

    .venv/bin/python bench/recall.py                 # print tables, write bench/RECALL.md
    .venv/bin/python bench/recall.py --pg-check DSN  # also confirm PostgreSQL agrees with the
                                                     # in-Python matcher on every (query, article)

Ground truth: an article is relevant when its raw text matches the query's truth pattern (a
case-insensitive regex, usually the bare stem: 배경훈 for 배경훈이, 유찰 for 유찰됐다). Found: the
article's lexemes satisfy the query the way ``articles.korean.tsquery_literal`` would in PostgreSQL
(groups ANDed, parts of a group at consecutive positions, or one of its alternatives).

Compared:
  simple   roughly ``to_tsvector('simple', text)`` / ``plainto_tsquery('simple', q)``: split on
           non-word characters, lower-case, every query word must be a document word;
  kiwi     articles.korean without a user dictionary;
  kiwi+d   with the dictionary below;
  ...*     compound alternatives matched as prefixes (``prefix=True``).

One file on purpose (over 400 lines): a self-contained measurement a reader runs and reads top to
bottom, its queries, ground truth and matchers side by side.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import html
import os
import platform
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import cpu_model  # noqa: E402 - bench/ is this script's folder

from articles import korean  # noqa: E402 - needs the path above

SEEDS = ROOT / "fixtures" / "seeds"

# The project's kind of dictionary: people, programmes, organisations, products and aliases.
TERMS = [
    "배경훈",
    "하정우",
    "이홍락",
    "임우형",
    "독자 AI 파운데이션 모델",
    "국가AI컴퓨팅센터",
    "국가 AI 컴퓨팅센터",
    "LG AI연구원",
    "엑사원",
    "EXAONE",
    "하이퍼클로바X",
    "소버린",
    "딥시크",
    "업스테이지",
    "과기정통부",
]


@dataclass(frozen=True)
class Query:
    text: str  # as a researcher types it; "..." = phrase search
    truth: str  # regex (case-insensitive) an article's raw text must match to be relevant
    kind: str


QUERIES = [
    Query("배경훈", "배경훈", "person"),
    Query("배경훈이", "배경훈", "person+particle"),
    Query("배경훈은", "배경훈", "person+particle"),
    Query("하정우", "하정우", "person"),
    Query("하정우는", "하정우", "person+particle"),
    Query("배경훈·하정우", "배경훈·하정우", "person pair"),
    Query("이홍락", "이홍락", "person"),
    Query("임우형", "임우형", "person"),
    Query("이재명", "이재명", "person"),
    Query("독자 AI 파운데이션 모델", r"독자\s*AI\s*파운데이션\s*모델", "programme"),
    Query("국가AI컴퓨팅센터", r"국가\s*AI\s*컴퓨팅\s*센터", "programme"),
    Query("국가 AI 컴퓨팅센터", r"국가\s*AI\s*컴퓨팅\s*센터", "programme"),
    Query("국가AI컴퓨팅센터를", r"국가\s*AI\s*컴퓨팅\s*센터", "programme+particle"),
    Query("컴퓨팅센터", r"컴퓨팅\s*센터", "compound part"),
    Query("국가인공지능위원회", r"국가인공지능위원회", "organisation"),
    Query("LG AI연구원", r"LG\s*AI\s*연구원", "organisation"),
    Query("과기정통부", "과기정통부", "organisation"),
    Query("네이버클라우드", r"네이버\s*클라우드", "organisation"),
    Query("업스테이지", "업스테이지", "organisation"),
    Query("정예팀", "정예팀", "compound"),
    Query("엑사원", "엑사원", "product"),
    Query("엑사원을", "엑사원", "product+particle"),
    Query("exaone", "exaone", "product (Latin)"),
    Query("엑사원 4.0", r"엑사원\s*4\.0", "product+version"),
    Query('"엑사원 4.0"', r"엑사원\s*4\.0", "product+version, phrase"),
    Query("하이퍼클로바X", r"하이퍼클로바\s*X", "product"),
    Query("하이퍼클로바", "하이퍼클로바", "product prefix"),
    Query("소버린", "소버린", "loanword"),
    Query("소버린 AI", r"소버린\s*AI", "loanword phrase"),
    Query("딥시크", "딥시크", "loanword"),
    Query("에이전틱", "에이전틱", "loanword"),
    Query("챗GPT", r"챗\s*GPT", "loanword"),
    Query("오픈소스", r"오픈\s*소스", "loanword compound"),
    Query("거대언어모델", r"거대\s*언어\s*모델", "compound"),
    Query("GPU", "GPU", "Latin"),
    Query("유찰됐다", "유찰", "verb"),
    Query("유찰된", "유찰", "verb"),
    Query("개발했다", "개발", "verb"),
    Query("선정됐다", "선정", "verb"),
    Query("구축한다", "구축", "verb"),
]


# ---------------------------------------------------------------------------------------------
# Seed articles


@dataclass(frozen=True)
class Article:
    name: str
    text: str


_ZDNET_META = re.compile(r"^\d{4}\.\d{2}\.\d{2} \d{2}:\d{2}")


def load_articles() -> list[Article]:
    """Crude split: ZDNet search pages -> title + body per result; other files -> one article each."""
    articles: list[Article] = []
    seen: set[str] = set()
    for path in sorted(SEEDS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        if "ZDNet 검색 페이지" in raw:
            lines = [line for line in raw.splitlines() if line.strip()]
            for i, line in enumerate(lines):
                # A result is: title, body, "2025.06.27 11:53장유미 기자".
                if _ZDNET_META.match(line) and i >= 2 and lines[i - 1] not in seen:
                    seen.add(lines[i - 1])
                    articles.append(Article(f"{path.stem[:3]}#{i}", lines[i - 2] + "\n" + lines[i - 1]))
        elif "<div" in raw:
            text = html.unescape(re.sub(r"<[^>]+>", " ", raw))
            articles.append(Article(path.stem[:3], re.sub(r"[ \t]+", " ", text)))
        else:
            articles.append(Article(path.stem[:3], raw))
    return articles


# ---------------------------------------------------------------------------------------------
# Matchers


_SIMPLE_WORD = re.compile(r"\w+(?:[.,]\w+)*")


def simple_tokens(text: str) -> list[str]:
    return [w.lower() for w in _SIMPLE_WORD.findall(text)]


def simple_matcher(articles: Sequence[Article]) -> Callable[[Query], set[int]]:
    docs = [simple_tokens(a.text) for a in articles]
    sets = [set(d) for d in docs]

    def find(q: Query) -> set[int]:
        phrase = q.text.startswith('"')
        words = simple_tokens(q.text)
        found = set()
        for i, (doc, bag) in enumerate(zip(docs, sets, strict=True)):
            if not all(w in bag for w in words):
                continue
            if phrase and not any(doc[j : j + len(words)] == words for j in range(len(doc))):
                continue
            found.add(i)
        return found

    return find


Index = dict[str, set[int]]


def build_index(lexemes: Sequence[korean.Lexeme]) -> Index:
    index: Index = {}
    for lex, (first, last) in zip(lexemes, korean.positions(lexemes), strict=True):
        index.setdefault(lex.text, set()).update((first, last))
    return index


def group_spans(index: Index, group: korean.QueryGroup, prefix: bool) -> set[tuple[int, int]]:
    """(first, last) positions where a group matches, as PostgreSQL's phrase search sees them."""
    spans: set[tuple[int, int]] = set()
    n = len(group.parts)
    for p in index.get(group.parts[0], ()):
        if all(p + k in index.get(part, ()) for k, part in enumerate(group.parts[1:], 1)):
            spans.add((p, p + n - 1))
    for alt in group.alternatives:
        if prefix and n > 1:
            hits = [ps for lex, ps in index.items() if lex.startswith(alt)]
        else:
            hits = [index.get(alt, set())]
        for ps in hits:
            spans.update((p, p) for p in ps)
    return spans


def query_matches(index: Index, groups: Sequence[korean.QueryGroup], phrase: bool, prefix: bool) -> bool:
    if not groups:
        return False
    if not phrase:
        return all(group_spans(index, g, prefix) for g in groups)
    chain = group_spans(index, groups[0], prefix)
    for g in groups[1:]:
        nxt = group_spans(index, g, prefix)
        chain = {(s, e2) for s, e in chain for s2, e2 in nxt if s2 == e + 1}
    return bool(chain)


def lexeme_matcher(indexes: Sequence[Index], prefix: bool) -> Callable[[Query], set[int]]:
    def find(q: Query) -> set[int]:
        phrase = q.text.startswith('"')
        groups = korean.query_groups(q.text.strip('"'))
        return {i for i, index in enumerate(indexes) if query_matches(index, groups, phrase, prefix)}

    return find


def tsquery_for(q: Query, prefix: bool) -> str:
    return korean.tsquery_literal(q.text.strip('"'), phrase=q.text.startswith('"'), prefix=prefix)


# ---------------------------------------------------------------------------------------------
# Consistency of dictionary terms across sentences


def bases_of(lexemes: Sequence[korean.Lexeme]) -> list[korean.Lexeme]:
    """Base lexemes: extras follow their first base with the same start (see ``korean.positions``)."""
    return [lx for i, lx in enumerate(lexemes) if i == 0 or lx.start != lexemes[i - 1].start]


_SENTENCE_END = re.compile(r"(?<=[.?!。”\"])\s+|\n+")


def term_consistency(articles: Sequence[Article]) -> list[tuple[str, int, int, int, float]]:
    """Per term: occurrences, distinct Kiwi readings, distinct lexeme analyses, share of query hits.

    A Kiwi reading is the raw morphemes (form/tag) overlapping the occurrence; an analysis is the
    base lexemes overlapping it (without the term lexeme); the query is ``query_groups(term)``
    evaluated on the sentence alone.
    """
    sentences = sorted({s.strip() for a in articles for s in _SENTENCE_END.split(a.text) if s.strip()})
    analysed = dict(zip(sentences, korean.lexemes_many(sentences), strict=True))
    kiwi = korean._get_analyser().kiwi  # private: the bench wants Kiwi's own reading for comparison
    readings = dict(zip(sentences, kiwi.tokenize(sentences), strict=True))
    rows = []
    for term in dict.fromkeys(korean.normalise_term(t) for t in TERMS):
        pattern = re.compile(r"\s*".join(re.escape(c) for c in term if not c.isspace()), re.IGNORECASE)
        groups = korean.query_groups(term)
        signatures = set()
        raw = set()
        occurrences = hits = 0
        for sentence, lexemes in analysed.items():
            spans = [m.span() for m in pattern.finditer(sentence)]
            if not spans:
                continue
            index = build_index(lexemes)
            for start, end in spans:
                occurrences += 1
                covering = tuple(lx.text for lx in bases_of(lexemes) if lx.start < end and lx.end > start)
                signatures.add(covering)
                raw.add(
                    tuple(f"{t.form}/{t.tag}" for t in readings[sentence] if t.start < end and t.end > start)
                )
            hits += len(spans) if query_matches(index, groups, False, False) else 0
        if occurrences:
            rows.append((term, occurrences, len(raw), len(signatures), hits / occurrences))
    return rows


# ---------------------------------------------------------------------------------------------
# Report


@dataclass
class Score:
    relevant: int
    found: int
    hit: int

    @property
    def recall(self) -> float:
        return self.hit / self.relevant if self.relevant else 1.0

    @property
    def precision(self) -> float:
        return self.hit / self.found if self.found else 1.0


def score(truth: set[int], found: set[int]) -> Score:
    return Score(len(truth), len(found), len(truth & found))


def fmt(s: Score) -> str:
    return f"{s.recall:4.2f}/{s.precision:4.2f}"


def machine() -> str:
    nproc = os.cpu_count()
    with contextlib.suppress(OSError, subprocess.CalledProcessError, ValueError):
        nproc = int(subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout)
    cpu = cpu_model(platform.processor() or platform.machine())
    return (
        f"{dt.date.today().isoformat()}, nproc={nproc} ({cpu}), Python {platform.python_version()}, "
        f"kiwipiepy {version('kiwipiepy')} (model {version('kiwipiepy_model')})"
    )


def throughput(articles: Sequence[Article], n: int = 1000) -> dict[str, float]:
    texts = [articles[i % len(articles)].text for i in range(n)]
    chars = sum(len(t) for t in texts)
    korean.set_user_terms([])
    korean.lexemes("")
    korean.set_user_terms(TERMS)  # a different dictionary: the next call builds a fresh Kiwi
    t0 = time.perf_counter()
    korean.lexemes("")
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    batched = korean.lexemes_many(texts)
    batch = time.perf_counter() - t0
    single_n = min(200, n)
    t0 = time.perf_counter()
    for t in texts[:single_n]:
        korean.lexemes(t)
    single = (time.perf_counter() - t0) * n / single_n
    return {
        "articles": n,
        "mean_chars": chars / n,
        "build_s": build,
        "batch_s": batch,
        "single_s": single,
        "chars_per_s": chars / batch,
        "lexemes_per_article": sum(len(x) for x in batched) / n,
    }


def pg_check(dsn: str, articles: Sequence[Article], prefix: bool, found: dict[str, set[int]]) -> list[str]:
    """Evaluate every query on every article in PostgreSQL; return disagreements with ``found``."""
    import psycopg

    vectors = [korean.tsvector_literal(x) for x in korean.lexemes_many(a.text for a in articles)]
    problems = []
    with psycopg.connect(dsn) as conn:
        for q in QUERIES:
            tsq = tsquery_for(q, prefix)
            if not tsq:
                continue
            rows = conn.execute(
                "select i from unnest(%s::text[]) with ordinality as v(vec, i)"
                " where vec::tsvector @@ %s::tsquery",
                (vectors, tsq),
            ).fetchall()
            in_pg = {r[0] - 1 for r in rows}
            if in_pg != found[q.text]:
                problems.append(f"{q.text}: pg={sorted(in_pg)} python={sorted(found[q.text])}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pg-check", metavar="DSN", help="confirm the matcher against PostgreSQL")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/RECALL.md")
    args = parser.parse_args()

    articles = load_articles()
    truth = {q.text: {i for i, a in enumerate(articles) if re.search(q.truth, a.text, re.I)} for q in QUERIES}

    results: dict[str, dict[str, set[int]]] = {"simple": {}}
    find = simple_matcher(articles)
    results["simple"] = {q.text: find(q) for q in QUERIES}
    consistency = {}
    tsqueries = {}
    pg_lines = []
    for mode, terms in (("kiwi", []), ("kiwi+d", TERMS)):
        korean.set_user_terms(terms)
        indexes = [build_index(x) for x in korean.lexemes_many(a.text for a in articles)]
        for prefix in (False, True):
            name = mode + ("*" if prefix else "")
            find = lexeme_matcher(indexes, prefix)
            results[name] = {q.text: find(q) for q in QUERIES}
            tsqueries[name] = {q.text: tsquery_for(q, prefix) for q in QUERIES}
            if args.pg_check:
                problems = pg_check(args.pg_check, articles, prefix, results[name])
                pg_lines.append(
                    f"{name}: " + ("agrees on every pair" if not problems else "; ".join(problems))
                )
                print(f"pg-check {name}: {problems or 'OK'}")
        consistency[mode] = term_consistency(articles)

    modes = list(results)
    header = "| query | kind | relevant | " + " | ".join(f"{m} R/P" for m in modes) + " |"
    lines = [header, "|" + "---|" * (3 + len(modes))]
    totals = {m: Score(0, 0, 0) for m in modes}
    for q in QUERIES:
        row = [f"`{q.text}`", q.kind, str(len(truth[q.text]))]
        for m in modes:
            s = score(truth[q.text], results[m][q.text])
            totals[m].relevant += s.relevant
            totals[m].found += s.found
            totals[m].hit += s.hit
            row.append(fmt(s))
        lines.append("| " + " | ".join(row) + " |")
    macro = {
        m: (
            sum(score(truth[q.text], results[m][q.text]).recall for q in QUERIES) / len(QUERIES),
            sum(score(truth[q.text], results[m][q.text]).precision for q in QUERIES) / len(QUERIES),
        )
        for m in modes
    }
    lines.append(
        "| **overall (micro)** | | "
        + str(totals[modes[0]].relevant)
        + " | "
        + " | ".join(f"**{fmt(totals[m])}**" for m in modes)
        + " |"
    )
    lines.append(
        "| **mean per query (macro)** | | | "
        + " | ".join(f"**{macro[m][0]:4.2f}/{macro[m][1]:4.2f}**" for m in modes)
        + " |"
    )
    table = "\n".join(lines)

    cons_lines = [
        "| term | occurrences | no dict: Kiwi readings | lexeme analyses | query hits "
        "| dict: Kiwi readings | lexeme analyses | query hits |",
        "|---|---|---|---|---|---|---|---|",
    ]
    with_dict = {row[0]: row for row in consistency["kiwi+d"]}
    for term, occ, raw, sigs, hit in consistency["kiwi"]:
        _, _, draw, dsigs, dhit = with_dict[term]
        cons_lines.append(
            f"| `{term}` | {occ} | {raw} | {sigs} | {hit:.0%} | {draw} | {dsigs} | {dhit:.0%} |"
        )
    cons_table = "\n".join(cons_lines)

    misses = []
    for m in ("kiwi", "kiwi*", "kiwi+d", "kiwi+d*"):
        for q in QUERIES:
            missed = truth[q.text] - results[m][q.text]
            extra = results[m][q.text] - truth[q.text]
            if missed or extra:
                names = ", ".join(articles[i].name for i in sorted(missed))
                extras = ", ".join(articles[i].name for i in sorted(extra))
                misses.append(
                    f"- {m} `{q.text}` → `{tsqueries[m][q.text]}`: missed [{names}] extra [{extras}]"
                )

    perf = throughput(articles)
    print(machine())
    print(f"{len(articles)} articles")
    print(table)
    print()
    print(cons_table)
    print()
    print("\n".join(misses))
    print()
    print(perf)

    if args.no_write:
        return
    pg_text = "; ".join(pg_lines) if pg_lines else "not run this time"
    report = f"""# Recall of Korean lexeme search on the seed articles

Generated by `bench/recall.py` on {machine()}.

{len(articles)} articles from `fixtures/seeds/` (ZDNet search pages split into title + body per
result, duplicates dropped; the Aju and Daum pages one article each, HTML tags stripped).

Ground truth: the article's raw text matches the query's stem pattern (case-insensitive; e.g.
`배경훈` for `배경훈이`, `유찰` for `유찰됐다`, `국가\\s*AI\\s*컴퓨팅\\s*센터` for the programme).
Cells are recall/precision. Columns:

- **simple**: roughly `to_tsvector('simple', …)` + `plainto_tsquery('simple', …)`: split on non-word
  characters, lower-case, all query words must occur (quoted query: consecutively);
- **kiwi**: `articles.korean` with no user dictionary;
- **kiwi+d**: with the dictionary `{", ".join(TERMS)}`;
- **…\\***: compound alternatives matched as prefixes (`tsquery_literal(..., prefix=True)`).

Matching follows the tsquery `articles.korean.tsquery_literal` builds (groups ANDed, a group's parts at
consecutive positions or one of its alternatives). PostgreSQL check (`--pg-check`, every query on
every article as `tsvector_literal(...)::tsvector @@ tsquery_literal(...)::tsquery`):
{pg_text}

Read with care: 32 articles, and the queries and dictionary were chosen while looking at these
seeds, so this is a regression check of the design, not an estimate for unseen text. "Extras"
below the substring truth are often right (`배경훈-하정우` for the query `배경훈·하정우`).

{table}

## Consistency of dictionary terms

Every sentence of the seeds containing a term (spaces optional): how many different readings Kiwi
itself gives the occurrence (morphemes overlapping it), how many different base-lexeme analyses
`articles.korean` makes of it, and in what share of occurrences the query for the term itself hits
the sentence. Without the dictionary Kiwi reads 배경훈 as 배경훈/NNP, 배경/NNG 후/NNG ᆫ/JX or
배/NNG 경/NNG 후/NNG ᆫ/JX depending on the sentence; the surface fallback (a noun run whose
morphemes do not spell the text is indexed as its surface) turns all of them into `배경훈`. What it
cannot fix (소버린 read as 소/NNG 버리/VV, 임우형 split into fragments in some sentences) the
dictionary does. `LG AI연구원` keeps two analyses with the dictionary because 연구원 and
연구원장 are different words; its term lexeme still matches both.

{cons_table}

## Misses and extras

{chr(10).join(misses) or "none"}

The remaining misses with the dictionary: `하이퍼클로바` is a prefix of the indexed name
`하이퍼클로바x` (single-word groups never become prefix queries; the caller can offer `:*`);
`거대언어모델` occurs only inside `초거대언어모델`, which Kiwi reads as one unknown word.

## Throughput

{perf["articles"]} articles (the seed articles repeated; mean {perf["mean_chars"]:.0f} characters),
dictionary of {len(TERMS)} terms, {perf["lexemes_per_article"]:.0f} lexemes per article:

- Kiwi build with the dictionary: {perf["build_s"]:.1f} s (once per process and dictionary);
- `lexemes_many` (one batch): **{perf["batch_s"]:.1f} s per 1,000 articles**
  ({perf["chars_per_s"] / 1000:.0f} k characters/s);
- `lexemes` one article at a time: {perf["single_s"]:.1f} s per 1,000 articles.
"""
    (ROOT / "bench" / "RECALL.md").write_text(report, encoding="utf-8")
    print("wrote bench/RECALL.md")


if __name__ == "__main__":
    main()
