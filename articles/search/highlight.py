"""Snippets and highlighting from Kiwi token offsets (ts_headline knows nothing of Korean morphemes).

Article text is untrusted: everything outside <mark> is HTML-escaped here, and the result is the
only place the templates and the API receive markup from.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.korean import Lexeme


def _spans(lexemes: Sequence[Lexeme], wanted: Collection[str]) -> list[tuple[int, int]]:
    spans = sorted({(lx.start, lx.end) for lx in lexemes if lx.text in wanted})
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out: list[str] = []
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[pos:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    out.append(escape(text[pos:end]))
    return "".join(out)


def surface_lexemes(text: str, wanted: Collection[str]) -> list[Lexeme]:
    """Where the wanted lexemes are written in ``text``, found without Kiwi: every occurrence of
    each, ignoring case; a Latin or digit lexeme only as a whole run of Latin letters and digits
    ("ai" in "AI연구원", not in "said"). Korean lexemes are the spelled stems of nouns and names, so
    they stand in the text as written ("배경훈" in "배경훈이"). For search-result snippets, where
    reading 20 to 100 bodies with Kiwi would cost more than the whole search."""
    folded, origin = _folded(text)
    out: list[Lexeme] = []
    for lexeme in wanted:
        if not lexeme:
            continue
        latin_edges = (
            lexeme[0].isascii() and lexeme[0].isalnum(),
            lexeme[-1].isascii() and lexeme[-1].isalnum(),
        )
        needle = lexeme.casefold()  # a lexeme is only lower-cased: "größe" is "grösse" in folded text
        start = folded.find(needle)
        while start >= 0:
            end = start + len(needle)
            before = folded[start - 1] if start else ""
            after = folded[end] if end < len(folded) else ""
            if not (latin_edges[0] and before.isascii() and before.isalnum()) and not (
                latin_edges[1] and after.isascii() and after.isalnum()
            ):
                if origin is None:
                    out.append(Lexeme(lexeme, start, end))
                else:
                    out.append(Lexeme(lexeme, origin[start], origin[end - 1] + 1))
            start = folded.find(needle, start + 1)
    return out


def _folded(text: str) -> tuple[str, list[int] | None]:
    """``text`` case-folded and, when folding changed its length ("ß" → "ss", "İ" → "i̇"), the index
    in ``text`` of each folded character: offsets found in the folded text must mark the original
    (without it, everything after an "ß" was marked one character off)."""
    folded = text.casefold()
    if len(folded) == len(text):  # every character folded to one: offsets agree (nearly always)
        return folded, None
    return folded, [i for i, char in enumerate(text) for _ in char.casefold()]


def highlight(text: str, lexemes: Sequence[Lexeme], wanted: Collection[str]) -> SafeString:
    """The whole text, escaped, with every morpheme in ``wanted`` wrapped in <mark>."""
    return mark_safe(_render(text, _spans(lexemes, wanted), 0, len(text)))


def snippet(text: str, lexemes: Sequence[Lexeme], wanted: Collection[str], *, width: int = 180) -> SafeString:
    """The ``width``-character window with the most matches, escaped, matches marked."""
    spans = _spans(lexemes, wanted)
    if len(text) <= width:
        return mark_safe(_render(text, spans, 0, len(text)))
    # The window starting at each match holds the matches up to the first one starting past it; the
    # spans are sorted, so that one only moves forward (linear: a long body can hold thousands).
    best_start, best_hits, past = 0, 0, 0
    for i, (s, _) in enumerate(spans):
        past = max(past, i)
        while past < len(spans) and spans[past][0] < s + width:
            past += 1
        if past - i > best_hits:
            best_start, best_hits = s, past - i
    # Start a little before the first match, at a word boundary, so the match has context.
    start = max(0, best_start - width // 4)
    if start:
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space >= 0 and start - space < 20 else start
    start = min(start, max(0, len(text) - width))
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start + width // 2, end)
        end = space if space > 0 else end
    body = _render(text, spans, start, end)
    return mark_safe(("…" if start else "") + body + ("…" if end < len(text) else ""))
