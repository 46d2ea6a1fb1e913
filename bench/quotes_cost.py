"""What quote extraction adds to ingest: measured beside raw Kiwi on the same text, and on a whole
ingest with and without it. Prints medians and ratios; bench/QUOTES.md quotes them.

    .venv/bin/python bench/quotes_cost.py             # extraction vs Kiwi (no database)
    .venv/bin/python bench/quotes_cost.py --vectors   # also the quote search's vectors, two ways
    .venv/bin/python bench/quotes_cost.py --ingest    # also whole ingests, quotes on and off
                                                      # (dev settings' database, every ingest a
                                                      # dry run: nothing is kept)

Text: the 203 labelled articles of tests/data/quotes (real bodies, 124k characters). Kiwi is the
ingest's own analysis (``korean.lexemes_many`` over title, subtitle and body, one batch); the
extraction is ``quotes_extract`` over the bodies with the knowledge base's names, as the ingest
calls it. Runs alternate (Kiwi, extraction, Kiwi, …) so that load from other processes on a
shared machine falls on both; the ratio of medians and the median of per-round ratios are shown.
The ingest comparison runs ``source_ingest(dry_run=True)`` on one JSON Lines file of those
articles (fresh titles each run, so every article is new), alternately with the quote hook and
with it replaced by a no-op.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles import korean  # noqa: E402 - needs the path above
from articles.korean.quotes import quotes_extract  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "quotes"


def articles() -> list[dict]:
    return [a for split in ("dev", "heldout") for a in json.loads((CORPUS / f"{split}.json").read_text())]


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _timed_both(fn) -> tuple[float, float]:
    """Wall-clock and CPU seconds of this process (all its threads: Kiwi tokenizes in several)."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def compare_with_kiwi(texts: list[dict], rounds: int, people=(), organisations=()) -> dict:
    triples = [t for a in texts for t in (a["title"], "", a["body"])]
    bodies = [a["body"] for a in texts]
    korean.lexemes_many(triples[:30])  # Kiwi built and warm before timing

    def extract() -> None:
        for body in bodies:
            quotes_extract(body, people=people, organisations=organisations)

    kiwi, quotes, kiwi_cpu, quotes_cpu = [], [], [], []
    for _ in range(rounds):
        wall, cpu = _timed_both(lambda: korean.lexemes_many(triples))
        kiwi.append(wall)
        kiwi_cpu.append(cpu)
        wall, cpu = _timed_both(extract)
        quotes.append(wall)
        quotes_cpu.append(cpu)
    median = statistics.median
    return {
        "articles": len(texts),
        "characters": sum(len(b) for b in bodies),
        "kiwi_s": median(kiwi),
        "quotes_s": median(quotes),
        "ratio_of_medians": median(quotes) / median(kiwi),
        "median_ratio": median(q / k for q, k in zip(quotes, kiwi, strict=True)),
        "kiwi_cpu_s": median(kiwi_cpu),
        "quotes_cpu_s": median(quotes_cpu),
        "cpu_ratio_of_medians": median(quotes_cpu) / median(kiwi_cpu),
        "rounds": rounds,
    }


def compare_vectors(texts: list[dict], rounds: int) -> dict:
    """The quote search's vectors (``articles.services.quote_vectors``) two ways, beside Kiwi on the
    whole texts: cut from the body's lexemes (the ingest: no second Kiwi pass) and Kiwi on the
    quotes' own texts (the backfill, a curator's quote)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    from articles.services.quote_vectors import quote_vector

    triples = [t for a in texts for t in (a["title"], "", a["body"])]
    bodies = [a["body"] for a in texts]
    lexemes = korean.lexemes_many(bodies)
    found = [quotes_extract(body) for body in bodies]
    spans = [[(q.start, q.end) for q in quotes] for quotes in found]
    quote_texts = [q.text for quotes in found for q in quotes]

    def cut() -> None:
        for body_lexemes, quote_spans in zip(lexemes, spans, strict=True):
            for start, end in quote_spans:
                quote_vector(body_lexemes=body_lexemes, start=start, end=end)

    def read() -> None:
        for quote_lexemes in korean.lexemes_many(quote_texts):
            korean.tsvector_literal(quote_lexemes)

    kiwi, cuts, reads = [], [], []
    for _ in range(rounds):
        kiwi.append(_timed_both(lambda: korean.lexemes_many(triples))[1])
        cuts.append(_timed_both(cut)[1])
        reads.append(_timed_both(read)[1])
    median = statistics.median
    return {
        "quotes": len(quote_texts),
        "quote_characters": sum(len(t) for t in quote_texts),
        "kiwi_cpu_s": median(kiwi),
        "cut_cpu_s": median(cuts),
        "read_cpu_s": median(reads),
        "cut_ratio": median(cuts) / median(kiwi),
        "read_ratio": median(reads) / median(kiwi),
        "rounds": rounds,
    }


def compare_ingest(texts: list[dict], rounds: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    from articles.services import ingest
    from articles.services import quotes as quote_service

    real = ingest.quotes_refresh
    real_store = quote_service.quote_vectors_store
    inside = []  # seconds spent in the hook, per run with it

    def timed_hook(**kwargs) -> None:
        start = time.perf_counter()
        real(**kwargs)
        inside[-1] += time.perf_counter() - start

    def timed_hook_without_vectors(**kwargs) -> None:
        # The hook as it was before the quote search's vectors: no lexemes to cut, nothing read.
        quote_service.quote_vectors_store = lambda **kw: 0
        try:
            timed_hook(**{**kwargs, "body_lexemes": None})
        finally:
            quote_service.quote_vectors_store = real_store

    def run(n: int, with_quotes: bool, vectors: bool = True) -> float:
        lines = [
            json.dumps(
                {"title": f"{a['title']} [{n}-{i}]", "body": a["body"], "outlet": "지디넷코리아"},
                ensure_ascii=False,
            )
            for i, a in enumerate(texts)
        ]
        data = "\n".join(lines).encode()
        hook = timed_hook if vectors else timed_hook_without_vectors
        ingest.quotes_refresh = hook if with_quotes else (lambda **kwargs: None)
        inside.append(0.0)
        try:
            return _timed(
                lambda: ingest.source_ingest(name=f"quotes-cost-{n}.jsonl", data=data, dry_run=True)
            )
        finally:
            ingest.quotes_refresh = real

    run(0, True)  # warm: Kiwi, the dictionary, the database's caches
    on, off, hook, plain = [], [], [], []
    for n in range(rounds):
        off.append(run(3 * n + 1, False))
        on.append(run(3 * n + 2, True))
        hook.append(inside[-1])
        run(3 * n + 3, True, vectors=False)
        plain.append(inside[-1])
    return {
        "hook_without_vectors_s": statistics.median(plain),
        "vectors_added": statistics.median(hook) / statistics.median(plain) - 1,
        "hook_s": statistics.median(hook),
        "hook_share": statistics.median(h / w for h, w in zip(hook, on, strict=True)),
        "hook_added": statistics.median(h / (w - h) for h, w in zip(hook, on, strict=True)),
        "without_s": statistics.median(off),
        "with_s": statistics.median(on),
        "added_of_medians": statistics.median(on) / statistics.median(off) - 1,
        "median_added": statistics.median(w / o - 1 for w, o in zip(on, off, strict=True)),
        "rounds": rounds,
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--ingest", action="store_true", help="also time whole ingests (dev database)")
    parser.add_argument("--vectors", action="store_true", help="also time the quote search's vectors")
    args = parser.parse_args(argv)
    texts = articles()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    k = compare_with_kiwi(texts, args.rounds)
    print(
        f"{k['articles']} articles, {k['characters']} characters, {k['rounds']} rounds: "
        f"Kiwi {k['kiwi_s'] * 1000:.0f} ms, quote extraction {k['quotes_s'] * 1000:.0f} ms (medians); "
        f"extraction / Kiwi = {k['ratio_of_medians']:.3f} (median of per-round ratios {k['median_ratio']:.3f}); "
        f"CPU: Kiwi {k['kiwi_cpu_s'] * 1000:.0f} ms, extraction {k['quotes_cpu_s'] * 1000:.0f} ms, "
        f"ratio {k['cpu_ratio_of_medians']:.3f}"
    )
    if args.vectors:
        v = compare_vectors(texts, args.rounds)
        print(
            f"quote vectors of {v['quotes']} quotes ({v['quote_characters']} characters), CPU medians of "
            f"{v['rounds']} rounds: Kiwi on the whole texts {v['kiwi_cpu_s'] * 1000:.0f} ms; cut from the "
            f"bodies' lexemes {v['cut_cpu_s'] * 1000:.1f} ms ({v['cut_ratio']:.3f} of Kiwi); Kiwi on the quotes' "
            f"texts {v['read_cpu_s'] * 1000:.0f} ms ({v['read_ratio']:.3f} of Kiwi)"
        )
    if args.ingest:
        i = compare_ingest(texts, args.rounds)
        print(
            f"ingest of the {len(texts)} articles (dry run, {i['rounds']} rounds each): without quotes "
            f"{i['without_s']:.2f} s, with {i['with_s']:.2f} s (medians); added {i['added_of_medians']:+.1%} "
            f"(median of per-round ratios {i['median_added']:+.1%}); inside the hook {i['hook_s']:.3f} s, "
            f"{i['hook_added']:+.1%} of the rest of the ingest; the hook without the quote search's vectors "
            f"{i['hook_without_vectors_s']:.3f} s (vectors: {i['vectors_added']:+.1%} of the hook)"
        )


if __name__ == "__main__":
    main()
