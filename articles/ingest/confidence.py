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
# Layout signals that are only as good as the page they sit on: an unlabelled timestamp under the
# headline, or a headline above the byline. On a page the source URL, the article's own byline or
# copyright ties to a registered outlet, the header is that outlet's article header, so they
# count as strong; on a mirror or an unknown site they still wait for a curator.
CORROBORATED = {"title": frozenset(("headline above byline",)), "date": frozenset(("header timestamp",))}
CORROBORATING_OUTLET_SIGNALS = frozenset(("source url", "site name", "byline", "copyright"))


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
    anchored = article.evidence.get("outlet", "") in CORROBORATING_OUTLET_SIGNALS
    for field, ok in present.items():
        signal = article.evidence.get(field, "")
        if not ok:
            reasons.append(f"{field} unknown")
        elif article.evidence and signal not in _STRONG[field]:
            if anchored and signal in CORROBORATED.get(field, ()):
                continue
            reasons.append(f"{field} uncertain ({signal or 'guessed'})")
    return list(dict.fromkeys(reasons))


def extraction_summary(article: ParsedArticle) -> str:
    """``"title: h1; outlet: copyright; date: labelled dateline"``, for the article's record."""
    if not article.evidence:
        return "format parser"
    return "; ".join(f"{field}: {signal}" for field, signal in article.evidence.items())
