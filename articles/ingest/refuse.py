"""Files that are not news articles, recognised by their shape before anyone reads them as one.

The generic extractor accepts any text, so data and code files (a JSON dictionary, a CSV export,
a YAML config, a word list, a script) must be turned away by what they are, with a reason a
person understands. Listing pages (search results, section indexes) are refused later, by the
extractor, because only reading the page shows that no article of its own is there.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable

_CODE_RE = re.compile(
    r"^\s*(?:def |class |import |from \S+ import |function\b|const |let |var |return\b|if \(|for \(|"
    r"#include|package |public |private |\}|\{$|//|/\*|\*/|@\w+|async |await |export |module\.exports)"
)
_INI_SECTION_RE = re.compile(r"^\s*\[[^\]]+\]\s*$")
_KEY_VALUE_RE = re.compile(r"^\s*[\w.\-\"']+\s*[=:]\s*\S?.*$")
_YAML_RE = re.compile(r"^\s*(?:-\s+)?[\w.\-\"']+\s*:(?:\s|$)|^\s*-\s+\S|^\s*#|^---\s*$")
_SENTENCE_RE = re.compile(r"(?:다|요|습니다|했다|이다)[.\"”’)]?\s*$|[.?!][\"”’)]?\s*$")


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def _share(lines: list[str], test: Callable[[str], object]) -> float:
    return sum(1 for line in lines if test(line)) / max(len(lines), 1)


def _is_table(lines: list[str]) -> str | None:
    for sep, kind in (("\t", "TSV"), (",", "CSV"), (";", "CSV")):
        # Fields as the csv module reads them, so quoted separators inside a cell do not count.
        counts = [len(row) - 1 for row in csv.reader(lines[:50], delimiter=sep)]
        if len(counts) >= 3 and counts[0] >= 2 and sum(c == counts[0] for c in counts) >= 0.8 * len(counts):
            return f"a {kind} table ({len(lines)} rows of {counts[0] + 1} columns), not an article"
    return None


def non_article_reason(text: str) -> str | None:
    """Why this text is a data, config or code file rather than a page; None if it may be a page."""
    stripped = text.strip()
    if stripped[:1] in "{[":
        try:
            json.loads(stripped)
        except ValueError:
            pass
        else:
            return (
                "a JSON document with no article records (JSON Lines, or a JSON array of records with a body)"
            )
    lines = _lines(text)
    if not lines:
        return None
    table = _is_table(lines)
    if table:
        return table
    if _share(lines, _CODE_RE.match) >= 0.3:
        return "source code, not an article"
    if (
        any(_INI_SECTION_RE.match(line) for line in lines)
        and _share(
            lines,
            lambda s: _INI_SECTION_RE.match(s) or _KEY_VALUE_RE.match(s) or s.lstrip().startswith(("#", ";")),
        )
        >= 0.8
    ):
        return "a configuration file (INI/TOML), not an article"
    # A config has several short entries; one long "- …" line of prose is a bulleted summary.
    if len(lines) >= 3 and _share(lines, lambda s: len(s) <= 200 and _YAML_RE.match(s)) >= 0.8:
        return "a configuration file (YAML), not an article"
    sentences = _share(lines, lambda s: len(s) > 40 and _SENTENCE_RE.search(s))
    if len(lines) >= 10 and sentences < 0.05 and _share(lines, lambda s: len(s.split()) <= 4) >= 0.8:
        return "a word list or dictionary (short entries, no sentences), not an article"
    return None
