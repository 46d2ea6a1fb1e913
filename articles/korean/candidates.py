"""Candidate extraction for curators: names Kiwi recognises that the dictionary may lack.

Kept apart from the lexeme rules because it reads Kiwi's raw tags (NNP) rather than index terms,
and serves curation, not search.
"""

from __future__ import annotations

from collections.abc import Iterable

from articles.korean.kiwi import _get_analyser


def proper_nouns_many(texts: Iterable[str]) -> list[list[str]]:
    """The proper nouns (Kiwi NNP) written in each text, in order, as written; one Kiwi batch.

    For curators looking for names the dictionary lacks: a morpheme Kiwi analysed into something
    other than what is written (a split name) is skipped.
    """
    return [
        [t.form for t in tokens if t.tag == "NNP" and t.form == text[t.start : t.end]]
        for text, tokens in _get_analyser().tokenize_many(texts)
    ]
