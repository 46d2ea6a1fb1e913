"""Associated words (연관어): the content words that set a search's articles apart from the rest of
the archive, counted over the whole result set, exactly.

**Counts.** Document frequencies: ``matched`` is the number of matched articles holding the word,
``total`` the number of readable articles in the archive holding it. Words are Kiwi's content words
of the stored analysis (nouns, names, foreign words, compounds, dictionary terms; not particles,
endings, numbers or the stop words below), so 정부는 and 정부가 are one word and "AI" inside
"AI기본법" is not counted as "AI" unless Kiwi reads it so.

**Statistic.** Dunning's log-likelihood ratio G² on the 2×2 table of documents: the matched
articles (N) against the rest of the archive (M − N), holding the word or not::

    a = matched, b = total − matched, c = N − a, d = (M − N) − b
    G² = 2 Σ O·ln(O / E) over the four cells, E = row total × column total / M

with the sign of the difference (positive when the word is more frequent in the matched articles
than in the rest). Chosen over weighted log-odds with an informative Dirichlet prior because it
needs no prior to tune, is the standard keyness measure of corpus linguistics (Dunning 1993;
Rayson & Garside 2000), behaves for rare words where chi-square does not, and reads as a
significance (G² > 10.83 ⇔ p < 0.001 with one degree of freedom). Only words over-represented in
the matched articles with ``matched ≥ min_df`` are listed, highest G² first (ties by word). When a
search matches the whole archive there is no rest to set it apart from: every score is 0 and
words come by document frequency.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from articles import korean
from articles.search.analyses import WORDS
from articles.search.backends import search_backend
from articles.search.backends.base import EVERYTHING
from articles.search.dictionary import dictionary_terms
from articles.search.links import SearchLinks
from articles.search.request import SearchRequest

# Words of news copy that say nothing of its subject: bylines, credits, time words, connectors.
STOP_WORDS = frozenset(
    [
        "기자",
        "뉴스",
        "사진",
        "제공",
        "무단",
        "전재",
        "배포",
        "금지",
        "재배포",
        "저작권",
        "구독",
        "기사",
        "입력",
        "수정",
        "송고",
        "앵커",
        "영상",
        "특파원",
        "통신",
        "이날",
        "오늘",
        "어제",
        "내일",
        "올해",
        "내년",
        "작년",
        "지난해",
        "최근",
        "이번",
        "현재",
        "당시",
        "이후",
        "이전",
        "오전",
        "오후",
        "전날",
        "다음날",
        "이상",
        "이하",
        "관련",
        "가운데",
        "경우",
        "정도",
        "대부분",
        "일부",
        "전체",
        "각각",
        "모두",
        "우리",
        "여러",
        "자신",
        "그것",
        "이것",
        "때문",
        "위해",
        "통해",
        "대해",
        "대한",
        "가능",
    ]
)
# Latin runs the analysis lower-cased that are read as acronyms (ai, lg, gpu, skt), inside a word too.
_ACRONYM = re.compile(r"(?<![a-z])[a-z]{2,4}(?![a-z])")


@dataclass(frozen=True)
class AssociatedWord:
    word: str  # the content word as the archive stores it (Kiwi's normalised lexeme)
    label: str  # how it is written for readers (a dictionary term as entered, short Latin words upper-cased)
    matched: int
    total: int
    score: float  # signed G²
    search_url: str  # this search narrowed by the word


@dataclass
class AssociatedWords:
    matched: int  # N: articles the search matches
    archive: int  # M: readable articles
    min_df: int
    words: list[AssociatedWord] = field(default_factory=list)
    method: str = WORDS.method
    version: str = WORDS.version


def _xlogx(observed: float, expected: float) -> float:
    return observed * math.log(observed / expected) if observed > 0 else 0.0


def g2(*, a: int, b: int, n: int, m: int) -> float:
    """Signed Dunning G² of a word held by ``a`` of ``n`` matched documents and ``b`` of the other
    ``m - n``: positive when it is relatively more frequent in the matched ones; 0 when either side
    is empty."""
    rest = m - n
    if n <= 0 or rest <= 0:
        return 0.0
    c, d = n - a, rest - b
    held, not_held = a + b, c + d
    cells = (
        (a, n * held / m),
        (b, rest * held / m),
        (c, n * not_held / m),
        (d, rest * not_held / m),
    )
    value = 2.0 * sum(_xlogx(o, e) for o, e in cells if e > 0)
    return value if a / n >= b / rest else -value


def _labels() -> dict[str, str]:
    """Dictionary terms as entered, by the lexeme the analysis stores for them."""
    return {korean.term_key(term): korean.normalise_term(term) for term in dictionary_terms()}


def _label(word: str, labels: dict[str, str]) -> str:
    if word in labels:
        return labels[word]
    return _ACRONYM.sub(lambda m: m.group().upper(), word)


def search_words(*, request: SearchRequest, limit: int, min_df: int) -> AssociatedWords:
    """The ``limit`` content words most characteristic of the articles ``request`` matches (see the
    module's documentation for the counts and the statistic). Two backend aggregations (the matched
    articles' words and the archive's), whatever the number of articles."""
    backend = search_backend()
    selection = request.selection()
    matched_n, archive_m = backend.counts([selection, EVERYTHING])
    # The whole archive's counts are the backend's to keep between searches (they change only with it).
    in_matched = backend.word_counts(None if matched_n == archive_m else selection, min_count=min_df)
    own = request.query.highlight_lexemes if request.query is not None else frozenset()
    candidates = {w: n for w, n in in_matched.items() if n >= min_df and w not in STOP_WORDS and w not in own}
    totals = backend.word_counts(None, words=candidates)
    scored = []
    for word, a in candidates.items():
        total = totals.get(word, a)
        score = g2(a=a, b=total - a, n=matched_n, m=archive_m)
        if score > 0 or matched_n >= archive_m:
            scored.append((word, a, total, score))
    if matched_n >= archive_m:
        scored.sort(key=lambda w: (-w[1], w[0]))  # nothing to set apart: the commonest words
    else:
        scored.sort(key=lambda w: (-w[3], w[0]))
    labels = _labels()
    links = SearchLinks(request.querydict())
    words = [
        AssociatedWord(
            word=word,
            label=(label := _label(word, labels)),
            matched=a,
            total=total,
            score=round(score, 4),
            search_url=links.with_changes(q=_narrowed(request.q, label)),
        )
        for word, a, total, score in scored[:limit]
    ]
    return AssociatedWords(matched=matched_n, archive=archive_m, min_df=min_df, words=words)


def _narrowed(q: str, label: str) -> str:
    """The query ``q`` and the word: a term written with spaces as the phrase it is, and ``q`` in
    parentheses when it has an OR (which binds looser than the space's AND)."""
    word = f'"{label}"' if " " in label else label
    if not q:
        return word
    has_or = re.search(r"(?:^|\s)(?:OR|\|)(?:\s|$)", q)
    return f"({q}) {word}" if has_or else f"{q} {word}"
