"""Page chrome that is not article text: copyright lines, menus, pagers, widgets, photo captions.

Owns which lines a body drops and where a body ends (``is_terminal``: after a copyright line or a
"related articles" heading a page holds no more article text); ``clean_lines`` applies it all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from articles.ingest.clean.patterns import EMAIL, NAME, TITLE_WORDS
from articles.ingest.clean.text import normalize_space

_COPYRIGHT_RE = re.compile(
    r"^(?:ⓒ|©|\(c\)|copyright\b|저작권자)|all rights reserved|무단\s*전재|재배포\s*금지|무단\s*복제",
    re.I,
)

# Lines that mark the end of an article body: everything after them is page chrome.
_TERMINAL_RES = (
    _COPYRIGHT_RE,
    re.compile(r"^관련\s*(?:자료|기사|뉴스)(?:\s|$)"),
    re.compile(
        r"^(?:지금\s*뜨는\s*기사|이\s*시각\s*헤드라인|많이\s*본\s*(?:뉴스|기사)|실시간\s*인기|인기\s*기사)"
    ),
    re.compile(r"^(?:\d+\s*개의\s*댓글|댓글\s*\d*\s*(?:개)?$|댓글\s*\d+\s)"),
    re.compile(r"^(?:추천\s*기사|주요\s*뉴스|함께\s*보면\s*좋은|이\s*기사를\s*본)"),
)

_BOILERPLATE_RES = (
    *_TERMINAL_RES,
    # Comment widgets and login prompts.
    re.compile(
        r"로그인\s*(?:후|하시겠|한\s*회원|이\s*필요|해\s*주|하세요|하기$)|^로그인$|^회원\s*가입(?:하기)?$"
    ),
    re.compile(
        r"댓글\s*(?:작성|등록)이?\s*가능|등록된\s*댓글이\s*없|댓글을?\s*삭제\s*하시겠|이미\s*참여하셨|"
        r"신고\s*접수|차단\s*해제\s*하시겠|사용자\s*차단\s*시"
    ),
    re.compile(
        r"^(?:신고(?:사유|하기)?|닫기|차단(?:해제)?.*|사용자\s*차단.*|\d+\s*/\s*\d+|좋아요\s*\d*|싫어요\s*\d*)$"
    ),
    # Article toolbars.
    re.compile(
        r"^(?:도구모음|글자\s*크기(?:\s*설정)?|기사\s*이미지\s*확대\s*보기|프린트|인쇄(?:하기)?|URL\s*복사|"
        r"스크랩|북마크|목록|구독(?:하기)?|공유(?:하기)?|SNS\s*공유|기사\s*공유|폰트\s*크기|본문\s*듣기|"
        r"가\s*가|기사\s*듣기|번역|요약)$",
        re.I,
    ),
    # Photo credits on their own line.
    re.compile(
        r"^[\[(]?\s*(?:사진|그래픽|영상|자료|이미지)\s*(?:제공|출처)?\s*[=:]\s*[^\s\])]{1,25}\s*[\])]?$"
    ),
    # A reporter sign-off with e-mail, or a bare e-mail.
    re.compile(rf"^(?:{NAME}\s*{TITLE_WORDS}\s*)?[(<\[]?{EMAIL}[)>\]]?$"),
)


def is_copyright(line: str) -> bool:
    """A copyright / "무단전재·재배포 금지" line."""
    return bool(_COPYRIGHT_RE.search(normalize_space(line)))


_PAGER_WORDS = frozenset(
    (
        *("prev", "next", "first", "last", "이전", "다음", "처음", "마지막", "맨앞", "맨뒤"),
        *("<", ">", "<<", ">>", "«", "»", "◀", "▶", "‹", "›", "…", "..."),
    )
)


def is_pagination(line: str) -> bool:
    """``Prev 1 2 3 Next``, ``< 1 2 3 >``, ``이전 1 2 다음`` and similar."""
    # "?" and U+FFFD are what NBSP padding becomes after a lossy re-encoding.
    tokens = re.sub(r"[?\ufffd]+", " ", normalize_space(line)).split()
    numbers = [t for t in tokens if t.isdigit()]
    others = [t for t in tokens if not t.isdigit()]
    if not numbers or any(t.lower() not in _PAGER_WORDS for t in others):
        return False
    # "2 3" alone is as likely a stray table cell as a pager.
    return bool(others) or len(numbers) >= 3


# "·" is not a menu separator: headlines use it ("AI·반도체·배터리 지원").
_MENU_SPLIT_RE = re.compile(r"\s*(?:\||ㅣ|>|›|»|/|\\)\s*")


def is_menu(line: str) -> bool:
    """A navigation/footer menu: three or more short items separated by ``|``, ``>``, ``/``."""
    parts = [p for p in _MENU_SPLIT_RE.split(normalize_space(line)) if p]
    return len(parts) >= 3 and all(len(p) <= 12 for p in parts) and not line.rstrip().endswith((".", "다"))


def is_terminal(line: str) -> bool:
    """True for a line after which a page holds no more article text."""
    line = normalize_space(line)
    return any(rx.search(line) for rx in _TERMINAL_RES)


def is_boilerplate(line: str) -> bool:
    """True for page chrome that never belongs in an article body."""
    line = normalize_space(line)
    if not line:
        return True
    if is_pagination(line) or is_menu(line):
        return True
    # Long lines are prose; the widget patterns are only trusted on short ones.
    if len(line) > 120 and not _COPYRIGHT_RE.search(line):
        return False
    return any(rx.search(line) for rx in _BOILERPLATE_RES)


_CREDIT_TAIL_RE = re.compile(
    r"(?:[\[(]\s*)?(?:사진|그래픽|자료|영상|이미지)\s*(?:제공|출처)?\s*[=:]\s*[^\s\])]{1,25}\s*[\])]?\s*$"
    r"|[\[(][^\[\]()]{1,25}\s*제공\s*[\])]\s*$"
)


def is_photo_caption(line: str) -> bool:
    """A caption: ends in a photo credit such as ``사진=연합뉴스`` or ``[LG 제공]``."""
    line = normalize_space(line)
    return 0 < len(line) <= 400 and bool(_CREDIT_TAIL_RE.search(line))


def _caption_key(line: str) -> str:
    """Hangul, Latin letters and digits only: two renderings of one caption share a key.

    Not ``dedup.text_key``: that one is a stored hash for whole titles and bodies; this compares two
    neighbouring lines in memory, case-sensitively, as the caption check always has.
    """
    return re.sub(r"[^0-9A-Za-z가-힣]", "", line)


def drop_caption_pairs(lines: list[str]) -> list[str]:
    """Drop a caption rendered twice in a row (alt text, then the visible caption)."""
    out: list[str] = []
    skip_next = False
    for i, line in enumerate(lines):
        if skip_next:
            skip_next = False
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        key = _caption_key(line)
        if key and len(key) >= 10 and key == _caption_key(nxt) and line != nxt:
            skip_next = True
            continue
        out.append(line)
    return out


def clean_lines(lines: Iterable[str], *, stop_at_terminal: bool = True) -> list[str]:
    """Normalise lines, stop at the first terminal marker, drop boilerplate and repeats."""
    out: list[str] = []
    for raw in lines:
        line = normalize_space(raw)
        if not line:
            continue
        if stop_at_terminal and out and is_terminal(line):
            break
        tail_cut = cut_related_tail(line) if stop_at_terminal else line
        if tail_cut != line:
            # A one-line page ("…본문 관련자료 이전 … 다음 …"): keep the text, drop the rest.
            if tail_cut and not is_boilerplate(tail_cut):
                out.append(tail_cut)
            break
        if is_boilerplate(line):
            continue
        if out and out[-1] == line:
            continue
        out.append(line)
    return out


def cut_related_tail(text: str) -> str:
    """Cut an inline "관련자료 이전 … 다음 …" list and anything after it."""
    match = re.search(r"관련\s*(?:자료|기사)\s+이전\s", text)
    return text[: match.start()].rstrip() if match else text
