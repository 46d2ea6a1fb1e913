"""Deterministic synthetic corpus of Korean AI-policy news, built from the 32 seed articles.

    .venv/bin/python bench/corpus.py --size 10000            # bench/data/corpus-10000/part-XXXX.jsonl
    .venv/bin/python bench/corpus.py --size 1000000 --seed 7
    .venv/bin/python bench/corpus.py --seeds-only            # just (re)build the sentence cache

Step 1 (once, cached in bench/data/seed_sentences.json): the seed articles are loaded with the
project's own ``manage.py loaddemo`` into a scratch database ``archive_bench_seed`` and read back
through ``Article.objects.values(title, subtitle, body, outlet__name, reporters)`` only; their
bodies are split into sentences, their titles kept as title material.

Step 2: N articles in the project's JSON Lines ingest format (``title``, ``subtitle``, ``body``
with blank-line paragraphs, ``outlet``, ``published_at`` ISO 8601 +09:00, ``reporters``,
``url``), 5,000 per file. Skew: sentences drawn with Zipf popularity (s=0.9) so word frequencies
stay Zipf-like, numbers varied; 6-30 sentences in 2-8 paragraphs; titles recombined from seed
titles and sentence openings; dates 2021-01-01..2026-11-30 with 8x growth; 60 real outlet names
with Zipf skew; 800 reporters tied to outlets, skewed; entity-mention sentences (people,
programmes, organisations of fixtures/policy_entities.json) injected at skewed rates.

Same ``--seed`` and seed articles -> byte-identical files; the first K articles are the same for
every size. Generation streams (constant memory): about 1-2 min per 100k articles.

``texts(corpus_dir, limit)`` yields title + subtitle + body strings for tokenizer timings.

One file on purpose (a little over 400 lines): the generator's vocabulary tables and its rules
belong together, so a change to the corpus is read in one place.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import math
import random
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DATA, ROOT, manage, recreate_db, write_json

GENERATOR_VERSION = 2
PER_FILE = 5000
SEED_CACHE = DATA / "seed_sentences.json"
SEED_DB = "archive_bench_seed"

# (Korean name, web domain), most prolific first: popularity is Zipf over this order.
OUTLETS = [
    ("연합뉴스", "yna.co.kr"), ("뉴스1", "news1.kr"), ("뉴시스", "newsis.com"),
    ("지디넷코리아", "zdnet.co.kr"), ("전자신문", "etnews.com"), ("아이뉴스24", "inews24.com"),
    ("디지털데일리", "ddaily.co.kr"), ("아주경제", "ajunews.com"), ("이데일리", "edaily.co.kr"),
    ("머니투데이", "mt.co.kr"), ("서울경제", "sedaily.com"), ("헤럴드경제", "heraldcorp.com"),
    ("한국경제", "hankyung.com"), ("매일경제", "mk.co.kr"), ("파이낸셜뉴스", "fnnews.com"),
    ("아시아경제", "asiae.co.kr"), ("디지털타임스", "dt.co.kr"), ("AI타임스", "aitimes.com"),
    ("조선비즈", "biz.chosun.com"), ("이투데이", "etoday.co.kr"), ("뉴스핌", "newspim.com"),
    ("조선일보", "chosun.com"), ("중앙일보", "joongang.co.kr"), ("동아일보", "donga.com"),
    ("한겨레", "hani.co.kr"), ("경향신문", "khan.co.kr"), ("한국일보", "hankookilbo.com"),
    ("국민일보", "kmib.co.kr"), ("세계일보", "segye.com"), ("서울신문", "seoul.co.kr"),
    ("문화일보", "munhwa.com"), ("내일신문", "naeil.com"), ("블로터", "bloter.net"),
    ("테크M", "techm.kr"), ("바이라인네트워크", "byline.network"), ("머니S", "moneys.co.kr"),
    ("비즈니스포스트", "businesspost.co.kr"), ("서울파이낸스", "seoulfn.com"),
    ("데일리안", "dailian.co.kr"), ("노컷뉴스", "nocutnews.co.kr"), ("오마이뉴스", "ohmynews.com"),
    ("프레시안", "pressian.com"), ("미디어오늘", "mediatoday.co.kr"), ("KBS", "news.kbs.co.kr"),
    ("MBC", "imnews.imbc.com"), ("SBS", "news.sbs.co.kr"), ("JTBC", "news.jtbc.co.kr"),
    ("YTN", "ytn.co.kr"), ("MBN", "mbn.co.kr"), ("연합뉴스TV", "yonhapnewstv.co.kr"),
    ("매일일보", "m-i.kr"), ("브릿지경제", "viva100.com"), ("에너지경제", "ekn.kr"),
    ("뉴데일리", "newdaily.co.kr"), ("쿠키뉴스", "kukinews.com"), ("더벨", "thebell.co.kr"),
    ("한국금융신문", "fntimes.com"), ("보안뉴스", "boannews.com"), ("컴퓨터월드", "comworld.co.kr"),
    ("로봇신문", "irobotnews.com"),
]  # fmt: skip
N_REPORTERS = 800
SURNAMES = "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나"
GIVEN = "민서준지현수영우진하은도윤재호성경훈정희연주태상혜원동석승미나은소아예린시유채가다유건혁범"

# Entities (names as in fixtures/policy_entities.json), most mentioned first.
PEOPLE = [
    ("배경훈", "과기정통부 장관"), ("이재명", "대통령"), ("하정우", "AI미래기획수석"),
    ("구광모", "LG 회장"), ("이준석", "개혁신당 대표"), ("임우형", "LG AI연구원 공동원장"),
    ("이홍락", "LG AI연구원 공동원장"), ("김영섬", "코난테크놀로지 대표"),
]  # fmt: skip
PROGRAMMES = [
    "독자 AI 파운데이션 모델", "국가AI컴퓨팅센터", "국가 AI 컴퓨팅센터", "AI 국가대표 정예팀",
    "독자 AI 파운데이션 모델 프로젝트", "국가인공지능컴퓨팅센터", "K-AI 모델",
]  # fmt: skip
ORGS = [
    "과학기술정보통신부", "네이버", "LG AI연구원", "SK텔레콤", "카카오", "업스테이지", "삼성전자",
    "국가인공지능위원회", "과기정통부", "NC AI", "코난테크놀로지", "아마존웹서비스", "네이버클라우드",
]  # fmt: skip
TOPICS = [
    "AI 생태계 경쟁력을 끌어올려야 한다", "GPU 확보가 가장 시급하다", "민간 투자를 마중물로 삼겠다",
    "데이터센터 전력 문제를 풀어야 한다", "AI 인재 양성에 속도를 내겠다", "규제보다 진흥이 먼저다",
    "소버린 AI는 선택이 아닌 필수다", "글로벌 3대 AI 강국 도약이 목표다",
]  # fmt: skip
TAGS = ["[단독]", "[종합]", "[기획]", "[인터뷰]", "[현장]", "[속보]", "[분석]", "[르포]"]
TEMPLATES = [
    '{p} {role}{은} 이날 "{topic}"고 강조했다.',
    "{p} {role}{은} {org}{와} {prog} 추진 방안을 논의했다.",
    "정부는 {prog}{을} 통해 AI 경쟁력을 높일 계획이다.",
    "{org}{는} {prog} 참여 의사를 공식적으로 밝혔다.",
    "{p} {role}{는} {org} 관계자들과 간담회를 열고 {prog} 현황을 점검했다.",
    "업계에서는 {prog}{이} {org}의 기술력을 시험하는 무대가 될 것으로 보고 있다.",
    '{org} 측은 "{topic}"며 {p} {role}의 발언에 공감을 표했다.',
]  # fmt: skip
START = dt.date(2021, 1, 1)
END = dt.date(2026, 11, 30)
GROWTH = math.log(8.0)  # articles per day grow 8x from START to END

_SENT_SPLIT = re.compile(r"(?<=[.!?])[\"”’']?\s+")
_HANGUL = re.compile(r"[가-힣]")
_JUNK = re.compile(r"@|무단\s*전재|재배포|ⓒ|©|Copyright|기자정보|글자크기|도구모음|구독", re.I)
_DIGITS = re.compile(r"\d{2,}")


# ---------------------------------------------------------------------------------------------
# Seeds
# ---------------------------------------------------------------------------------------------

_DUMP = """
import json
from articles.models import Article
rows = list(Article.objects.values('title', 'subtitle', 'body', 'outlet__name', 'reporters'))
json.dump(rows, open({path!r}, 'w', encoding='utf-8'), ensure_ascii=False)
"""


def split_sentences(text: str) -> list[str]:
    out = []
    for para in re.split(r"\n\s*\n|\n", text):
        for sent in _SENT_SPLIT.split(para.strip()):
            sent = " ".join(sent.split())
            if 15 <= len(sent) <= 400 and _HANGUL.search(sent) and not _JUNK.search(sent):
                out.append(sent)
    return out


def seed_material(*, refresh: bool = False) -> dict:
    """Sentences, titles, subtitles from the seed articles (cached in bench/data/seed_sentences.json)."""
    if SEED_CACHE.exists() and not refresh:
        return json.loads(SEED_CACHE.read_text(encoding="utf-8"))
    DATA.mkdir(parents=True, exist_ok=True)
    dump = DATA / "seed_articles.json"
    recreate_db(SEED_DB)
    manage("migrate", "--noinput", "-v", "0", db=SEED_DB, timeout=600)
    manage("loaddemo", "-v", "0", db=SEED_DB, timeout=1800)
    manage("shell", "-v", "0", "-c", _DUMP.format(path=str(dump)), db=SEED_DB, timeout=600, quiet=True)
    rows = json.loads(dump.read_text(encoding="utf-8"))
    sentences: list[str] = []
    seen: set[str] = set()
    for row in rows:
        for sent in split_sentences((row.get("subtitle") or "") + "\n" + (row.get("body") or "")):
            if sent not in seen:
                seen.add(sent)
                sentences.append(sent)
    titles = sorted({" ".join(r["title"].split()) for r in rows if r.get("title")})
    material = {
        "articles": len(rows),
        "sentences": sentences,
        "titles": titles,
        "seed_outlets": sorted({r["outlet__name"] for r in rows if r.get("outlet__name")}),
    }
    write_json(SEED_CACHE, material)
    return material


# ---------------------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------------------


def zipf_cum(n: int, s: float) -> list[float]:
    return list(itertools.accumulate(1.0 / (r**s) for r in range(1, n + 1)))


def _has_final(word: str) -> bool:
    ch = word.rstrip()[-1:]
    if "가" <= ch <= "힣":
        return (ord(ch) - 0xAC00) % 28 != 0
    return ch in "LMNRlmnr013678"  # 엘 엠 엔 알, 영 일 삼 육 칠 팔


def _josa(word: str, pair: str) -> str:
    a, b = pair.split("/")
    return a if _has_final(word) else b


def fill(template: str, **values: str) -> str:
    """Fill a template, choosing 은/는, 이/가, 을/를, 와/과 by the preceding word's final consonant."""
    out = template
    for key, value in values.items():
        out = out.replace("{" + key + "}", value)
    pairs = {"{은}": "은/는", "{는}": "은/는", "{이}": "이/가", "{을}": "을/를", "{와}": "과/와"}
    for marker, pair in pairs.items():
        while marker in out:
            idx = out.index(marker)
            out = out[:idx] + _josa(out[:idx], pair) + out[idx + len(marker) :]
    return out


class Generator:
    """Streams articles; all randomness from one seeded ``random.Random``."""

    def __init__(self, material: dict, *, seed: int = 20250601):
        self.rng = rng = random.Random(seed)
        sentences = list(material["sentences"])
        rng.shuffle(sentences)  # popularity rank independent of position in the seeds
        self.sentences = sentences
        self.sent_cum = zipf_cum(len(sentences), 0.9)
        self.titles = [t.split() for t in material["titles"] if len(t.split()) >= 3]
        rng.shuffle(self.titles)
        self.title_cum = zipf_cum(len(self.titles), 0.6)
        self.outlet_cum = zipf_cum(len(OUTLETS), 1.0)
        self.people_cum = zipf_cum(len(PEOPLE), 1.1)
        self.prog_cum = zipf_cum(len(PROGRAMMES), 1.2)
        self.org_cum = zipf_cum(len(ORGS), 1.0)
        self.reporters = self._reporters()

    def _reporters(self) -> list[tuple[list[str], list[float]]]:
        """800 unique Korean names, shared out to outlets by outlet popularity (at least 3 each)."""
        rng = self.rng
        names: list[str] = []
        seen: set[str] = set()
        while len(names) < N_REPORTERS:
            name = (
                rng.choice(SURNAMES[:12] if rng.random() < 0.6 else SURNAMES)
                + rng.choice(GIVEN)
                + rng.choice(GIVEN)
            )
            if name not in seen:
                seen.add(name)
                names.append(name)
        weights = [1.0 / r for r in range(1, len(OUTLETS) + 1)]
        total = sum(weights)
        counts = [max(3, int(w / total * N_REPORTERS)) for w in weights]
        out, pos = [], 0
        for c in counts:
            group = names[pos : pos + c] or names[-3:]
            pos += c
            out.append((group, zipf_cum(len(group), 1.0)))
        return out

    def _date(self) -> dt.datetime:
        u = self.rng.random()
        frac = math.log1p(u * (math.exp(GROWTH) - 1)) / GROWTH
        day = START + dt.timedelta(days=int(frac * ((END - START).days + 1)))
        seconds = self.rng.randint(6 * 3600, 23 * 3600)
        return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=seconds)

    def _vary(self, sent: str) -> str:
        if self.rng.random() < 0.3:
            rng = self.rng
            return _DIGITS.sub(
                lambda m: m.group() if m.group().startswith("20") and len(m.group()) == 4
                else str(rng.randint(10 ** (len(m.group()) - 1), 10 ** len(m.group()) - 1)),
                sent,
            )  # fmt: skip
        return sent

    def _mention(self) -> str:
        rng = self.rng
        person, role = rng.choices(PEOPLE, cum_weights=self.people_cum)[0]
        return fill(
            rng.choice(TEMPLATES),
            p=person,
            role=role,
            prog=rng.choices(PROGRAMMES, cum_weights=self.prog_cum)[0],
            org=rng.choices(ORGS, cum_weights=self.org_cum)[0],
            topic=rng.choice(TOPICS),
        )

    def _title(self) -> str:
        rng = self.rng
        a, b = rng.choices(self.titles, cum_weights=self.title_cum, k=2)
        head = a[: rng.randint(2, max(2, len(a) // 2 + 1))]
        if rng.random() < 0.5:
            tail = b[rng.randint(len(b) // 2, len(b) - 1) :]
        else:
            tail = rng.choices(self.sentences, cum_weights=self.sent_cum)[0].split()[: rng.randint(2, 4)]
        middle: list[str] = []
        r = rng.random()
        if r < 0.25:
            middle = [rng.choices(PEOPLE, cum_weights=self.people_cum)[0][0]]
        elif r < 0.4:
            middle = [rng.choices(PROGRAMMES, cum_weights=self.prog_cum)[0]]
        elif r < 0.55:
            middle = [rng.choices(ORGS, cum_weights=self.org_cum)[0] + ","]
        if middle and middle[0].rstrip(",") in " ".join(head + tail):
            middle = []
        words = [*head, *middle, *tail]
        title = " ".join(words)
        if len(title) > 70:
            title = title[:70].rsplit(" ", 1)[0]
        if rng.random() < 0.12:
            title = rng.choice(TAGS) + " " + title
        return title.strip(" ,") or " ".join(a)

    def article(self, index: int) -> dict:
        rng = self.rng
        n = int(rng.triangular(6, 31, 11))
        picked = [self._vary(s) for s in rng.choices(self.sentences, cum_weights=self.sent_cum, k=n)]
        r = rng.random()
        for _ in range(0 if r < 0.55 else 1 if r < 0.85 else 2):
            picked.insert(rng.randint(0, len(picked)), self._mention())
        n_par = rng.randint(2, min(8, len(picked)))
        cuts = sorted(rng.sample(range(1, len(picked)), n_par - 1))
        paragraphs = [" ".join(picked[i:j]) for i, j in zip([0, *cuts], [*cuts, len(picked)], strict=True)]
        outlet_idx = rng.choices(range(len(OUTLETS)), cum_weights=self.outlet_cum)[0]
        outlet, domain = OUTLETS[outlet_idx]
        group, cum = self.reporters[outlet_idx]
        k = 0 if rng.random() < 0.03 else 2 if rng.random() < 0.15 else 1
        reporters = list(dict.fromkeys(rng.choices(group, cum_weights=cum, k=k)))
        subtitle = ""
        if rng.random() < 0.4:
            subs = rng.choices(self.sentences, cum_weights=self.sent_cum, k=rng.randint(1, 2))
            subtitle = "\n".join(s[:80].rstrip() for s in subs)
        when = self._date()
        return {
            "title": self._title(),
            "subtitle": subtitle,
            "body": "\n\n".join(paragraphs),
            "outlet": outlet,
            "published_at": when.isoformat(timespec="seconds") + "+09:00",
            "reporters": reporters,
            "url": f"https://{domain}/news/articleView.html?idxno={index + 1:07d}",
        }


def corpus_dir(size: int) -> Path:
    return DATA / f"corpus-{size}"


# Articles no bench archive holds (another seed, URLs numbered apart): what is timed into an empty
# archive and into a loaded one, the same texts both times.
FRESH_SEED = 7
FRESH_FIRST = 90_000_000


def fresh_dir(size: int) -> Path:
    return DATA / f"fresh-{size}"


def fresh(size: int) -> Path:
    """Generate (when not up to date) and return ``size`` fresh articles, ``bench/data/fresh-<size>``."""
    return generate(size, seed=FRESH_SEED, out=fresh_dir(size), first=FRESH_FIRST)


def generate(
    size: int, *, seed: int = 20250601, out: Path | None = None, force: bool = False, first: int = 0
) -> Path:
    """Write ``size`` articles to ``out`` (default bench/data/corpus-<size>); skipped when up to date.

    ``first`` numbers the articles' URLs from there: a set meant to be ingested into an archive
    generated from another seed must not reuse its URLs (ingest would take them for the same stories).
    """
    out = out or corpus_dir(size)
    manifest_path = out / "manifest.json"
    material = seed_material()
    key = {"size": size, "seed": seed, "version": GENERATOR_VERSION, "sentences": len(material["sentences"])}
    if first:
        key["first"] = first
    if manifest_path.exists() and not force:
        old = json.loads(manifest_path.read_text())
        if {k: old.get(k) for k in key} == key:
            return out
    out.mkdir(parents=True, exist_ok=True)
    for old_file in out.glob("part-*.jsonl"):
        old_file.unlink()
    gen = Generator(material, seed=seed)
    started = time.perf_counter()
    chars = 0
    fh = None
    files = 0
    for i in range(size):
        if i % PER_FILE == 0:
            if fh:
                fh.close()
            fh = open(out / f"part-{files:04d}.jsonl", "w", encoding="utf-8")  # noqa: SIM115
            files += 1
        art = gen.article(first + i)
        chars += len(art["title"]) + len(art["subtitle"]) + len(art["body"])
        fh.write(json.dumps(art, ensure_ascii=False) + "\n")
    if fh:
        fh.close()
    write_json(
        manifest_path,
        {
            **key,
            "files": files,
            "per_file": PER_FILE,
            "text_chars": chars,
            "seed_articles": material["articles"],
            "seconds": round(time.perf_counter() - started, 1),
        },
    )
    return out


def parts(directory: Path) -> list[Path]:
    return sorted(Path(directory).glob("part-*.jsonl"))


def records(directory: Path, limit: int | None = None) -> Iterator[dict]:
    """The corpus's articles in order (at most ``limit``)."""
    n = 0
    for path in parts(directory):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if limit is not None and n >= limit:
                    return
                yield json.loads(line)
                n += 1


def texts(directory: Path, limit: int | None = None) -> Iterator[str]:
    """title + subtitle + body of the first ``limit`` articles: what the tokenizer benchmark reads."""
    for rec in records(directory, limit):
        yield "\n".join(part for part in (rec["title"], rec["subtitle"], rec["body"]) if part)


def subset(directory: Path, limit: int, out: Path, *, per_file: int = PER_FILE) -> list[Path]:
    """Copy the first ``limit`` articles into ``out`` (``per_file`` per file) for ingesting part of a corpus."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("part-*.jsonl"):
        old.unlink()
    written: list[Path] = []
    fh = None
    for n, rec in enumerate(records(directory, limit)):
        if n % per_file == 0:
            if fh:
                fh.close()
            written.append(out / f"part-{len(written):04d}.jsonl")
            fh = open(written[-1], "w", encoding="utf-8")  # noqa: SIM115
        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    if fh:
        fh.close()
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=20250601)
    ap.add_argument("--out", type=Path, help="directory (default bench/data/corpus-<size>)")
    ap.add_argument("--force", action="store_true", help="regenerate even when the manifest matches")
    ap.add_argument("--first", type=int, default=0, help="number the URLs from here (a fresh set)")
    ap.add_argument("--seeds-only", action="store_true", help="only rebuild the seed sentence cache")
    ap.add_argument("--refresh-seeds", action="store_true", help="re-read the seed articles first")
    args = ap.parse_args(argv)
    if args.seeds_only or args.refresh_seeds:
        mat = seed_material(refresh=True)
        print(f"seed cache: {len(mat['sentences'])} sentences, {len(mat['titles'])} titles "
              f"from {mat['articles']} articles -> {SEED_CACHE.relative_to(ROOT)}")  # fmt: skip
        if args.seeds_only:
            return 0
    started = time.perf_counter()
    out = generate(args.size, seed=args.seed, out=args.out, force=args.force, first=args.first)
    manifest = json.loads((out / "manifest.json").read_text())
    print(f"corpus: {manifest['size']} articles in {manifest['files']} files, {manifest['text_chars']:,} chars, "
          f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out} ({time.perf_counter() - started:.1f}s)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
