"""Who published a page, from the evidence a reader would use, resolved against the registry.

A page names its publisher in many places: its own URL and ``og:url``, ``og:site_name``, the
copyright line, the wire dateline ``(서울=연합뉴스) 홍길동 기자 =``, a bracket byline
``[헤럴드경제=홍길동 기자]``, the reporter's e-mail, image paths and portal codes. Only names the
registry knows count: ``[경주=홍길동 기자]`` names a place and a reporter is never an outlet.
Evidence is ranked so the most specific wins and the article's own publisher beats a wire
service whose photo it runs or a portal that carries it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from articles.ingest.clean.patterns import EMAIL, NAMES, TITLE_WORDS
from articles.ingest.outlets import OutletRecord, OutletRegistry

# Signals, strongest first. A "strong" signal alone is enough to publish without a curator.
RANKS: dict[str, int] = {
    "source url": 0,  # the URL the page was fetched from, or its canonical/og:url
    "site name": 1,  # og:site_name / application-name
    "byline": 2,  # "[서울=뉴시스] 홍길동 기자 =", "[디지털데일리 이종현기자]"
    "copyright": 3,  # "ⓒ 전자신문", "Copyright © 뉴스1"
    "e-mail": 4,  # the reporter's address domain
    "portal code": 5,  # Daum image path /news/202508/06/akn/, Naver oid
    "dateline": 6,  # a wire mark without a reporter: usually a photo credit
    "link": 7,  # any other URL or host printed in the page
    "masthead": 8,  # the outlet's name alone on a line near the top
}
# A registry name alone on a line at the top is the site's logo: as good as og:site_name.
STRONG = frozenset(("source url", "site name", "byline", "copyright", "e-mail", "portal code", "masthead"))


@dataclass(frozen=True)
class Clue:
    """One piece of evidence that a page belongs to an outlet."""

    record: OutletRecord
    signal: str

    @property
    def rank(self) -> int:
        return RANKS[self.signal]


_URL_RE = re.compile(r"(?:https?:)?//([a-z0-9.-]+\.[a-z]{2,})(/[^\s\"'<>)\]]*)?", re.I)
_EMAIL_RE = re.compile(EMAIL)
_DAUM_RE = re.compile(r"daumcdn\.net/news/\d{6}/\d{2}/([A-Za-z0-9_-]+)/")
_NAVER_RE = re.compile(r"news\.naver\.com/(?:main/read\.naver\?[^\s\"']*oid=|mnews/article/|article/)(\d{3})")
_PORTAL_HOSTS: tuple[str, ...] = (
    "daum.net",
    "daumcdn.net",
    "kakao.com",
    "naver.com",
    "naver.net",
    "pstatic.net",
    "zum.com",
)
_PORTAL_HOSTS += (
    "nate.com",
    "google.com",
    "youtube.com",
    "facebook.com",
    "twitter.com",
    "x.com",
    "kakao.co.kr",
)


def _registry_regexes(outlets: OutletRegistry) -> tuple[re.Pattern[str], ...]:
    names = outlets.names_pattern
    copyright_re = re.compile(
        rf"(?:ⓒ|©|\(c\)|Copyright|저작권자)\s*(?:[(（]?\s*(?:c|ⓒ|©)\s*[)）])?\s*['\"‘’“”]?\s*"
        rf"(?:\d{{4}}\s*)?(?:주식회사\s*|\(주\)\s*|온라인\s*경제미디어\s*)?({names})(?![가-힣A-Za-z])",
        re.I,
    )
    # (서울=연합뉴스) 홍길동 기자 =   [세종=뉴스핌] 홍길동 기자 =   [헤럴드경제=홍길동 기자]   [더팩트 | 대전=홍길동 기자]
    with_reporter = re.compile(
        rf"[\[(【]\s*(?:[^\[\]()【】=|]{{1,12}}=\s*)?({names})\s*(?:[=|]\s*[^\[\]()【】]{{0,12}}?)?\s*[\])】]?\s*"
        rf"(?:{NAMES})\s*{TITLE_WORDS}"
        rf"|[\[(【]\s*({names})\s*[=|]?\s*(?:[가-힣]{{1,6}}\s*=\s*)?(?:{NAMES})\s*{TITLE_WORDS}",
        re.I,
    )
    dateline = re.compile(rf"[\[(【]\s*[가-힣A-Za-z]{{1,10}}\s*=\s*({names})\s*[\])】]", re.I)
    masthead = re.compile(rf"^\s*(?:{names})\s*$", re.I)
    # The outlet opening a line or a lead: "[기계신문] 광주과학기술원은", "[KBS 대구] [앵커]",
    # "매일일보 = 황경근 기자 |", "서림신문 기자 입력 2023.06.28", and a broadcast sign-off
    # "뉴스토마토 김지영입니다" (not a guest's "네, 디지털타임스 박지성입니다"). A credit like
    # "[연합뉴스 자료사진]" is a photo, not a byline.
    lead = re.compile(
        rf"^\s*[\[【]\s*({names})(?:\s+(?!자료|사진|제공|그래픽|DB|캡처)[가-힣A-Za-z0-9]{{1,6}})?\s*[\]】]"
        rf"|^\s*({names})\s*=\s*(?:{NAMES})\s*{TITLE_WORDS}"
        rf"|^\s*({names})\s+{TITLE_WORDS}\s+(?:입력|등록|승인)"
        rf"|(?<!네,\s)(?<!네\s)\b({names})\s+(?:{NAMES})입니다(?![가-힣])",
        re.I | re.M,
    )
    # A programme or desk suffix naming the outlet: "... [MBN 뉴스7]"; weak, the page may quote it.
    tag = re.compile(rf"[\[【]\s*({names})\s*[^\[\]【】]{{0,12}}[\]】]\s*$", re.I | re.M)
    return copyright_re, with_reporter, dateline, masthead, lead, tag


_CACHE: dict[int, tuple[re.Pattern[str], ...]] = {}


def _regexes(outlets: OutletRegistry) -> tuple[re.Pattern[str], ...]:
    # Registries are immutable; compile their name patterns once per registry.
    key = id(outlets)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = _registry_regexes(outlets)
    return _CACHE[key]


def _host_clue(url: str, outlets: OutletRegistry, signal: str) -> Clue | None:
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    if not host or host.endswith(_PORTAL_HOSTS):
        return None
    record = outlets.by_host(host)
    return Clue(record, signal) if record else None


def publisher_clues(
    text: str, outlets: OutletRegistry, *, urls: tuple[str, ...] = (), site_name: str = ""
) -> list[Clue]:
    """Every registry outlet the page points to, with the kind of evidence; strongest first."""
    if not len(outlets):
        return []
    clues: list[Clue] = []
    for url in urls:
        clue = _host_clue(url, outlets, "source url") if url else None
        if clue:
            clues.append(clue)
    site = outlets.by_name(site_name) if site_name else None
    if site:
        clues.append(Clue(site, "site name"))
    copyright_re, byline_re, dateline_re, masthead_re, lead_re, tag_re = _regexes(outlets)
    for match in [*byline_re.finditer(text), *lead_re.finditer(text)]:
        record = outlets.by_name(next(g for g in match.groups() if g))
        if record:
            clues.append(Clue(record, "byline"))
    for match in copyright_re.finditer(text):
        record = outlets.by_name(match.group(1))
        if record:
            clues.append(Clue(record, "copyright"))
    for address in _EMAIL_RE.findall(text):
        record = outlets.by_email(address)
        if record:
            clues.append(Clue(record, "e-mail"))
    for code in _DAUM_RE.findall(text):
        record = outlets.by_daum_code(code)
        if record:
            clues.append(Clue(record, "portal code"))
    for oid in _NAVER_RE.findall(text):
        record = outlets.by_naver_oid(oid)
        if record:
            clues.append(Clue(record, "portal code"))
    for match in dateline_re.finditer(text):
        record = outlets.by_name(match.group(1))
        if record:
            clues.append(Clue(record, "dateline"))
    for match in tag_re.finditer(text):
        record = outlets.by_name(match.group(1))
        if record:
            clues.append(Clue(record, "dateline"))
    for match in _URL_RE.finditer(text):
        clue = _host_clue(match.group(0), outlets, "link")
        if clue:
            clues.append(clue)
    for line in text.split("\n")[:15]:
        if masthead_re.match(line):
            record = outlets.by_name(line.strip())
            if record:
                clues.append(Clue(record, "masthead"))
    return sorted(clues, key=lambda c: c.rank)


@dataclass(frozen=True)
class Publisher:
    """The outlet a page belongs to, how it was found, and any strong evidence against it."""

    record: OutletRecord | None
    signal: str = ""
    conflict: str = ""

    @property
    def strong(self) -> bool:
        return self.signal in STRONG


def _related(a: OutletRecord, b: OutletRecord) -> bool:
    """Sister outlets and wire services: a newspaper quoting its group's wire is no conflict."""
    return (
        a.name == b.name
        or a.kind == "wire"
        or b.kind == "wire"
        or bool({a.slug, a.parent} & {b.slug, b.parent} - {None, ""})
    )


def _syndicated_first(clues: list[Clue]) -> list[Clue]:
    """A site carrying a wire's article: the wire named by byline or copyright comes first.

    ``wowtv.co.kr`` running "(서울=연합뉴스) 홍길동 기자 =" or ``bizn.donga.com`` running
    "ⓒ 뉴스1" publish copies; the original outlet is the one the article's own byline or
    copyright names, unless the site's outlet (or a sister) signs the article itself.
    """
    if clues[0].signal != "source url":
        return clues
    site = clues[0].record
    # Only wire copy is carried this way; a guest or a quoted paper named in a byline-like
    # phrase ("디지털타임스 박지성 기자와 ...") must not take over another outlet's own page.
    owners = [c for c in clues if c.signal in ("byline", "copyright") and c.record.kind == "wire"]
    if not owners or any(_kin(c.record, site) for c in owners):
        return clues
    return [*owners, *(c for c in clues if c not in owners)]


def _kin(a: OutletRecord, b: OutletRecord) -> bool:
    """The same outlet or sister outlets of one group (조선일보 and IT조선)."""
    return a.name == b.name or bool({a.slug, a.parent} & {b.slug, b.parent} - {None, ""})


def pick_publisher(clues: list[Clue]) -> Publisher:
    """The best-ranked outlet; another outlet with strong evidence of the same or better rank conflicts.

    Several clues of the same rank vote: the outlet named most often at that rank wins, so a
    page quoting one other paper's copyright still resolves to its own.
    """
    if not clues:
        return Publisher(None)
    clues = _syndicated_first(clues)
    best_rank = clues[0].rank
    tied = [c.record.name for c in clues if c.rank == best_rank]
    winner_name = max(dict.fromkeys(tied), key=tied.count)
    winner = next(c for c in clues if c.record.name == winner_name and c.rank == best_rank)
    conflict = ""
    if winner.signal not in ("source url", "site name"):
        for clue in clues:
            if clue.signal in STRONG and not _related(clue.record, winner.record):
                conflict = f"outlet evidence conflicts: {winner.record.name} ({winner.signal}) vs {clue.record.name} ({clue.signal})"
                break
    return Publisher(winner.record, winner.signal, conflict)
