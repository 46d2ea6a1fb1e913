"""What a subject phrase names: a person, a short form, a title, a pronoun, an anonymous source,
an organisation or a group.

* a person is a name in the name slot of a titled phrase: NAME ORG… TITLE, ORG… NAME TITLE,
  NAME TITLE, or a name the caller knows anywhere in the phrase; a short form is one syllable and
  a title (``배 장관``), a title alone is a title (``대통령은``);
* anonymous is a 관계자/소식통 head without a name;
* an organisation ends like one (…부, …위원회, Latin initials) or is one the caller knows.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from articles.korean.quotes import lexicon as lx

HANGUL_ONLY = re.compile(r"^[가-힣]+$")
PAREN = re.compile(r"\(([^()]*)\)")

_NAME_MODIFIED = frozenset({"정부", "정권", "행정부", "캠프", "측", "호", "체제", "시대", "시절", "표", "식"})

_PARTICLE_ENDINGS = (
    "으로",
    "에서",
    "에게",
    "로",
    "을",
    "를",
    "에",
    "의",
    "와",
    "과",
    "은",
    "는",
    "이",
    "가",
    "께",
)

_VERB_ENDINGS = ("며", "고", "서", "면", "던", "된", "할", "될", "다", "야", "지만", "는데", "니까")

NAME_STOP = frozenset(
    {
        "정부", "한국", "국가", "국회", "국민", "전국", "이번", "지난", "최근", "최대", "최고", "전체", "전문",
        "전남", "전북", "조사", "주요", "지역", "진흥", "차관", "정책", "정보", "정예", "조직", "장관", "장기",
        "안전", "유럽", "윤리", "임시", "한편", "허가", "홍보", "신임", "초대", "전임", "공동", "민간", "국내",
        "해외", "관련", "소속", "산하", "출신", "공공", "기획", "담당", "총괄", "현지", "당시", "현재", "위원",
        "연구", "교육", "과학", "기술", "산업", "경제", "사회", "문화", "방송", "통신", "전략", "미래", "혁신",
        "인공지능", "반도체", "데이터", "서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "제주",
        "경기", "강원", "충남", "충북", "경북", "경남", "전라", "경상", "충청", "일본", "중국", "미국", "영국",
        "독일", "인도", "대만", "유엔", "국방부", "국토부", "국세청", "국정원", "기재부", "과기부", "기업",
        "업계", "일각", "관계자", "대표", "대통령", "원장", "의원", "교수", "수석", "회장", "사장", "위원장",
        "정의당", "한나라", "국민의힘", "민주당", "개혁신당", "진보당", "조국혁신당", "새누리당", "자유한국당",
        "우리", "저희", "여야", "야당", "여당", "당정", "주최", "주관", "공식", "단독", "전직", "현직", "차기",
        "신규", "기존", "추가", "대형", "중소", "대기업", "스타트업", "국제", "세계", "글로벌", "한미", "한중",
        "지방", "지자체", "도내", "시내", "구내", "구청", "시청", "도청", "상임", "비상임", "명예", "수출",
        "수입", "유관", "동반", "고위", "간부", "실무", "민관", "정치", "선임", "책임", "수행", "연합", "연합회",
        "전날", "당일", "다음날", "이튿날", "지난날", "오전", "오후", "장기적", "단기적", "조만간",
    }
)  # fmt: skip

# Organisations news names without an organisation's ending.
KNOWN_ORGS = frozenset(
    {"국민의힘", "청와대", "정부", "국회", "업계", "여당", "야당", "여야", "당정", "금융당국"}
)


def looks_like_name(token: str) -> bool:
    """A Korean personal name: 2-4 syllables starting with a surname, not a known common word."""
    if not HANGUL_ONLY.match(token) or not 2 <= len(token) <= 4 or token in NAME_STOP:
        return False
    if not (token[0] in lx.SURNAMES_1 or token.startswith(lx.SURNAMES_2)):
        return False
    if token.endswith(
        ("부", "처", "청", "회", "당", "측", "들", "대", "구", "군", "날", "위", "학", "단", "체")
    ):
        return False  # ministries, parties, 서울대, 강서구, 전날, 공정위, 경영대학
    if token.endswith(_VERB_ENDINGS) or (len(token) >= 3 and token.endswith(_PARTICLE_ENDINGS)):
        return False
    if len(token) >= 4 and token.endswith("인"):
        return False  # 전문가인, 출신인: a noun and its copula
    return len(title_of(token) or "") < 2


def title_of(token: str) -> str | None:
    """The title a word ends with (``AI미래기획수석`` → 수석), or None."""
    clean = PAREN.sub("", token) if "(" in token else token
    return lx.ending_in(clean, lx.TITLES, lx.TITLE_LONGEST) or None


# Latin words that are not organisations: subjects of a content clause, not speakers.
_LATIN_TERMS = frozenset(
    {
        "AI",
        "IT",
        "ICT",
        "GPU",
        "NPU",
        "LLM",
        "SW",
        "HW",
        "IoT",
        "AX",
        "DX",
        "R&D",
        "CEO",
        "CTO",
        "5G",
        "6G",
        "PC",
        "TV",
    }
)


def is_org(token: str, known: frozenset[str] = frozenset()) -> bool:
    clean = PAREN.sub("", token)
    if not clean or clean in _LATIN_TERMS:
        return False
    if clean in known or clean in KNOWN_ORGS:
        return True
    if re.match(r"^[A-Z][A-Za-z0-9&.-]*$", clean) and (len(clean) >= 2 or clean.isupper()):
        return True  # LG, AWS, FT, KT
    if re.search(r"[A-Z]{2}", clean):
        return True  # SK텔레콤, KBS, LG유플러스, AWS코리아
    if clean in lx.NOT_SPEAKER_HEADS:
        return False
    ending = lx.ending_in(clean, lx.ORGS, lx.ORG_LONGEST)
    # A one-syllable ending needs a name before it of two syllables at least (산업부, 대구시);
    # 지원, 자원, 제도 end the same way and are not organisations.
    return bool(ending) and len(clean) >= (
        3 if len(ending) == 1 else len(ending) + 1 if ending in ("부처",) else 2
    )


@dataclass
class Mention:
    """What a subject phrase names. ``kind``: person, short, title, pronoun, anonymous, organisation, group."""

    kind: str
    text: str  # the phrase as written, particle removed
    name: str = ""  # person's full name, organisation's name, anonymous source's kind
    role: str = ""
    surname: str = ""  # short form's syllable (배 장관 → 배)
    title: str = ""
    aliases: list[str] = field(default_factory=list)


@functools.lru_cache(maxsize=4)
def _people_index(people: frozenset[str]) -> dict[str, list[tuple[str, str]]]:
    """Known names by their first two letters (spaces aside), longest first: a phrase looks up
    only the names that can start at each of its letters, however many the knowledge base has."""
    index: dict[str, list[tuple[str, str]]] = {}
    for n in people:
        squeezed = n.replace(" ", "")
        if squeezed:
            index.setdefault(squeezed[:2], []).append((n, squeezed))
    for names in index.values():
        names.sort(key=lambda pair: (-len(pair[0]), pair[0]))
    return index


def _known_person(text: str, tokens: list[str], people: frozenset[str]) -> str:
    index = _people_index(people)
    joined = text.replace(" ", "")
    best = ""
    for i in range(len(joined)):
        for key in (joined[i : i + 2], joined[i]) if i + 1 < len(joined) else (joined[i],):
            for n, squeezed in index.get(key, ()):
                if len(n) <= len(best) or not joined.startswith(squeezed, i):
                    continue
                if " " in n or n in tokens or any(t.startswith(n) for t in tokens):
                    best = n
    return best


def classify(
    tokens: list[str], *, people: frozenset[str] = frozenset(), orgs: frozenset[str] = frozenset()
) -> Mention | None:
    """The speaker a subject phrase names, or None when it cannot speak (이 사업은, 올해는)."""
    aliases = [a for t in tokens for a in PAREN.findall(t) if a and not re.search(r"[\d_]", a)]
    tokens = [PAREN.sub("", t) for t in tokens]
    tokens = [t for t in tokens if t]
    if not tokens:
        return None
    text = " ".join(tokens)
    head = tokens[-1]
    if head in ("이들", "그들", "양측") and len(tokens) == 1:
        return Mention("pronoun", text, title="plural")
    if text in lx.PRONOUNS or (head in ("그", "그녀") and len(tokens) == 1):
        return Mention("pronoun", text)
    # A known person's name anywhere in the phrase (the longest when several).
    if people:
        n = _known_person(text, tokens, people)
        if n:
            role = " ".join(t for t in tokens if t not in n.split() and n not in t)
            return Mention("person", text, name=n, role=role, title=title_of(head) or "")
    anonymous = _anonymous(tokens)
    if anonymous is not None:
        return anonymous
    title = title_of(head)
    if title and not (head == "시장" and len(tokens) == 1):
        name, rest = _name_slot(tokens[:-1] if head == title else tokens)
        if name:
            role = " ".join(rest if head != title else [*rest, head])
            return Mention("person", text, name=name, role=role, title=title, aliases=aliases)
        before = tokens[-2] if len(tokens) >= 2 else ""
        if head == title and HANGUL_ONLY.match(before) and len(before) == 1:
            return Mention("short", text, surname=before, title=title, role=title)
        if head != title and len(head) - len(title) == 1 and head[0] in lx.SURNAMES_1 and len(tokens) == 1:
            return Mention("short", text, surname=head[0], title=title, role=title)
        if head == title or not is_org(head, orgs):
            return Mention("title", text, title=title, role=text)
    if len(tokens) == 1 and head in lx.ORG_BACKREF:
        return Mention("organisation", text, name="", aliases=aliases, title=head)
    if head.endswith("들") and len(head) > 2 and head not in lx.ANONYMOUS_HEADS:
        return Mention("group", text, name=text)
    org_tokens = tokens[:-1] if head in ("측", "쪽") else tokens
    if "등" in org_tokens[:-1]:
        org_tokens = org_tokens[len(org_tokens) - org_tokens[::-1].index("등") :]  # A와 B 등 시민단체
    if org_tokens and (is_org(org_tokens[-1], orgs) or text in orgs):
        name = " ".join(org_tokens)
        return Mention("organisation", text, name=name, aliases=aliases)
    return None


def _anonymous(tokens: list[str]) -> Mention | None:
    text = " ".join(tokens)
    head = tokens[-1]
    if text in lx.ANONYMOUS_SOLE:
        return Mention("anonymous", text, name=text, role=text)
    anon_head = head in lx.ANONYMOUS_HEADS or head.endswith(("관계자", "소식통", "당국자", "관계자들"))
    if head in ("업계", "일각", "학계", "재계") and len(tokens) <= 2:
        anon_head = True
    if not anon_head and len(tokens) >= 1 and re.match(r"^[A-Z][가-힣]", tokens[0]) and title_of(head):
        anon_head = True  # A대학 총장, B사 대표: a person the article anonymised
    if not anon_head:
        return None
    if any(looks_like_name(t) for t in tokens[:-1]) and head not in ("관계자", "관계자들", "소식통"):
        return None
    words_ = [t for t in tokens if t not in ("한", "또", "다른", "익명의", "모", "복수의", "일부")]
    name = " ".join(words_) if words_ else head
    return Mention("anonymous", text, name=name.replace("의 ", " "), role=text)


def _name_slot(tokens: list[str]) -> tuple[str, list[str]]:
    """The person's name among the words before the title, and the other words (the role's)."""
    # The name is next to the title (과기정통부 장기철 과장) or opens the phrase (배경훈
    # 과학기술정보통신부 장관); a name-shaped word the phrase grew over on its left (a district,
    # a university) is neither, and comes last.
    order = [len(tokens) - 1, 0, *range(len(tokens) - 2, 0, -1)] if tokens else []
    for i in dict.fromkeys(order):
        t = tokens[i]
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if not looks_like_name(t) or following in _NAME_MODIFIED:
            continue  # 이재명 정부: the name qualifies what follows, it is not the speaker
        if i == 1 and _plain_word(tokens[0]) and any(u in _COUNTRIES for u in tokens[2:3]):
            return f"{tokens[0]} {t}", tokens[2:]  # 에마뉘엘 마크롱 프랑스 대통령
        return t, tokens[:i] + tokens[i + 1 :]
    # A foreign name: the run of plain words before the first country, organisation or title word.
    run: list[str] = []
    for i, t in enumerate(tokens):
        initials = (
            i == 0 and re.match(r"^[A-Z]{1,3}$", t) is not None and len(tokens) > 1 and _plain_word(tokens[1])
        )  # JD 밴스
        if not initials and (not _plain_word(t)):
            break
        run.append(t)
    foreign = (
        0 < len(run) <= 3
        and all(t not in lx.ANONYMOUS_HEADS for t in run)
        and len("".join(run)) >= 2
        and not (len(run) == 1 and len(run[0]) == 1)
    )
    return (" ".join(run), tokens[len(run) :]) if foreign else ("", tokens)


def _plain_word(t: str) -> bool:
    return (
        re.match(r"^[가-힣]+$", t) is not None
        and t not in NAME_STOP
        and not is_org(t)
        and not title_of(t)
        and t not in _COUNTRIES
        and not t.endswith(_PARTICLE_ENDINGS)
    )


_COUNTRIES = frozenset(
    {
        "미국",
        "중국",
        "일본",
        "영국",
        "프랑스",
        "독일",
        "인도",
        "대만",
        "러시아",
        "캐나다",
        "호주",
        "싱가포르",
        "유럽",
        "EU",
        "한국",
    }
)
