"""Does a page's URL name one article? Evidence for keeping a doubtful text, never for refusing one.

A scraper records where each page came from. An article's URL identifies one item: an id in its
path (``/20240912000374``, ``/articles/152926``, ``/A00001483352.html``, ``/view/PWebl7Xtrp8.html``)
or in its query (``articleView.html?idxno=117295``, ``?p=861404``, ``read.nhn?…&aid=0002915741``).
A listing's URL names a collection instead (``/search?q=``, ``/tag/``, ``/section/…?page=52``,
``/reporter?eid=…``), and then it is no article's whatever ids it also carries.
"""

from __future__ import annotations

import re
from itertools import pairwise
from urllib.parse import parse_qsl, urlsplit

# Path segments and query keys of collections: search results, tags, sections, people, series.
_LISTING_WORD_RE = re.compile(
    r"^(?:search|tags?|hashtags?|reporters?|authors?|writers?|journalists?|sections?|subsection|"
    r"categor(?:y|ies)|archives?|series|special|sitemap|rss|feeds?)$",
    re.I,
)
_LISTING_KEYS = frozenset(
    ("q", "query", "kwd", "keyword", "keywords", "search", "searchword", "sword", "tag")
)
# An id in the path: a run of six digits, or a token of letters and four or more digits
# ("A00001483352.html", "NB12106086.html", "2020063003662.html").
_ID_SEGMENT_RE = re.compile(r"\d{6}|^(?=[\w.-]*\d{4})[A-Za-z0-9_-]{6,}(?:\.\w+)?$|^\d{4,}(?:\.\w+)?$")
# After "view"/"article"/"v", any token is the item's ("/view/PWebl7Xtrp8.html", "/v/2019…").
_ITEM_WORD_RE = re.compile(r"^(?:\w*view|article|articles|arti|story|stories|read|post|posts|v)$", re.I)
# Query keys that carry an id: "idxno", "no", "aid", "pid", "p", "key", "ud", "ncd", "nid",
# "contid", "content_id", "wr_id", "num_seq", "nNewsNumb", "Seq_Code", "pk_no", "ar_id", "id".
_ID_KEY_RE = re.compile(
    r"(?:^|_)(?:id|no|idx|idxno|aid|pid|p|key|ud|ncd|nid|contid|seq|num|numb|code|art)$|numb$|no$|id$", re.I
)


def names_an_article(url: str) -> bool:
    """True when ``url`` identifies a single article (an item id, no collection words)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    segments = [segment for segment in parts.path.split("/") if segment]
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    # A headline slug ("…-passes-special-semiconductor-bill-") is no collection's name.
    words = [word for segment in segments if len(segment) <= 30 for word in re.split(r"[_.\-]", segment)]
    if any(_LISTING_WORD_RE.match(w) for w in words) or any(k.lower() in _LISTING_KEYS for k, _ in pairs):
        return False
    if any(_ID_SEGMENT_RE.search(s) for s in segments):
        return True
    if any(_ITEM_WORD_RE.match(a) and len(b) >= 6 for a, b in pairwise(segments)):
        return True
    if re.fullmatch(r"\d{4,}", parts.query):  # "news1.kr/articles/?4304009"
        return True
    return any(
        _ID_KEY_RE.search(key) and (re.search(r"\d{3,}", value) or re.fullmatch(r"[\w-]{16,}", value))
        for key, value in pairs
    )
