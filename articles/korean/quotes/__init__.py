"""Quotes (인용문): who said what in a Korean news text, by rules; no Django, no model.

``quotes_extract(text, people=…, organisations=…)`` returns ``Quote`` values with offsets into the
text. One module per concern: ``marks`` (quotation marks and broadcast syncs), ``clauses``
(how a quoted span is reported, the text with quotes masked), ``phrases`` (words and subject noun phrases),
``mentions`` (what kind of speaker a phrase names), ``speakers`` (resolving 배 장관, 그는 by the
article's own introductions), ``attribution`` (a quote's speaker from the sentences around it),
``extract`` (direct and indirect quotes), ``lexicon`` (the word lists the rules read).
"""

from __future__ import annotations

from articles.korean.quotes.extract import Quote, quotes_extract

__all__ = ["Quote", "quotes_extract"]
