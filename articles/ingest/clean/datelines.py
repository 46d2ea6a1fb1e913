"""The first-publication date of a page, read the way a person reads the dateline.

A page prints many dates: 입력 and 수정 stamps, print-edition markers (``2025-06-18 21면``), photo
captions (``2023.07.10.``), a weather bar's "today" (``2025.03.02 (일)``), the footer's company
registration date, dates in the text. Only a publication label (입력, 등록, 송고, 승인, 발행,
Published, Posted, Written, 방송일 …) or a bare timestamp standing alone in the page header says
when the article appeared; a label with nothing after it means the date is unknown, not guessable.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_TIME = (
    r"(?:[\s,(T|-]*(?P<ampm>오전|오후|AM|PM)?\s*\(?(?P<H>\d{1,2})\s*(?::|시\s*)(?P<M>\d{2})(?:\s*분)?"
    r"(?::(?P<S>\d{2}))?\)?(?:\s*(?P<ampm2>AM|PM)\b)?)?"
)
_WEEKDAY = r"(?P<wd>\s*\(?(?:[월화수목금토일](?:요일)?|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*)\)?(?![가-힣]))?"
_DATE_RE = re.compile(
    r"(?<![\d.])(?:(?P<y>(?:19|20)\d{2})\s*[.\-/]\s*(?P<m>\d{1,2})\s*[.\-/]\s*(?P<d>\d{1,2})(?![\d])\.?"
    r"|(?P<ky>(?:19|20)\d{2})\s*년\s*(?P<km>\d{1,2})\s*월\s*(?P<kd>\d{1,2})\s*일"
    r"|(?P<cy>(?:19|20)\d{2})(?P<cm>[01]\d)(?P<cd>[0-3]\d)(?=\s|$)"
    r"|(?P<ed>\d{1,2})\s+(?P<emon>[A-Z][a-z]{2,8})\.?,?\s+(?P<ey>(?:19|20)\d{2})"
    r"|(?P<emon2>[A-Z][a-z]{2,8})\.?\s+(?P<ed2>\d{1,2}),?\s+(?P<ey2>(?:19|20)\d{2}))" + _WEEKDAY + _TIME,
    re.I,
)
_PUBLISHED = (
    r"기사\s*입력|입력일?|기사\s*등록|등록일?|송고(?:\s*시간)?|기사\s*승인|승인|발행일?|작성일?|방송일|게시일"
    r"|(?<!신문)(?<!지면)게재일?|Published|Posted|Written|Date"
)
_UPDATED = r"최종\s*수정|수정일?|업데이트|갱신|Updated|Modified|Edited"
# The print edition's date ("신문게재 2025-06-18", "지면 2025-06-18") is when the paper carried it.
_PRINT = r"신문\s*게재(?:일)?|지면\s*게재(?:일)?|지면|게재\s*지면"
_LABEL_BEFORE_RE = re.compile(
    rf"(?:(?P<prn>{_PRINT})|(?P<pub>{_PUBLISHED})|(?P<upd>{_UPDATED}))\s*(?:일시|시간)?\s*[:：|]?\s*$", re.I
)
_LABEL_AFTER_RE = re.compile(r"^\s*(?:(?P<pub>입력|등록|송고)|(?P<upd>수정|최종수정))(?![가-힣])")
_PRINT_AFTER_RE = re.compile(
    r"^\s*\d{1,2}\s*면|^\s*\(?\s*[월화수목금토일]\s*\)?\s*$|^\s*[월화수목금토일]요일"
)
# Footer lines about the company (registration, publisher, editor) carry dates that are not the article's.
_FOOTER_RE = re.compile(
    r"등록번호|발행인|편집인|발행·편집|사업자|제호|창간|주소\s*:|청소년보호|Tel\b|전화\s*:"
)
_CAPTION_RE = re.compile(r"사진|제공|=뉴시스|/뉴스1|연합뉴스|뉴스핌|photo|ⓒ|©|\[email")


@dataclass(frozen=True)
class Dateline:
    """A publication date as found, with the signal that found it."""

    date: dt.date | None = None
    time: dt.time | None = None
    signal: str = ""  # "labelled dateline" | "header timestamp" | "" (nothing found)
    rejected: str = ""  # the page's labelled stamp when it names no possible day ("입력 2025.02.30")


def _moment(match: re.Match[str]) -> tuple[dt.date, dt.time | None] | None:
    """The date and time a ``_DATE_RE`` match names, or None for an impossible date."""
    g = match.groupdict()
    try:
        if g["y"] or g["ky"] or g["cy"]:
            y, m, d = (int(g[k] or g["k" + k] or g["c" + k]) for k in ("y", "m", "d"))
        else:
            month = (g["emon"] or g["emon2"] or "")[:3].lower()
            if month not in _MONTHS:
                return None
            y, m, d = int(g["ey"] or g["ey2"]), _MONTHS[month], int(g["ed"] or g["ed2"])
        date = dt.date(y, m, d)
    except (TypeError, ValueError):
        return None
    return date, _clock(g)


def _clock(g: dict[str, str | None]) -> dt.time | None:
    """The time of day of a match of ``_TIME``; 12-hour forms (``오후 6:13``) become 18:13."""
    if g["H"] is None:
        return None
    hour, minute = int(g["H"]), int(g["M"] or 0)
    ampm = (g["ampm"] or g["ampm2"] or "").lower()
    if ampm in ("오후", "pm") and hour < 12:
        hour += 12
    elif ampm in ("오전", "am") and hour == 12:
        hour = 0
    try:
        return dt.time(hour, minute)
    except ValueError:
        return None


def _in_footer(lines: list[str], index: int) -> bool:
    """A line of the company footer: it, or a short neighbour, names registration, publisher, address.

    Footers print the founding and registration dates (``등록일 : 2011. 05. 26``) under the same
    labels as a dateline; they are the company's, never the article's, whatever their label.
    """
    if _FOOTER_RE.search(lines[index]):
        return True
    return any(_FOOTER_RE.search(line) for line in lines[max(0, index - 4) : index + 5] if len(line) < 60)


# "입력 06-24 18:13": a dateline that drops the year, which the same dateline's other stamp gives.
_MONTH_DAY_RE = re.compile(
    r"(?P<label>기사\s*입력|입력|기사\s*등록|등록|송고|기사\s*승인|승인|발행|게재)\s*[:：|]?\s*"
    r"(?<![\d.\-/])(?P<m>[01]?\d)\s*[.\-/]\s*(?P<d>[0-3]?\d)(?![\d]|\s*[.\-/]\s*\d)\.?" + _TIME
)


def _month_day_dateline(lines: list[str], index: int) -> Dateline | None:
    """A labelled month-day stamp dated by the full date printed beside it (its 수정 stamp).

    The year is the one that puts publication on or before that other stamp. Without one the
    year is unknown: a board's ``작성일 11-17`` or a clock-less ``입력 06-24`` is never guessed.
    """
    match = _MONTH_DAY_RE.search(lines[index])
    if not match:
        return None
    context = " ".join(lines[max(0, index - 1) : index + 2])
    years = [m for m in (_moment(x) for x in _DATE_RE.finditer(context)) if m is not None]
    if not years:
        return None
    other = years[0][0]
    try:
        date = dt.date(other.year, int(match.group("m")), int(match.group("d")))
        if date > other:
            date = date.replace(year=other.year - 1)
    except ValueError:
        return None
    return Dateline(date, _clock(match.groupdict()), signal="labelled dateline")


def find_dateline(text: str, *, header_lines: int = 40) -> Dateline:
    """The first publication date and time the page prints, and how it was found.

    A labelled stamp anywhere wins (the first one that is not 수정/Updated or a print edition).
    Failing that, a bare timestamp on a short line of the page header (not a weekday "today"
    bar, not a caption or a sentence) counts. Nothing else does: dates inside the text are about
    something else, and dates in the company footer are the company's.
    """
    lines = text.split("\n")
    header: Dateline | None = None
    for index, line in enumerate(lines):
        if _in_footer(lines, index):
            continue
        for match in _DATE_RE.finditer(line):
            moment = _moment(match)
            numeric = bool(match.group("y") or match.group("ky") or match.group("cy"))
            if moment is None and not numeric:
                continue
            before = _LABEL_BEFORE_RE.search(line[max(0, match.start() - 16) : match.start()])
            if before is None and not line[: match.start()].strip():
                before = _label_line_above(lines, index)
            after = _LABEL_AFTER_RE.match(line[match.end() :])
            if before and before.group("prn"):
                continue  # the print edition's date
            label = before or after
            if label and label.group("upd"):
                continue
            if label and label.group("pub"):
                if moment is None:
                    # The page's own dateline names no possible day (2025.02.30): any other date on
                    # the page would be a guess, so there is none.
                    stamp = (before.group(0) if before else "") + match.group(0)
                    return Dateline(rejected=" ".join(stamp.split()))
                return Dateline(*moment, signal="labelled dateline")
            if moment is None:
                continue
            if header is None and index < header_lines and _stands_alone(line, match):
                header = Dateline(*moment, signal="header timestamp")
        month_day = _month_day_dateline(lines, index)
        if month_day is not None:
            return month_day
    return header or Dateline()


MAX_LABEL_LINE_CHARS = 12  # "입력", "기사입력 :", "송고시간": a label and nothing else


def _label_line_above(lines: list[str], index: int) -> re.Match[str] | None:
    """The label a page set in its own element above the stamp (``<dt>입력</dt><dd>2025.05.15</dd>``)."""
    above = next((line.strip() for line in reversed(lines[:index]) if line.strip()), "")
    if len(above) > MAX_LABEL_LINE_CHARS:
        return None
    match = _LABEL_BEFORE_RE.search(above)
    return match if match and match.start() == 0 else None


def _stands_alone(line: str, match: re.Match[str]) -> bool:
    """A timestamp on a line of its own (or beside a byline), not a "today" bar, caption or sentence.

    A stamp with seconds (``16:56:19``) is printed by the site's software, never typed into prose,
    so it stands alone even after a short widget text such as ``…로 이동합니다.``.
    """
    if match.group("wd") and match.group("H") is None:
        return False  # "2025.03.02 (일)" above a weather bar: the page's today
    if _PRINT_AFTER_RE.match(line[match.end() :]) or _CAPTION_RE.search(line):
        return False
    rest = (line[: match.start()] + " " + line[match.end() :]).strip(" |·•-")
    if len(rest) > 30:
        return False
    return bool(match.group("S")) or not re.search(r"[다요]\.?\s*$|[.?!]\s", rest)


_DATE_LINE_RE = re.compile(
    rf"^[\s•·|-]*(?:{_PUBLISHED}|{_UPDATED}|[가-힣/ㆍ·]{{0,12}}입력)\s*[:：|]?\s*$", re.I
)


def is_date_line(line: str) -> bool:
    """A dateline such as ``입력 2025.06.24 18:13 수정 …`` or ``Published: 04 Aug. 2025, 17:16``.

    Also a label printed with nothing after it (``기사입력 :``): chrome, never a headline.
    """
    line = line.strip()
    if len(line) > 90:
        return False
    if _DATE_LINE_RE.match(line):
        return True
    match = _DATE_RE.search(line)
    if not match or _moment(match) is None:
        return False
    rest = (line[: match.start()] + line[match.end() :]).strip()
    rest = _DATE_RE.sub("", rest)
    rest = re.sub(rf"{_PUBLISHED}|{_UPDATED}|[:：|•·,\s\-]", "", rest, flags=re.I)
    return len(rest) <= 12
