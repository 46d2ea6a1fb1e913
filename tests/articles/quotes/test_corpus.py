"""The labelled corpus and the extractor's figures on it (bench/quotes.py writes bench/QUOTES.md).

The floors are the issue's targets, on both halves: a change that drops below them fails here.
The corpus itself is checked too: every label points at its text in its article's body.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@cache
def bench():
    spec = importlib.util.spec_from_file_location("bench_quotes", ROOT / "bench" / "quotes.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_every_label_is_where_it_says(split):
    articles = bench().load(split)
    assert len({a["id"] for a in articles}) == len(articles)
    for article in articles:
        for q in article["quotes"]:
            assert article["body"][q["start"] : q["end"]] == q["text"], (article["id"], q["text"][:30])
            assert q["kind"] in ("direct", "indirect") and q["speaker"]


def test_the_corpus_is_as_large_as_promised():
    articles = [a for split in ("dev", "heldout") for a in bench().load(split)]
    direct = [q for a in articles for q in a["quotes"] if q["kind"] == "direct"]
    assert len(direct) >= 300
    assert sum(1 for a in articles if any(q["kind"] == "direct" for q in a["quotes"])) >= 60
    dev = {a["id"] for a in bench().load("dev")}
    assert not dev & {a["id"] for a in bench().load("heldout")}


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_the_targets_hold(split):
    tallies = bench().evaluate(bench().load(split))
    direct, indirect = tallies["direct"], tallies["indirect"]
    assert direct.precision >= 0.95, direct.misses
    assert direct.recall >= 0.90, direct.misses
    assert direct.speaker_accuracy >= 0.90, direct.misses
    assert direct.anonymous_accuracy >= 0.95
    assert indirect.recall >= 0.80, indirect.misses


def test_matching_follows_the_issue():
    m = bench().matches
    assert m((0, 80), (0, 100)) and not m((0, 79), (0, 100))  # 80% of the label covered
    assert m((0, 200), (0, 100)) and not m((0, 201), (0, 100))  # half the prediction is label
