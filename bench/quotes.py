"""Quote extraction against the hand-labelled corpus (tests/data/quotes): bench/QUOTES.md.

    .venv/bin/python bench/quotes.py               # print both splits, write bench/QUOTES.md
    .venv/bin/python bench/quotes.py --errors dev  # also list every miss of one split

Matching (issue 19): a predicted quote matches a labelled one of its kind when it covers at
least 80% of the labelled text and at least 50% of the predicted text is labelled text; each
labelled quote matches at most one prediction. Reported:

* direct precision and recall;
* speaker accuracy on matched direct quotes whose labelled speaker is named (not anonymous): the
  predicted speaker equals the labelled one or one of its alternatives, spaces and
  parentheses aside; broken down by how the label says the speaker is found;
* anonymous-flag accuracy on matched direct quotes;
* indirect recall (and, for information, indirect precision and speaker accuracy).

The rules were written from ``dev.json`` only; ``heldout.json`` is scored, never tuned on.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.korean.quotes import Quote, quotes_extract  # noqa: E402 - needs the path above

CORPUS = ROOT / "tests" / "data" / "quotes"
SPLITS = ("dev", "heldout")


def load(split: str) -> list[dict]:
    return json.loads((CORPUS / f"{split}.json").read_text(encoding="utf-8"))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def matches(predicted: tuple[int, int], labelled: tuple[int, int]) -> bool:
    """The issue's rule: ≥ 80% of the labelled text covered, ≥ 50% of the prediction labelled."""
    inter = _overlap(predicted, labelled)
    return inter >= 0.8 * (labelled[1] - labelled[0]) and inter >= 0.5 * (predicted[1] - predicted[0])


def _norm(name: str) -> str:
    return re.sub(r"\([^)]*\)|\s", "", name).lower()


def speaker_ok(predicted: str, label: dict) -> bool:
    names = [label["speaker"], *label.get("speaker_alternatives", [])]
    return _norm(predicted) in {_norm(n) for n in names}


@dataclass
class Tally:
    labelled: int = 0
    predicted: int = 0
    matched: int = 0
    named: int = 0
    speaker_right: int = 0
    anon_right: int = 0
    by_case: Counter = field(default_factory=Counter)
    by_case_right: Counter = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def ratio(self, a: int, b: int) -> float:
        return a / b if b else 0.0

    @property
    def precision(self) -> float:
        return self.ratio(self.matched, self.predicted)

    @property
    def recall(self) -> float:
        return self.ratio(self.matched, self.labelled)

    @property
    def speaker_accuracy(self) -> float:
        return self.ratio(self.speaker_right, self.named)

    @property
    def anonymous_accuracy(self) -> float:
        return self.ratio(self.anon_right, self.matched)


def _case(label: dict) -> str:
    cases = [c for c in label.get("cases", []) if c not in ("group",)]
    return cases[0] if cases else "named subject"


def score_article(article: dict, predicted: Sequence[Quote], kind: str, tally: Tally) -> None:
    labels = [q for q in article["quotes"] if q["kind"] == kind]
    preds = [q for q in predicted if q.kind == kind]
    tally.labelled += len(labels)
    tally.predicted += len(preds)
    free = list(range(len(preds)))
    for label in labels:
        hit = next(
            (i for i in free if matches((preds[i].start, preds[i].end), (label["start"], label["end"]))), None
        )
        if hit is None:
            tally.misses.append(f"{article['id']}: missed {kind} [{label['speaker']}] {label['text'][:70]!r}")
            continue
        free.remove(hit)
        pred = preds[hit]
        tally.matched += 1
        if pred.anonymous == label["anonymous"]:
            tally.anon_right += 1
        if not label["anonymous"]:
            tally.named += 1
            case = _case(label)
            tally.by_case[case] += 1
            if speaker_ok(pred.speaker, label):
                tally.speaker_right += 1
                tally.by_case_right[case] += 1
            else:
                tally.misses.append(
                    f"{article['id']}: speaker {pred.speaker!r} ({pred.resolution}) for [{label['speaker']}] "
                    f"{label['text'][:50]!r}"
                )
    for i in free:
        tally.misses.append(f"{article['id']}: extra {kind} [{preds[i].speaker}] {preds[i].text[:70]!r}")


def evaluate(articles: Iterable[dict]) -> dict[str, Tally]:
    tallies = {"direct": Tally(), "indirect": Tally()}
    for article in articles:
        predicted = quotes_extract(article["body"])
        for kind, tally in tallies.items():
            score_article(article, predicted, kind, tally)
    return tallies


def _pct(x: float) -> str:
    return f"{x:.3f}"


def report(results: dict[str, dict[str, Tally]]) -> str:
    lines = [
        "# Quotes (인용문): extraction measured on the labelled corpus",
        "",
        "Generated by `bench/quotes.py` from `tests/data/quotes/` (see its README for the labelling",
        "rules and sources). The corpus was split into dev and held-out before any rule was written;",
        "the rules were written from dev only. A predicted quote matches a labelled one when it covers",
        "≥ 80% of the labelled text and ≥ 50% of it is labelled text.",
        "",
        "| measure | dev | held-out | target |",
        "|---|---:|---:|---:|",
    ]
    d, h = results["dev"], results["heldout"]
    rows = [
        ("direct quotes labelled", str(d["direct"].labelled), str(h["direct"].labelled), ""),
        ("direct quotes predicted", str(d["direct"].predicted), str(h["direct"].predicted), ""),
        ("**direct precision**", _pct(d["direct"].precision), _pct(h["direct"].precision), "≥ 0.95"),
        ("**direct recall**", _pct(d["direct"].recall), _pct(h["direct"].recall), "≥ 0.90"),
        (
            "**speaker accuracy** (matched, named)",
            f"{_pct(d['direct'].speaker_accuracy)} ({d['direct'].speaker_right}/{d['direct'].named})",
            f"{_pct(h['direct'].speaker_accuracy)} ({h['direct'].speaker_right}/{h['direct'].named})",
            "≥ 0.90",
        ),
        (
            "anonymous-flag accuracy (matched)",
            _pct(d["direct"].anonymous_accuracy),
            _pct(h["direct"].anonymous_accuracy),
            "",
        ),
        ("indirect quotes labelled", str(d["indirect"].labelled), str(h["indirect"].labelled), ""),
        ("**indirect recall**", _pct(d["indirect"].recall), _pct(h["indirect"].recall), ""),
        ("indirect precision", _pct(d["indirect"].precision), _pct(h["indirect"].precision), ""),
        (
            "indirect speaker accuracy (matched, named)",
            _pct(d["indirect"].speaker_accuracy),
            _pct(h["indirect"].speaker_accuracy),
            "",
        ),
    ]
    lines += [f"| {a} | {b} | {c} | {t} |" for a, b, c, t in rows]
    lines += ["", "Speaker accuracy of matched direct quotes by how the label says the speaker is found:", ""]
    lines += ["| case | dev | held-out |", "|---|---:|---:|"]
    cases = sorted(set(d["direct"].by_case) | set(h["direct"].by_case))
    for case in cases:
        cells = []
        for t in (d["direct"], h["direct"]):
            n, r = t.by_case[case], t.by_case_right[case]
            cells.append(f"{r}/{n}" if n else "–")
        lines.append(f"| {case} | {cells[0]} | {cells[1]} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", choices=SPLITS, help="list every miss of this split")
    parser.add_argument("--no-write", action="store_true", help="print only, leave QUOTES.md alone")
    args = parser.parse_args(argv)
    results = {split: evaluate(load(split)) for split in SPLITS}
    text = report(results)
    print(text)
    if args.errors:
        for kind, tally in results[args.errors].items():
            print(f"--- {kind}: {len(tally.misses)} errors")
            for line in tally.misses:
                print(line)
    if not args.no_write:
        (ROOT / "bench" / "QUOTES.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
