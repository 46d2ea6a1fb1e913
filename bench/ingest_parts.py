"""CPU time per article of each Python step of the ingest, beside Kiwi's own, on the same articles.

    EMBEDDED_PG_DB=archive_bench_10000 .venv/bin/python bench/ingest_parts.py [--articles 1000] [--fresh]

Where ``manage.py ingest``'s time goes, step by step, without the database: each step runs alone
over the same N articles (bench/data/fresh-N, or the first N of corpus-10000) and its CPU time is
read with ``time.thread_time`` (the calling thread only: load from other processes on a shared
machine barely moves it). Kiwi's tokenizing is timed as process CPU (its own threads) and also as
wall time; the steps are the ones the ingest runs per article:

* keys: ``text_key`` of title and body (same-story lookup), ``near_keys`` (MinHash bands);
* Kiwi: ``Kiwi.tokenize`` of title, subtitle and body (what raw Kiwi does, with the dictionary);
* lexemes: the lexeme rules over Kiwi's tokens (``articles.korean.lexemes``);
* literals: the three ``tsvector_literal`` strings;
* tagging: ``entity_mentions`` over the lexemes (the archive's entity patterns);
* documents: tantivy documents from the stored vector text (``engine.documents.document``).

The database (bulk inserts, history rows, vectors, tags) and the process's start are not here:
``ingest_profile.py`` times the whole, these say what each Python step costs within it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

from corpus import corpus_dir, fresh, records  # noqa: E402

from articles import korean  # noqa: E402
from articles.ingest.dedup import text_key  # noqa: E402
from articles.ingest.minhash import near_keys  # noqa: E402
from articles.korean.lexemes import _analyse  # noqa: E402
from articles.search.backends.tantivy.documents import Row, document  # noqa: E402
from articles.search.dictionary import dictionary_refresh  # noqa: E402
from articles.tagging import _patterns, entity_mentions  # noqa: E402


def _cpu(fn, items, repeat: int) -> float:
    """Best-of-``repeat`` CPU seconds of this thread for ``fn`` over ``items``."""
    best = None
    for _ in range(repeat):
        started = time.thread_time()
        for item in items:
            fn(item)
        spent = time.thread_time() - started
        best = spent if best is None else min(best, spent)
    return best


def measure(texts: list[tuple[str, str, str]], days: list[dt.date | None], *, repeat: int = 3) -> dict:
    dictionary_refresh()
    analyser = korean._get_analyser()
    flat = [t for triple in texts for t in triple]
    n = len(texts)
    ms = {}

    wall, cpu = time.perf_counter(), time.process_time()
    tokens = list(analyser.tokenize_many(flat))
    ms["kiwi (process CPU, all threads)"] = (time.process_time() - cpu) / n * 1000
    ms["kiwi (wall)"] = (time.perf_counter() - wall) / n * 1000

    ms["keys: text_key title+body"] = (
        _cpu(lambda t: (text_key(t[0]), text_key(t[2])), texts, repeat) / n * 1000
    )
    ms["keys: near_keys (MinHash bands)"] = _cpu(lambda t: near_keys(t[2]), texts, repeat) / n * 1000
    analyses = [_analyse(analyser, text, toks) for text, toks in tokens]
    ms["lexemes: rules over Kiwi's tokens"] = (
        _cpu(lambda pair: _analyse(analyser, pair[0], pair[1]).flat(), tokens, repeat) / n * 1000
    )
    lexemes = [a.flat() for a in analyses]
    fields = [tuple(lexemes[3 * i : 3 * i + 3]) for i in range(n)]
    ms["literals: three tsvector_literal"] = (
        _cpu(lambda f: [korean.tsvector_literal(x) for x in f], fields, repeat) / n * 1000
    )
    patterns = _patterns()
    items = list(zip(fields, days, strict=True))
    ms["tagging: entity_mentions"] = (
        _cpu(
            lambda item: entity_mentions(
                lexemes=[lx for f in item[0] for lx in f], published=item[1], patterns=patterns
            ),
            items,
            repeat,
        )
        / n
        * 1000
    )
    # The vector as PostgreSQL prints it back: weighted fields concatenated, positions shifted.
    vectors = []
    for title, subtitle, body in fields:
        parts, shift = [], 0
        for weight, field in (("A", title), ("B", subtitle), ("C", body)):
            literal = korean.tsvector_literal(field, weight=weight)
            if shift and literal:
                literal = _shift(literal, shift)
            parts.append(literal)
            shift += max((p for _, ps in korean.positions(field) for p in (ps,)), default=0)
        vectors.append(" ".join(p for p in parts if p))
    now = dt.datetime.now(dt.UTC)
    rows = [Row(i, v, 1, days[i], None, [], now, {}) for i, v in enumerate(vectors)]
    ms["documents: tantivy document from the vector text"] = _cpu(document, rows, repeat) / n * 1000
    python = sum(v for k, v in ms.items() if not k.startswith("kiwi"))
    return {
        "articles": n,
        "ms_per_article": {k: round(v, 3) for k, v in ms.items()},
        "python_steps_ms_per_article": round(python, 3),
    }


def _shift(literal: str, shift: int) -> str:
    out = []
    for entry in literal.split(" "):
        word, _, positions = entry.rpartition(":")
        shifted = ",".join(f"{int(p[:-1]) + shift}{p[-1]}" for p in positions.split(","))
        out.append(f"{word}:{shifted}")
    return " ".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--fresh", action="store_true", help="bench/data/fresh-N instead of corpus-10000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    directory = fresh(args.articles) if args.fresh else corpus_dir(10_000)
    recs = list(records(directory, args.articles))
    texts = [(r["title"], r["subtitle"] or "", r["body"]) for r in recs]
    days = [dt.date.fromisoformat(r["published_at"][:10]) if r.get("published_at") else None for r in recs]
    result = measure(texts, days, repeat=args.repeat)
    result["load_average"] = os.getloadavg()
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for name, value in result["ms_per_article"].items():
        print(f"{value:8.3f} ms  {name}")
    print(f"{result['python_steps_ms_per_article']:8.3f} ms  all the Python steps above")
    print(f"load average {result['load_average']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
