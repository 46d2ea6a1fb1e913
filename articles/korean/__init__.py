"""Korean analysis for full-text search, built on Kiwi; Django-free, so any layer may use it.

Documents and queries go through the same pipeline, so whatever Kiwi does to a word, both sides
see the same lexemes. The output is meant for PostgreSQL ``tsvector``/``tsquery`` values built
from literals, never through ``to_tsvector``/``to_tsquery``, whose parser would split the lexemes
again. One module per concern, lowest first:

* ``spelling``: how text becomes lexeme text (``term_key``, ``normalise_term``) and the
  offset-preserving clean-up Kiwi reads;
* ``kiwi``: Kiwi's lifecycle (one lazy instance per process, fork safety), the user dictionary
  (``set_user_terms``, ``user_terms``) and ``dictionary_version``; the only kiwipiepy import;
* ``lexemes``: which morphemes become lexemes, compounds and extras, with offsets (``lexemes``);
* ``literals``: PostgreSQL positions and literal syntax (``positions``, ``tsvector_literal``);
* ``queries``: search strings as per-word groups and tsquery text (``query_groups``,
  ``tsquery_literal``);
* ``candidates``: proper nouns for curators (``proper_nouns_many``);
* ``quotes`` (a sub-package, imported as ``articles.korean.quotes``): who said what in a text
  (``quotes_extract``), by rules on the text itself; it needs no Kiwi, so it adds no second
  analysis to the ingest.

Callers use this package (``from articles import korean``; ``korean.lexemes(...)``), not the
modules, so the split stays an internal matter.
"""

from __future__ import annotations

# ``_Analyser``, ``_get_analyser`` and ``_analyse_many`` are not public (so not in __all__), but
# re-exported (``x as x``) for the tests and bench/recall.py, which compare with a dictionary-free
# analyser and with Kiwi's own reading.
from articles.korean.candidates import proper_nouns_many
from articles.korean.kiwi import ANALYSER_VERSION, dictionary_version, preload, set_user_terms, user_terms
from articles.korean.kiwi import _Analyser as _Analyser
from articles.korean.kiwi import _get_analyser as _get_analyser
from articles.korean.lexemes import Lexeme, TextAnalysis, analyse_many, lexemes, lexemes_many
from articles.korean.lexemes import _analyse_many as _analyse_many
from articles.korean.literals import positions, tsvector_literal
from articles.korean.queries import QueryGroup, query_groups, query_lexemes, tsquery_literal
from articles.korean.spelling import normalise_term, term_key

__all__ = [
    "ANALYSER_VERSION",
    "Lexeme",
    "QueryGroup",
    "TextAnalysis",
    "analyse_many",
    "dictionary_version",
    "lexemes",
    "lexemes_many",
    "normalise_term",
    "positions",
    "preload",
    "proper_nouns_many",
    "query_groups",
    "query_lexemes",
    "set_user_terms",
    "term_key",
    "tsquery_literal",
    "tsvector_literal",
    "user_terms",
]
