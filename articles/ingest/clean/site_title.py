"""A title tag's headline without the site's name and section trail the site wraps it in.

Sites write ``<title>`` as the headline plus their own name, often with the section's breadcrumb
on either side of it: ``"제목 | 연합뉴스"``, ``"제목 : 뉴스 : 동아닷컴"``, ``"제목 - IT조선 > 기업 >
금융·핀테크"``, ``"제목 l KBS WORLD"``. Only a part that names the site (the registry, or the page's
own site name) is proof of a wrapper; the headline's own separators ("제목 - 부제") stay.
"""

from __future__ import annotations

import re

from articles.ingest.outlets import OutletRegistry

# " l " is KBS World's pipe; a lone "l" before the site's name is no word of a headline.
_SEPARATOR_RE = re.compile(r"\s+(?:\||::|:|-|–|—|<|>|ㅣ|l)\s+")
MAX_TRAIL_PART_CHARS = 12  # "기업", "금융·핀테크", "스포츠 포토": a breadcrumb step after the site
# Section names a site prints between the headline and its own name ("제목 : 뉴스 : 동아닷컴").
SECTION_WORDS = frozenset(
    [
        "뉴스",
        "정치",
        "경제",
        "사회",
        "국제",
        "세계",
        "문화",
        "생활",
        "연예",
        "스포츠",
        "오피니언",
        "사설",
        "칼럼",
        "산업",
        "금융",
        "증권",
        "부동산",
        "기업",
        "IT",
        "과학",
        "IT/과학",
        "전국",
        "지역",
        "라이프",
        "포토",
        "영상",
        "전체기사",
        "종합",
    ]
)


def names_site(part: str, site_name: str, outlets: OutletRegistry) -> bool:
    """``"연합뉴스"``, ``"머니투데이 뉴스"`` (the outlet with the word for its news section), the site name."""
    part = part.strip()
    bare = re.sub(r"\s*뉴스$", "", part)
    return bool(
        part
        and (
            outlets.by_name(part)
            or (bare and outlets.by_name(bare))
            or (site_name and part == site_name.strip())
        )
    )


def strip_site_suffix(title: str, site_name: str, outlets: OutletRegistry) -> str:
    """``"제목 - 부제 | 연합뉴스"`` → ``"제목 - 부제"``: the site's part and what trails it go.

    The cut is at the first part that names the site with nothing after it but short breadcrumb
    steps; a section name left just before it ("… : 뉴스") goes too.
    """
    separators = list(_SEPARATOR_RE.finditer(title))
    for index, separator in enumerate(separators):
        ends = [s.start() for s in separators[index + 1 :]] + [len(title)]
        part = title[separator.end() : ends[0]]
        trail = [title[s.end() : e].strip() for s, e in zip(separators[index + 1 :], ends[1:], strict=True)]
        if names_site(part, site_name, outlets) and all(len(p) <= MAX_TRAIL_PART_CHARS for p in trail):
            return _without_section(title[: separator.start()].strip())
    return title


def _without_section(head: str) -> str:
    separators = list(_SEPARATOR_RE.finditer(head))
    if separators and head[separators[-1].end() :].strip() in SECTION_WORDS:
        return head[: separators[-1].start()].strip()
    return head
