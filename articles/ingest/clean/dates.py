"""Publication dates and times as pages write them, read as Seoul wall-clock time.

Owns the date formats (``2025.06.24 18:13``, ``2025년 6월 24일 오후 6:13``), which label wins
(``입력`` over ``수정``), and which lines are datelines rather than body text.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from articles.ingest.clean.text import normalize_space

try:
    SEOUL: dt.tzinfo = ZoneInfo("Asia/Seoul")
except ZoneInfoNotFoundError:  # pragma: no cover - only on systems without tzdata
    # Korea has not observed daylight saving time since 1988, so a fixed offset is exact.
    SEOUL = dt.timezone(dt.timedelta(hours=9), "KST")


def seoul_wall_time(moment: dt.datetime) -> tuple[dt.date, dt.time]:
    """Date and time as a Seoul clock shows them; naive datetimes are taken as Seoul time.

    Raises ValueError for a moment Seoul's calendar cannot hold (``9999-12-31T23:00-05:00`` is in
    the year 10000 there), as ``fromisoformat`` does for an impossible date.
    """
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone(SEOUL)
        except OverflowError as exc:
            raise ValueError(f"{moment.isoformat()} is out of range in Seoul time") from exc
    return moment.date(), moment.time().replace(microsecond=0, tzinfo=None)


# Datelines are read only as 19xx and 20xx: an earlier year in a feed is a placeholder
# (0001-01-01) or a typo, never when a news article appeared.
EARLIEST_DATE = dt.date(1900, 1, 1)
# An article is dated the day it appears. Seoul's calendar is ahead of most servers' clocks, so
# tomorrow there is the latest date a real article can carry; anything later is a scraper's
# placeholder (9999-12-31) or a typo, and would sit at the top of every "newest first" list.
FUTURE_DAYS = 1


def seoul_today() -> dt.date:
    """Today's date on a Seoul calendar."""
    return dt.datetime.now(SEOUL).date()


def implausible_date(date: dt.date, *, today: dt.date | None = None) -> str:
    """Why ``date`` cannot be a publication date ("in the future", "before 1900"), or ``""``."""
    if date > (today or seoul_today()) + dt.timedelta(days=FUTURE_DAYS):
        return "in the future"
    if date < EARLIEST_DATE:
        return f"before {EARLIEST_DATE.year}"
    return ""


_UPDATE_LABELS = ("수정", "업데이트", "최종수정", "최종 수정", "갱신")
_DATE_RE = re.compile(
    r"(?P<label>기사\s*입력|입력|등록일?|작성일?|발행일?|게재|승인|송고(?:\s*시간)?|기사\s*전송|최종\s*수정|수정|업데이트|갱신)?"
    r"\s*(?:일시|시간)?\s*[:：]?\s*"
    r"(?:(?P<y>(?:19|20)\d{2})\s*[.\-/]\s*(?P<m>\d{1,2})\s*[.\-/]\s*(?P<d>\d{1,2})\.?"
    r"|(?P<ky>(?:19|20)\d{2})\s*년\s*(?P<km>\d{1,2})\s*월\s*(?P<kd>\d{1,2})\s*일)"
    r"(?:\s*\(?[월화수목금토일]\)?)?"
    r"(?:[ T]*(?P<ampm>오전|오후|AM|PM|am|pm)?\s*"
    r"(?P<H>\d{1,2})\s*(?::|시\s*)(?P<M>\d{2})(?:\s*분)?(?::(?P<S>\d{2}))?"
    r"(?:\s*(?P<ampm2>AM|PM|am|pm))?)?"
)


def _to_datetime(match: re.Match[str]) -> tuple[dt.date, dt.time | None] | None:
    y = match.group("y") or match.group("ky")
    m = match.group("m") or match.group("km")
    d = match.group("d") or match.group("kd")
    try:
        date = dt.date(int(y), int(m), int(d))
    except ValueError:
        return None
    if match.group("H") is None:
        return date, None
    hour, minute = int(match.group("H")), int(match.group("M"))
    ampm = (match.group("ampm") or match.group("ampm2") or "").lower()
    if ampm in ("오후", "pm") and hour < 12:
        hour += 12
    elif ampm in ("오전", "am") and hour == 12:
        hour = 0
    try:
        return date, dt.time(hour, minute, int(match.group("S") or 0))
    except ValueError:
        return date, None


def find_published_at(text: str) -> tuple[dt.date | None, dt.time | None]:
    """The publication date/time a page states, preferring ``입력``/``등록`` over ``수정``.

    Understands ``2025.06.24 18:13``, ``2025-06-24 18:13``, ``2025년 6월 24일 18:13``
    and ``2025.06.24. 오후 6:13``. Returns (None, None) when no date is found.
    """
    labelled: tuple[dt.date, dt.time | None] | None = None
    unlabelled: tuple[dt.date, dt.time | None] | None = None
    for match in _DATE_RE.finditer(text):
        parsed = _to_datetime(match)
        if parsed is None:
            continue
        label = re.sub(r"\s+", "", match.group("label") or "")
        if label and not any(label.startswith(u.replace(" ", "")) for u in _UPDATE_LABELS):
            labelled = parsed
            break
        if not label and unlabelled is None:
            unlabelled = parsed
    best = labelled or unlabelled
    return best if best else (None, None)


_DATE_LINE_RE = re.compile(
    r"^(?:(?:기사\s*)?입력|등록|작성|수정|최종\s*수정|업데이트|발행|승인|게재|송고(?:\s*시간)?|기사\s*전송)[^가-힣]{0,3}\s*"
    r"(?:(?:19|20)\d{2}\s*[.\-/년])"
)


def is_date_line(line: str) -> bool:
    """A dateline such as ``입력 2025.06.24 18:13 수정 2025.06.24 19:00``."""
    line = normalize_space(line)
    return len(line) <= 80 and bool(_DATE_LINE_RE.match(line))
