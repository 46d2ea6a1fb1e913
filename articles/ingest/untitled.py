"""Articles copied without their headline: a provisional title from the lead, for a curator to replace.

Researchers often keep only the body of a story (dateline, byline and text as copied from the page).
Refusing it loses a real article; inventing a headline would pass a guess off as the outlet's. So
the article keeps a title made from the first words of its lead, the evidence says "lead
(provisional)", and a review reason tells the curator the real headline is unknown.
"""

from __future__ import annotations

import re

from articles.ingest.clean.bylines import strip_byline_prefix
from articles.ingest.clean.datelines import is_date_line
from articles.ingest.clean.text import normalize_space
from articles.ingest.outlets import OutletRegistry

PROVISIONAL_SIGNAL = "lead (provisional)"
PROVISIONAL_REASON = "title unknown: the text has no headline; the title is provisional, made from its lead"
MAX_CHARS = 60
# A lead is prose: a sentence of some length ending the Korean or the English way.
_PROSE_RE = re.compile(r"(?:다|요|음|함)[.\"”’)]?(?:\s|$)|[.?!][\"”’)]?(?:\s|$)")
# "(서울=연합뉴스) 홍길동 기자 =", "[OSEN=선미경 기자]", "홍길동 기자 =": who and where, not what.
_WIRE_PREFIX_RE = re.compile(
    r"^\s*(?:[(\[【<][^)\]】>]{1,40}[)\]】>]\s*)?(?:[가-힣]{2,4}\s*(?:기자|특파원|객원기자)\s*)*[=:]\s*"
)


def provisional_title(lines: list[str], outlets: OutletRegistry) -> str:
    """The first words of the text's lead, ended with "…" when cut; "" when no line reads as prose."""
    for raw in lines:
        line = normalize_space(raw)
        if len(line) < 30 or is_date_line(line) or not _PROSE_RE.search(line):
            continue
        line = strip_byline_prefix(line, outlets).rest or line
        line = _WIRE_PREFIX_RE.sub("", line).strip()
        sentence = re.split(r"(?<=[다요])\.\s|(?<=[.?!])\s", line, maxsplit=1)[0].strip()
        if len(sentence) < 10:
            continue
        return cut_title(sentence)
    return ""


def cut_title(sentence: str) -> str:
    """A sentence as a title: whole up to ``MAX_CHARS``, else cut at a word and ended with "…"."""
    if len(sentence) <= MAX_CHARS:
        return sentence
    head = sentence[:MAX_CHARS]
    space = head.rfind(" ")
    return (head[:space] if space > MAX_CHARS // 2 else head).rstrip(" ,·") + "…"


_FINISHED_RE = re.compile(r"(?:다|니다|요)[.\"”’)]*\s*$")
# Cut-off snippets ("...", "…") are a listing's teasers of other pages, not a story's text.
_CUT_RE = re.compile(r"(?:\.\.\.|…)\s*(?:\[[^\]]{1,10}\])?\s*$")


def untitled_reason(body: list[str], *, reporters: list[str], dated: bool) -> str | None:
    """Why headline-less text is no article: a lone snippet with nothing that an article prints.

    Without a headline the text must show it is a story of its own: a byline naming a reporter, a
    labelled date, or several paragraphs of prose. A search hit or a tag page's teaser has none.
    """
    if sum(1 for p in body if _CUT_RE.search(p)) >= 1 and len(body) <= 2:
        return "its text is a snippet cut off with an ellipsis (a listing's teaser)"
    letters = sum(len(re.findall(r"[0-9A-Za-z가-힣]", p)) for p in body)
    # A listing's snippet is one paragraph of a sentence or two; a story's text, even cut short,
    # runs longer or comes in paragraphs of finished sentences.
    paragraphs = sum(1 for p in body if len(p) >= 20 and _FINISHED_RE.search(p))
    if reporters or dated or letters >= 180 or paragraphs >= 2:
        return None
    return "no byline, date or second paragraph (a lone snippet, not a story)"
