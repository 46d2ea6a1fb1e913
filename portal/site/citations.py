"""Citations of archive articles for reference managers: RIS, BibTeX (biblatex) and CSL-JSON.

Every format describes a newspaper article: the reporters are the authors, the outlet is the
container, the publication date is the issued date, the archive permalink is the URL (the
outlet's own page may vanish; the archive copy does not) and today, in Seoul, is the access date.
Korean names are single tokens ("장유미"): no format may split them into given and family names,
since no rule can tell a two-syllable surname (남궁, 황보) from a given name.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from articles.models import SEOUL, Article

ARCHIVE_NAME = "AI 정책 뉴스 아카이브"


def today_in_seoul() -> dt.date:
    """The access date of a citation: the researcher's day is Korean time, whatever the server's."""
    return dt.datetime.now(SEOUL).date()


@dataclass(frozen=True)
class Citable:
    """What every citation format needs from one article, with the permalink already absolute."""

    id: int
    title: str
    outlet: str
    outlet_slug: str
    published: dt.date | None
    reporters: tuple[str, ...]
    permalink: str
    accessed: dt.date
    original_url: str = ""
    subtitle: str = ""
    language: str = "ko"
    keywords: tuple[str, ...] = field(default_factory=tuple)

    @property
    def key(self) -> str:
        """A stable ASCII citation key, e.g. ``zdnet-korea2025-16``; the same in BibTeX and CSL-JSON."""
        year = str(self.published.year) if self.published else "nd"
        return re.sub(r"[^A-Za-z0-9_:-]", "", f"{self.outlet_slug}{year}-{self.id}")


def citable(
    article: Article, *, absolute_url: Callable[[str], str], accessed: dt.date | None = None
) -> Citable:
    """Describe ``article`` for citation; ``absolute_url`` is e.g. ``request.build_absolute_uri``.

    Keywords come from ``persons``, ``programmes`` and ``organisations`` when the caller attached
    them (as the search selector and the exports do); otherwise there are none.
    """
    keywords = tuple(
        e.name for attr in ("persons", "programmes", "organisations") for e in getattr(article, attr, ())
    )
    return Citable(
        id=article.pk,
        title=article.title,
        outlet=article.outlet.name,
        outlet_slug=article.outlet.slug,
        published=article.published_date,
        reporters=tuple(article.reporters),
        permalink=absolute_url(article.get_absolute_url()),
        accessed=accessed or today_in_seoul(),
        original_url=article.url,
        subtitle=article.subtitle,
        language=article.language,
        keywords=keywords,
    )


# --- RIS ------------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _ris_date(day: dt.date) -> str:
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}/"


def ris_record(c: Citable) -> str:
    """One RIS record (``TY  - NEWS`` … ``ER  -``), CRLF line ends as the RIS specification has them.

    Tags follow Zotero's RIS translator: for NEWS, ``T2`` is the publication (``JO`` would become
    the journal abbreviation), ``Y2`` the access date, ``DP`` the database the record came from.
    ``UR`` is the archive permalink; the outlet's own page, when known, is ``L2`` ("link to full
    text"), which Zotero imports as a link next to the item.
    """
    lines: list[tuple[str, str]] = [("TY", "NEWS"), ("TI", c.title)]
    lines += [("AU", name) for name in c.reporters]
    lines.append(("T2", c.outlet))
    if c.published:
        lines += [("PY", f"{c.published.year:04d}"), ("DA", _ris_date(c.published))]
    lines += [("Y2", _ris_date(c.accessed)), ("UR", c.permalink)]
    if c.original_url:
        lines.append(("L2", c.original_url))
    if c.subtitle:
        lines.append(("AB", c.subtitle))
    lines += [("KW", keyword) for keyword in c.keywords]
    lines += [("LA", c.language), ("DP", ARCHIVE_NAME)]
    body = "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines)
    return body + "ER  - \r\n"


# --- BibTeX / biblatex ----------------------------------------------------------------------

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_SPECIALS_RE = re.compile("|".join(re.escape(ch) for ch in _LATEX_SPECIALS))
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def latex_escape(text: str) -> str:
    """Escape LaTeX's special characters so a field stays literal and its braces balanced."""
    return _LATEX_SPECIALS_RE.sub(lambda m: _LATEX_SPECIALS[m.group()], _one_line(text))


def _url_field(url: str) -> str:
    # biblatex reads url verbatim; only braces could unbalance the field, and URLs may percent-encode them.
    return url.replace("{", "%7B").replace("}", "%7D")


def bibtex_entry(c: Citable) -> str:
    """One ``@article`` entry with ``entrysubtype = {newspaper}``.

    Why ``@article``: it is the one type every BibTeX style, biblatex, Zotero and JabRef read, and
    its ``journal`` field is the container, which is where the outlet belongs. ``entrysubtype =
    {newspaper}`` is biblatex's own marker for newspaper articles (Better BibTeX maps it to a Zotero
    newspaper article); plain BibTeX ignores it. ``@online``/``@misc`` would lose the outlet as
    container. Names are wrapped in braces so no style splits or abbreviates "장유미" as
    "유., 장"; the title is double-braced so styles that lowercase titles keep "LG AI연구원".
    """
    fields: list[tuple[str, str]] = []
    if c.reporters:
        fields.append(("author", " and ".join(f"{{{latex_escape(name)}}}" for name in c.reporters)))
    fields += [
        ("title", f"{{{latex_escape(c.title)}}}"),
        ("journal", latex_escape(c.outlet)),
        ("entrysubtype", "newspaper"),
    ]
    if c.published:
        fields += [
            ("date", c.published.isoformat()),
            ("year", str(c.published.year)),
            ("month", _MONTHS[c.published.month - 1]),
        ]
    fields += [("url", _url_field(c.permalink)), ("urldate", c.accessed.isoformat()), ("langid", "korean")]
    if c.keywords:
        fields.append(("keywords", latex_escape(", ".join(c.keywords))))
    if c.original_url:
        # Inside another command's argument, \url needs % and # escaped (url package manual).
        original = _url_field(c.original_url).replace("%", r"\%").replace("#", r"\#")
        fields.append(("note", f"원문: \\url{{{original}}}"))
    # `month` is a BibTeX macro (sep), every other value braced.
    rendered = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}" for name, value in fields
    )
    return f"@article{{{c.key},\n{rendered}\n}}\n"


# --- CSL-JSON -------------------------------------------------------------------------------


def _date_parts(day: dt.date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_item(c: Citable) -> dict:
    """One CSL-JSON item of type ``article-newspaper``; authors as ``literal`` names (never split)."""
    item: dict = {
        "id": c.key,
        "type": "article-newspaper",
        "title": c.title,
        "container-title": c.outlet,
        "author": [{"literal": name} for name in c.reporters],
        "URL": c.permalink,
        "accessed": _date_parts(c.accessed),
        "language": c.language,
        "source": ARCHIVE_NAME,
    }
    if c.published:
        item["issued"] = _date_parts(c.published)
    if c.subtitle:
        item["abstract"] = c.subtitle
    if c.keywords:
        item["keyword"] = ", ".join(c.keywords)
    if c.original_url:
        item["note"] = f"원문: {c.original_url}"
    return item


def csl_json_chunks(citables: Iterable[Citable]) -> Iterable[str]:
    """A CSL-JSON array, piece by piece, so a long result set can be streamed."""
    yield "["
    for i, c in enumerate(citables):
        yield ("," if i else "") + "\n" + json.dumps(csl_item(c), ensure_ascii=False)
    yield "\n]\n"
