"""What the articles.korean tests share: the test dictionary, seed sentences Kiwi misreads, and a
pure-Python ``tsvector @@ tsquery`` so that query/document agreement is checked without a database."""

from __future__ import annotations

from pathlib import Path

from articles import korean

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT / "fixtures" / "seeds"

TERMS = [
    "배경훈",
    "하정우",
    "임우형",
    "독자 AI 파운데이션 모델",
    "국가AI컴퓨팅센터",
    "국가 AI 컴퓨팅센터",
    "LG AI연구원",
    "엑사원",
    "하이퍼클로바X",
    "소버린",
]

# From fixtures/seeds/000_*.txt: plain Kiwi reads 배경훈 here as 배경/NNG 후/NNG ᆫ/JX.
SPLIT_BAEGYEONGHUN = "이같은 흐름 속에서 배경훈 후보자와 하정우 수석의 역할이 더욱 부각되고 있다."
# From fixtures/seeds/000_*.txt and 004_*.txt: plain Kiwi reads 소버린 as 소/NNG 버리/VV ᆫ/ETM.
SPLIT_SOVEREIGN = (
    "하 수석이 네이버클라우드 AI 혁신센터장 시절 개발·운영을 총괄했던 자체 LLM '하이퍼클로바X'를 "
    "기반으로 소버린 AI 구축을 늘 강조해왔던 탓이다."
)


def texts_of(text: str) -> list[str]:
    return [lx.text for lx in korean.lexemes(text)]


def plain_texts(plain, text: str) -> list[str]:
    return [lx.text for lx in korean._analyse_many([text], plain)[0].flat()]


def seed_text(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def index(text: str) -> dict[str, set[int]]:
    """lexeme -> positions, as the tsvector built from ``tsvector_literal`` holds them."""
    lexemes = korean.lexemes(text)
    out: dict[str, set[int]] = {}
    for lx, (first, last) in zip(lexemes, korean.positions(lexemes), strict=True):
        out.setdefault(lx.text, set()).update((first, last))
    return out


def matches(document: str, query: str, *, phrase: bool = False) -> bool:
    """``tsvector @@ tsquery`` for the query ``tsquery_literal(query, phrase=phrase)`` builds."""
    idx = index(document)
    groups = korean.query_groups(query)
    assert groups, query

    def spans(g: korean.QueryGroup) -> set[tuple[int, int]]:
        found = {(p, p) for alt in g.alternatives for p in idx.get(alt, ())}
        for p in idx.get(g.parts[0], ()):
            if all(p + k in idx.get(part, ()) for k, part in enumerate(g.parts)):
                found.add((p, p + len(g.parts) - 1))
        return found

    if not phrase:
        return all(spans(g) for g in groups)
    chain = spans(groups[0])
    for g in groups[1:]:
        chain = {(s, e2) for s, e in chain for s2, e2 in spans(g) if s2 == e + 1}
    return bool(chain)
