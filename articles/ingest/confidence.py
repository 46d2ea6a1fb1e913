"""Publish at once or ask a curator: a pure decision from the evidence behind an extraction.

A format parser (ZDNet search pages, Aju, Daum copies, JSON Lines) knows where each field sits,
so its fields are trusted. The generic extractor says which signal found the title, the outlet
and the date; a field found by a strong signal (meta tags, a registry match, a labelled dateline)
needs no curator, a guess does. Anything missing or contradicting itself waits for review.
"""

from __future__ import annotations

from articles.ingest.clean.publisher import STRONG as STRONG_OUTLET_SIGNALS
from articles.ingest.types import ParsedArticle

STRONG_TITLE_SIGNALS = frozenset(("og:title", "h1", "headline above dateline", "title tag"))
STRONG_DATE_SIGNALS = frozenset(("meta", "labelled dateline", "date element"))
_STRONG = {"title": STRONG_TITLE_SIGNALS, "outlet": STRONG_OUTLET_SIGNALS, "date": STRONG_DATE_SIGNALS}


def review_reasons(article: ParsedArticle) -> list[str]:
    """Why the article must wait for a curator; an empty list means publish it now.

    Keeps the parser's own reasons (a year inferred, conflicting outlets), adds one for each
    missing field and, for generic extraction, one for each field only a weak signal found.
    """
    reasons = list(article.review_reasons)
    present = {
        "title": bool(article.title),
        "outlet": bool(article.outlet),
        "date": article.published_date is not None,
    }
    for field, ok in present.items():
        if not ok:
            reasons.append(f"{field} unknown")
        elif article.evidence and article.evidence.get(field, "") not in _STRONG[field]:
            reasons.append(f"{field} uncertain ({article.evidence.get(field) or 'guessed'})")
    return list(dict.fromkeys(reasons))


def extraction_summary(article: ParsedArticle) -> str:
    """``"title: h1; outlet: copyright; date: labelled dateline"``, for the article's record."""
    if not article.evidence:
        return "format parser"
    return "; ".join(f"{field}: {signal}" for field, signal in article.evidence.items())
