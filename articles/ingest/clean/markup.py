"""HTML to text: one string per block, inline tags kept inside their sentence.

Owns how pages saved as HTML (Daum copies, generic pages) become the lines the other cleaning
rules read; BeautifulSoup stays behind this module.
"""

from __future__ import annotations

from collections.abc import Callable

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from articles.ingest.clean.text import normalize_space

BLOCK_TAGS = frozenset(
    (
        *("address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt", "fieldset"),
        *("figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr"),
        *("li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot"),
        *("tr", "td", "th", "ul"),
    )
)
SKIP_TAGS = frozenset(
    (
        *("script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed", "button"),
        *("select", "input", "textarea"),
    )
)


def html_blocks(
    element: Tag, *, skip: frozenset[str] = SKIP_TAGS, skip_if: Callable[[Tag], bool] | None = None
) -> list[str]:
    """The text of an element as one string per block (``<p>``, ``<div>``, ``<br>``-separated run).

    Inline tags (``<a>``, ``<b>``) stay inside their sentence, unlike ``get_text("\\n")``.
    ``skip_if(tag)`` can veto subtrees such as figures or comment boxes.
    """
    blocks: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        text = normalize_space("".join(buffer))
        buffer.clear()
        if text:
            blocks.append(text)

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, (Comment, Doctype, Declaration, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                buffer.append(str(child).replace("\n", " "))
                continue
            if not isinstance(child, Tag):
                continue
            name = (child.name or "").lower()
            if name in skip or (skip_if is not None and skip_if(child)):
                if name in BLOCK_TAGS or name == "img":
                    flush()
                continue
            if name == "br":
                flush()
            elif name in BLOCK_TAGS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(element)
    flush()
    return blocks


def soup_of(text: str) -> BeautifulSoup:
    """Parse HTML with lxml (fast, tolerant of the fragments pages are copied as)."""
    return BeautifulSoup(text, "lxml")
