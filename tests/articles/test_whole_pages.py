"""Whole saved pages (tests/data/pages): the archive beats trafilatura as it is, and refuses portals.

Floors are ratchets at the measured figures (bench/FIDELITY.md, ``python -m bench.whole_pages``):
they fail when extraction on whole pages regresses.
"""

from __future__ import annotations

from bench.whole_pages import FIELDS, archive, baseline, labels, tally

FLOORS = {"title": 0.81, "outlet": 0.90, "date": 0.90, "reporters": 0.72}


def test_fields_on_whole_pages_reach_the_measured_floors():
    result = tally(labels(), archive)
    assert result.refused_articles == 0, result.misses
    for name, floor in FLOORS.items():
        assert result.hits[name] / result.articles >= floor, (name, result.misses)


def test_no_portal_home_or_section_page_becomes_an_article():
    result = tally(labels(), archive)
    assert result.listings >= 4
    assert result.listings_accepted == 0, result.misses


def test_the_archive_beats_trafilatura_as_it_is():
    ours, theirs = tally(labels(), archive), tally(labels(), baseline)
    assert sum(ours.hits[n] for n in FIELDS) > sum(theirs.hits[n] for n in FIELDS)
    assert ours.listings_accepted < theirs.listings_accepted
