"""The labelled near-duplicate pairs bench/near_duplicates.py measures with (no measurement here).

Base articles are every article the project's own parsers read from the
repository's real pages (``fixtures/seeds``, ``tests/data/real`` with the URLs of its
``labels.json``). Pairs:

* real pairs, labelled by hand (``REAL_PAIRS``): the same story found twice in the seeds (two search
  pages of one outlet), a wire story and its syndicated copy, a portal copy and the original, and
  different stories that share a portal's page furniture or a topic (hard negatives);
* edited pairs (made here, not real): each base article with a body of at least 80 characters gets
  ``EDITS_PER_BASE`` copies changed the way re-edited and syndicated stories change (``RECIPES``: a
  corrected word or ending, updated numbers, a sentence added or dropped, the last paragraph cut,
  a paragraph added, a sign-off and copyright line, two paragraphs swapped, a new headline over
  the same body), one to three edits each, from a seeded generator; every copy is the same story;
* every other pair of the pool (bases and copies) is a different story.

**Split.** Dev and held-out by base article (a hash of its file and position), fixed before any
parameter was chosen; a copy belongs to its base's half, a real pair to its first article's half.
Parameters were chosen on dev only; both halves are reported.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.ingest.dedup import shingles, text_key  # noqa: E402
from articles.ingest.outlets import OutletRegistry  # noqa: E402
from articles.ingest.registry import parse_bytes  # noqa: E402
from articles.ingest.types import ParseError  # noqa: E402

EDITS_PER_BASE = 3
MIN_BODY = 80
SEED = 20260601

# Hand-labelled real pairs: (file, article index) twice, same story or not, why.
REAL_PAIRS = [
    (("fixtures/seeds/000_25583c5caf437ce4.txt", 0), ("fixtures/seeds/004_03094ad77ff3019d.txt", 2), True, "one story on two search pages of the outlet"),
    (("fixtures/seeds/000_25583c5caf437ce4.txt", 1), ("fixtures/seeds/004_03094ad77ff3019d.txt", 3), True, "one story on two search pages of the outlet"),
    (("fixtures/seeds/000_25583c5caf437ce4.txt", 7), ("fixtures/seeds/004_03094ad77ff3019d.txt", 7), True, "one story on two search pages of the outlet"),
    (("fixtures/seeds/000_25583c5caf437ce4.txt", 8), ("fixtures/seeds/004_03094ad77ff3019d.txt", 9), True, "one story on two search pages of the outlet"),
    (("tests/data/real/007_news1.txt", 0), ("tests/data/real/008_donga_news1.txt", 0), True, "wire story and its syndicated copy, headline re-edited, cut differently"),
    (("tests/data/real/014_daum_etnews.txt", 0), ("tests/data/real/015_etnews.txt", 0), True, "portal copy (with the portal's summary block) and the original"),
    (("tests/data/real/014_daum_etnews.txt", 0), ("tests/data/real/055_daum_pressian.txt", 0), False, "two stories sharing the portal's page furniture"),
    (("tests/data/real/014_daum_etnews.txt", 0), ("tests/data/real/146_daum_donga.txt", 0), False, "two stories sharing the portal's page furniture"),
    (("tests/data/real/055_daum_pressian.txt", 0), ("tests/data/real/146_daum_donga.txt", 0), False, "two stories sharing the portal's page furniture"),
    (("tests/data/real/061_daum_sedaily.txt", 0), ("tests/data/real/146_daum_donga.txt", 0), False, "two stories sharing the portal's page furniture"),
    (("tests/data/real/040_byline.txt", 0), ("tests/data/real/041_byline.txt", 0), False, "one outlet, one programme, two stories"),
    (("tests/data/real/023_segye.txt", 0), ("tests/data/real/024_newsis.txt", 0), False, "one announcement, two outlets' stories"),
]  # fmt: skip

# What re-editing adds, written for this benchmark (not taken from any page).
_ADDED_SENTENCES = [
    "한편 관련 업계는 이번 발표에 촉각을 곤두세우고 있다.",
    "정부는 이달 중 세부 추진 계획을 내놓을 예정이다.",
    '업계 관계자는 "구체적인 지원 규모가 관건"이라고 말했다.',
    "이 같은 방침은 다음 달 열리는 회의에서 최종 확정된다.",
]
_ADDED_PARAGRAPHS = [
    "앞서 정부는 지난해 관련 법 개정안을 국회에 제출했으며, 여야는 연내 처리를 목표로 논의를 이어가고 있다. "
    "전문가들은 제도 정비와 함께 현장의 목소리를 반영해야 한다고 지적했다.",
    "이날 행사에는 관계 부처 공무원과 기업 대표, 연구기관 관계자 등 100여 명이 참석했다. 참석자들은 "
    "후속 과제를 논의하고 정기적으로 협의체를 열기로 했다.",
]
_SIGN_OFFS = [
    "김하늘 기자 sky@example.com",
    "<저작권자 ⓒ 무단전재 및 재배포 금지>",
    "▶ 제보는 카카오톡으로 보내 주세요",
]
_HEADLINE_SUFFIXES = ["(종합)", "(2보)", "…업계 '주목'"]
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[가-힣]{2,}")
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class Text:
    key: str  # "path#index" of the base, plus "~n" for an edited copy
    base: str  # the base article's key
    title: str
    body: str
    recipe: str = ""  # edits applied (copies only)


def _split(base: str) -> str:
    return "dev" if hashlib.sha256(base.encode()).digest()[0] % 2 == 0 else "heldout"


def base_articles() -> dict[str, Text]:
    """Every article of the repository's real pages, read by the project's parsers, keyed
    ``path#index``; an article whose body is already in the pool is left out (the seeds carry
    some stories twice; those pairs are in ``REAL_PAIRS``)."""
    registry = OutletRegistry.load(ROOT / "fixtures" / "outlets.json")
    urls = {
        e["file"]: e.get("url", "") for e in json.loads((ROOT / "tests/data/real/labels.json").read_text())
    }
    files = sorted((ROOT / "fixtures" / "seeds").glob("*.txt")) + sorted(
        p for p in (ROOT / "tests" / "data" / "real").iterdir() if p.suffix in (".txt", ".html")
    )
    out: dict[str, Text] = {}
    seen: set[str] = set()
    keep = {a for pair in REAL_PAIRS for a in pair[:2]}
    for path in files:
        rel = str(path.relative_to(ROOT))
        try:
            result = parse_bytes(
                path.read_bytes(), name=path.name, outlets=registry, url=urls.get(path.name, "")
            )
        except ParseError:
            continue
        for i, parsed in enumerate(result.articles):
            body = "\n\n".join(parsed.paragraphs)
            body_key = text_key(body)
            if body_key in seen and (rel, i) not in keep:
                continue
            seen.add(body_key)
            key = f"{rel}#{i}"
            out[key] = Text(key, key, parsed.title, body)
    return out


def _sentences(paragraph: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(paragraph) if s]


def _edit_word(body: str, rng: random.Random) -> str:
    words = list(_WORD.finditer(body))
    for match in rng.sample(words, min(len(words), rng.randint(1, 2))):
        word = match.group()
        variants = [word[:-1] + "는", word + "도", word[:-1], "새 " + word]
        body = body[: match.start()] + rng.choice(variants) + body[match.end() :]
        break  # offsets after the first change moved: one change per call
    return body


def _edit_numbers(body: str, rng: random.Random) -> str:
    paragraphs = body.split("\n\n")
    i = rng.randrange(len(paragraphs))
    paragraphs[i] = _NUMBER.sub(lambda m: str(int(m.group()) + rng.randint(1, 9)), paragraphs[i])
    return "\n\n".join(paragraphs)


def _add_sentence(body: str, rng: random.Random) -> str:
    paragraphs = body.split("\n\n")
    i = rng.randrange(len(paragraphs))
    paragraphs[i] = paragraphs[i] + " " + rng.choice(_ADDED_SENTENCES)
    return "\n\n".join(paragraphs)


def _drop_sentence(body: str, rng: random.Random) -> str:
    paragraphs = body.split("\n\n")
    candidates = [i for i, p in enumerate(paragraphs) if len(_sentences(p)) > 1]
    if not candidates:
        return body
    i = rng.choice(candidates)
    sentences = _sentences(paragraphs[i])
    del sentences[rng.randrange(len(sentences))]
    paragraphs[i] = " ".join(sentences)
    return "\n\n".join(paragraphs)


def _cut_tail(body: str, rng: random.Random) -> str:
    paragraphs = body.split("\n\n")
    return "\n\n".join(paragraphs[:-1]) if len(paragraphs) > 2 else body


def _add_paragraph(body: str, rng: random.Random) -> str:
    return body + "\n\n" + rng.choice(_ADDED_PARAGRAPHS)


def _sign_off(body: str, rng: random.Random) -> str:
    return body + "\n\n" + "\n\n".join(rng.sample(_SIGN_OFFS, rng.randint(1, 2)))


def _swap(body: str, rng: random.Random) -> str:
    paragraphs = body.split("\n\n")
    if len(paragraphs) < 2:
        return body
    i = rng.randrange(len(paragraphs) - 1)
    paragraphs[i], paragraphs[i + 1] = paragraphs[i + 1], paragraphs[i]
    return "\n\n".join(paragraphs)


RECIPES: dict[str, Callable[[str, random.Random], str]] = {
    "word": _edit_word,
    "numbers": _edit_numbers,
    "add-sentence": _add_sentence,
    "drop-sentence": _drop_sentence,
    "cut-tail": _cut_tail,
    "add-paragraph": _add_paragraph,
    "sign-off": _sign_off,
    "swap": _swap,
    "headline": lambda body, rng: body,
}


def edited_copies(bases: dict[str, Text]) -> list[Text]:
    rng = random.Random(SEED)
    out = []
    for base in bases.values():
        if len(base.body) < MIN_BODY:
            continue
        for n in range(EDITS_PER_BASE):
            names = rng.sample(sorted(RECIPES), rng.choice((1, 1, 2, 2, 3)))
            body = base.body
            for name in names:
                body = RECIPES[name](body, rng)
            title = base.title + " " + rng.choice(_HEADLINE_SUFFIXES) if "headline" in names else base.title
            out.append(Text(f"{base.key}~{n}", base.key, title, body, "+".join(names)))
    return out


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def labelled_set() -> tuple[list[Text], set[tuple[str, str]], dict[str, str], list[dict]]:
    """The pool of texts, the pairs that are one story, each base's half, and the real pairs."""
    bases = base_articles()
    texts = list(bases.values()) + edited_copies(bases)
    story = {key: key for key in bases}  # a base's story: itself, or the base it was paired with
    split = {key: _split(key) for key in bases}
    real = []
    for (fa, ia), (fb, ib), same_story, why in REAL_PAIRS:
        a, b = sorted((f"{fa}#{ia}", f"{fb}#{ib}"))
        if a not in bases or b not in bases:
            raise SystemExit(f"real pair not found among the parsed articles: {a} / {b}")
        split[b] = split[a]  # judged in its first article's half, with the copies of both
        if same_story:
            story[b] = story[a]
        real.append({
            "a": a, "b": b, "same_story": same_story, "why": why, "split": split[a],
            "jaccard": round(jaccard(shingles(bases[a].body), shingles(bases[b].body)), 3),
        })  # fmt: skip
    members: dict[str, list[str]] = defaultdict(list)
    for t in texts:
        members[story[t.base]].append(t.key)
    same = {p for keys in members.values() for p in itertools.combinations(sorted(keys), 2)}
    return texts, same, split, real
