"""Quotes (인용문): who said what in a Korean news text, by rules; no Django, no model.

``quotes_extract(text, people=…, organisations=…)`` returns ``Quote`` values with offsets into the
text. One module per concern: ``marks`` (quotation marks and broadcast syncs), ``phrases``
(subject noun phrases and what kind of speaker they name), ``speakers`` (resolving 배 장관, 그는
by the article's own introductions), ``extract`` (direct and indirect quotes), ``lexicon``
(the word lists the rules read).
"""

from __future__ import annotations

from articles.korean.quotes.extract import Quote, quotes_extract

__all__ = ["Quote", "quotes_extract"]
