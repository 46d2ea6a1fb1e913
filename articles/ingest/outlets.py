"""Known outlets: the names, domains and Daum codes that identify a publisher.

Parsers resolve what a page says about its publisher (a copyright line, a
``[헤럴드경제=...]`` byline, an e-mail domain, a Daum image path) to the Korean
name below; the ingest service turns that name into an ``Outlet`` row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class KnownOutlet:
    """An outlet the parsers recognise, with every spelling and code that points to it."""

    name: str  # Korean name as the outlet writes it
    name_en: str
    slug: str
    domain: str
    daum_codes: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other spellings seen in bylines and copyright lines
    email_domains: tuple[str, ...] = ()


KNOWN_OUTLETS: tuple[KnownOutlet, ...] = (
    KnownOutlet(
        "지디넷코리아",
        "ZDNet Korea",
        "zdnet-korea",
        "zdnet.co.kr",
        ("zdnet",),
        ("ZDNet Korea", "ZDNET Korea", "ZDNETKOREA", "지디넷"),
        ("zdnet.co.kr",),
    ),
    KnownOutlet(
        "아주경제",
        "Aju Business Daily",
        "aju-business-daily",
        "ajunews.com",
        ("ajunews",),
        ("아주경제신문",),
        ("ajunews.com", "ajupress.com"),
    ),
    KnownOutlet(
        "서울경제",
        "Seoul Economic Daily",
        "seoul-economic-daily",
        "sedaily.com",
        ("seouleconomy", "sedaily"),
        ("서울경제신문",),
        ("sedaily.com",),
    ),
    KnownOutlet(
        "헤럴드경제",
        "Herald Economy",
        "herald-economy",
        "heraldcorp.com",
        ("ned", "heraldcorp"),
        ("헤럴드", "코리아헤럴드경제"),
        ("heraldcorp.com",),
    ),
    KnownOutlet(
        "매일경제",
        "Maeil Business Newspaper",
        "maeil-business",
        "mk.co.kr",
        ("mk", "maekyung"),
        ("매경",),
        ("mk.co.kr", "mkinternet.com"),
    ),
    KnownOutlet(
        "머니투데이",
        "Money Today",
        "money-today",
        "mt.co.kr",
        ("moneytoday", "mt"),
        ("머투",),
        ("mt.co.kr", "mtn.co.kr"),
    ),
    KnownOutlet(
        "조선비즈",
        "Chosun Biz",
        "chosun-biz",
        "biz.chosun.com",
        ("chosunbiz",),
        (),
        ("chosunbiz.com", "chosun.com"),
    ),
    KnownOutlet("조선일보", "Chosun Ilbo", "chosun-ilbo", "chosun.com", ("chosun",), (), ()),
    KnownOutlet(
        "연합뉴스",
        "Yonhap News Agency",
        "yonhap",
        "yna.co.kr",
        ("yonhap", "yna"),
        ("연합",),
        ("yna.co.kr", "yonhapnews.co.kr"),
    ),
    KnownOutlet("뉴시스", "Newsis", "newsis", "newsis.com", ("newsis",), (), ("newsis.com",)),
    KnownOutlet("뉴스1", "News1", "news1", "news1.kr", ("news1",), (), ("news1.kr",)),
    KnownOutlet(
        "한국경제",
        "Korea Economic Daily",
        "hankyung",
        "hankyung.com",
        ("hankyung", "ked"),
        ("한경",),
        ("hankyung.com",),
    ),
    KnownOutlet("전자신문", "Electronic Times", "etnews", "etnews.com", ("etnews",), (), ("etnews.com",)),
    KnownOutlet(
        "디지털데일리", "Digital Daily", "ddaily", "ddaily.co.kr", ("ddaily",), (), ("ddaily.co.kr",)
    ),
    KnownOutlet("이데일리", "Edaily", "edaily", "edaily.co.kr", ("edaily",), (), ("edaily.co.kr",)),
    KnownOutlet(
        "파이낸셜뉴스",
        "Financial News",
        "fnnews",
        "fnnews.com",
        ("fnnews",),
        ("파이낸셜", "fn"),
        ("fnnews.com",),
    ),
    KnownOutlet("아시아경제", "Asia Economy", "asiae", "asiae.co.kr", ("akn", "asiae"), (), ("asiae.co.kr",)),
    KnownOutlet(
        "중앙일보",
        "JoongAng Ilbo",
        "joongang",
        "joongang.co.kr",
        ("joongang", "joongangilbo"),
        (),
        ("joongang.co.kr",),
    ),
    KnownOutlet("동아일보", "Dong-A Ilbo", "donga", "donga.com", ("donga",), (), ("donga.com",)),
    KnownOutlet(
        "한겨레",
        "The Hankyoreh",
        "hankyoreh",
        "hani.co.kr",
        ("hani", "hankyoreh"),
        ("한겨레신문",),
        ("hani.co.kr",),
    ),
    KnownOutlet(
        "경향신문",
        "Kyunghyang Shinmun",
        "khan",
        "khan.co.kr",
        ("khan", "kyunghyang"),
        (),
        ("kyunghyang.com", "khan.co.kr"),
    ),
    KnownOutlet("블로터", "Bloter", "bloter", "bloter.net", ("bloter",), (), ("bloter.net",)),
    KnownOutlet("KBS", "KBS", "kbs", "kbs.co.kr", ("kbs",), ("KBS뉴스",), ("kbs.co.kr",)),
    KnownOutlet("MBC", "MBC", "mbc", "imbc.com", ("imbc", "mbc"), (), ("mbc.co.kr", "imbc.com")),
    KnownOutlet("SBS", "SBS", "sbs", "sbs.co.kr", ("sbs",), (), ("sbs.co.kr",)),
    KnownOutlet("YTN", "YTN", "ytn", "ytn.co.kr", ("ytn",), (), ("ytn.co.kr",)),
    KnownOutlet("아이뉴스24", "iNews24", "inews24", "inews24.com", ("inews24",), (), ("inews24.com",)),
    KnownOutlet(
        "서울신문", "Seoul Shinmun", "seoul-shinmun", "seoul.co.kr", ("seoul",), (), ("seoul.co.kr",)
    ),
)

_BY_NAME = {o.name: o for o in KNOWN_OUTLETS}
_BY_ALIAS = {a: o for o in KNOWN_OUTLETS for a in (o.name, *o.aliases)}
_BY_CODE = {c: o for o in KNOWN_OUTLETS for c in o.daum_codes}
_BY_EMAIL = {d: o for o in KNOWN_OUTLETS for d in o.email_domains}


def outlet_by_name(name: str) -> KnownOutlet | None:
    """The known outlet for a name or alias as written in a page, if any."""
    return _BY_ALIAS.get(name.strip())


def outlet_by_daum_code(code: str) -> KnownOutlet | None:
    """The known outlet behind a Daum image-path code such as ``seouleconomy``, if any."""
    return _BY_CODE.get(code.strip().lower())


def outlet_by_email(address: str) -> KnownOutlet | None:
    """The known outlet owning an e-mail address's domain or a parent domain (``news.x.com`` -> ``x.com``)."""
    domain = address.rsplit("@", 1)[-1].lower().strip(".")
    while domain:
        if domain in _BY_EMAIL:
            return _BY_EMAIL[domain]
        if "." not in domain:
            return None
        domain = domain.split(".", 1)[1]
    return None


# Longest alias first so "헤럴드경제" wins over "헤럴드".
_ALIAS_PATTERN = "|".join(sorted((re.escape(a) for a in _BY_ALIAS), key=len, reverse=True))
_COPYRIGHT_RE = re.compile(
    r"(?:Copyright\s*)?(?:ⓒ|©|\(c\)|Copyright)\s*['\"‘’“”]?[^\n]{0,40}?(" + _ALIAS_PATTERN + r")", re.I
)
_BYLINE_RE = re.compile(r"\[(" + _ALIAS_PATTERN + r")\s*=\s*[^\]]*\]")


def outlet_from_text(text: str) -> KnownOutlet | None:
    """Find the publisher in free text: copyright line, ``[매체=기자]`` byline, e-mail."""
    for regex in (_COPYRIGHT_RE, _BYLINE_RE):
        match = regex.search(text)
        if match:
            return _BY_ALIAS[match.group(1)]
    for address in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text):
        found = outlet_by_email(address)
        if found:
            return found
    return None
