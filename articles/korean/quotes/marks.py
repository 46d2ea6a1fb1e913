"""Where the quotation marks are: top-level quoted spans and broadcast syncs, with offsets.

News text mixes its marks: “…”, "…", ″…″, ‘…’, '…', a straight opening closed by a curly one
("…”), a curly opening closed by another opening (“…“라고, a typing slip), quotes nested in
quotes. The scan keeps one stack per paragraph and reports only the outermost spans; a span left
open at a paragraph's end may run on into the next one or two paragraphs when those hold no
other mark (a page that breaks one quote into lines), else it is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOUBLE_OPEN = '“"″「『'
_DOUBLE_CLOSE = {"“": "”“", '"': '"”', "″": '″”"', "「": "」", "『": "』"}
_SINGLE_OPEN = "‘'′"
_SINGLE_CLOSE = {"‘": "’'", "'": "'’", "′": "′’'"}
# After these, a left double mark closes the quote rather than opening a nested one (“…“라고).
_CLOSING_FOLLOWERS = re.compile(r"[라고며면이는\s.,)]")
_HANGUL = re.compile(r"[가-힣]")


@dataclass(frozen=True)
class Span:
    """A quoted stretch: ``text[start:end]`` is inside the marks; ``open``/``close`` are the marks' offsets."""

    start: int
    end: int
    open: int
    close: int
    double: bool


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in re.finditer(r"\n\s*\n", text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _is_apostrophe(text: str, i: int) -> bool:
    # Latin letters on both sides: it's, Korea's (but 'K-AI' 명칭 closes a quote).
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before.isascii() and before.isalpha() and after.isascii() and after.isalpha()


# The only characters the scan looks at: the marks, and full stops (which end a stray single mark).
_RELEVANT = re.compile("[“”\"″「」『』‘’'′.]")


def _scan(text: str, lo: int, hi: int) -> tuple[list[Span], int | None, str | None]:
    """Outermost spans in ``text[lo:hi]``; also the offset and mark of a double quote left open."""
    spans: list[Span] = []
    stack: list[tuple[str, int]] = []  # (opening mark, offset); stack[0] is the outermost
    positions = [m.start() for m in _RELEVANT.finditer(text, lo, hi)]
    j = 0
    while j < len(positions):
        i = positions[j]
        c = text[i]
        if stack:
            top_mark, top_at = stack[-1]
            if (
                len(stack) == 1
                and top_mark in _SINGLE_OPEN
                and (
                    c in '“”"″' or (c == "." and text[i - 1 : i] == "다" and text[i + 1 : i + 2] in (" ", ""))
                )
            ):
                # A single mark never closed before a double mark or the end of a sentence was a
                # stray ('카나나를 …): forget it and read this character afresh.
                stack.pop()
                continue
            closes = _DOUBLE_CLOSE.get(top_mark) or _SINGLE_CLOSE.get(top_mark, "")
            if c in closes and not (c == "'" and _is_apostrophe(text, i)):
                if c == "“" and top_mark == "“":
                    # A second left mark: closing only when what follows is a quotative or a stop.
                    nxt = text[i + 1 : i + 2]
                    if not nxt or not _CLOSING_FOLLOWERS.match(nxt):
                        stack.append((c, i))
                        j += 1
                        continue
                stack.pop()
                if not stack:
                    spans.append(Span(top_at + 1, i, top_at, i, top_mark in _DOUBLE_OPEN))
                j += 1
                continue
            if (c in _DOUBLE_OPEN and c not in '"″') or (c in _SINGLE_OPEN and c != "'" and c != "′"):
                stack.append((c, i))  # a nested quote inside this one
            elif c in '"″' and top_mark not in '"″' and len(stack) == 1 and top_mark in _SINGLE_OPEN:
                stack.append((c, i))
            j += 1
            continue
        if (c in _DOUBLE_OPEN and c != "”") or (
            c in _SINGLE_OPEN and not (c == "'" and _is_apostrophe(text, i))
        ):
            stack.append((c, i))
        j += 1
    if stack and stack[0][0] in _DOUBLE_OPEN:
        return spans, stack[0][1], stack[0][0]
    return spans, None, None


def quote_spans(text: str) -> list[Span]:
    """Every outermost quoted span of ``text``, in order."""
    spans: list[Span] = []
    paragraphs = _paragraphs(text)
    k = 0
    while k < len(paragraphs):
        lo, hi = paragraphs[k]
        found, open_at, mark = _scan(text, lo, hi)
        spans.extend(found)
        k += 1
        if open_at is None or mark is None:
            continue
        # A quote left open: look for its closing mark in the next paragraphs, none of which may
        # hold another mark before it.
        closes = _DOUBLE_CLOSE[mark]
        for j in range(k, min(k + 3, len(paragraphs))):
            plo, phi = paragraphs[j]
            segment = text[plo:phi]
            first = next((n for n, ch in enumerate(segment) if ch in '“”"″「」『』'), None)
            if first is None:
                continue
            if segment[first] in closes and (first + 1 >= len(segment) or segment[first + 1] not in '“"'):
                spans.append(Span(open_at + 1, plo + first, open_at, plo + first, True))
                # The rest of that paragraph is scanned on its own.
                rest, _, _ = _scan(text, plo + first + 1, phi)
                spans.extend(rest)
                k = j + 1
            break
    return spans


# Broadcast syncs: "[이름 / 직함 : 말]", "[이름/직함 (15일) : 말]", and the header forms that put
# the speaker on the line before the quote: "[이름/직함]", "녹취> 이름 / 직함",
# "▶ 인터뷰 : 이름 / 직함 - "말"".
SYNC_INLINE = re.compile(
    r"\[\s*(?P<name>[^\[\]/:\n]{1,25}?)\s*/\s*(?P<role>[^\[\]:\n]{1,60}?)\s*(?:\([^)\n]{0,20}\))?\s*:\s*"
    r"(?P<speech>[^\[\]\n]{2,}?)\s*\]"
)
SYNC_HEADERS = (
    # "[이름/직함]" alone on its line, the quote on the next one.
    re.compile(
        r"^[ \t]*\[\s*(?P<name>[^\[\]/:\n]{1,25}?)\s*/\s*(?P<role>[^\[\]:\n]{1,60}?)\s*(?:\([^)\n]{0,20}\))?\s*\][ \t]*$",
        re.MULTILINE,
    ),
    # "녹취> 이름 / 직함", "인터뷰> 이름 / 직함" alone on its line.
    re.compile(
        r"^[ \t]*(?:녹취|인터뷰|싱크)\s*>\s*(?P<name>[^/\n]{1,25}?)\s*/\s*(?P<role>[^\n]{1,60}?)[ \t]*$",
        re.MULTILINE,
    ),
    # "▶ 인터뷰 : 이름 / 직함 - " followed by the quote on the same line.
    re.compile(
        r"▶\s*(?:인터뷰|녹취)(?:\([^)\n]*\))?\s*:\s*(?P<name>[^/\n]{1,25}?)\s*/\s*(?P<role>[^\n-]{1,60}?)\s*-\s*"
    ),
)


def has_hangul(text: str) -> bool:
    return bool(_HANGUL.search(text))
