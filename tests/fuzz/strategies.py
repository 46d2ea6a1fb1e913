"""Hypothesis strategies for every public input, generated from the one parameter definition.

Each :class:`articles.search.params.SearchParam` yields its values from what it declares (its
``filter`` kind, ``type``, ``minimum``/``maximum``, ``choices``, ``pattern``, ``format``,
``max_length``, ``repeatable``, ``max_values``), so a parameter added to ``PARAMS`` or
``EXPORT_PARAMS`` is fuzzed without touching this file. Values are a mix of valid ones (the demo archive's own names, slugs,
reporters and months, so searches find something), boundary values and garbage.

The known-good values come from the test database (the demo data every test session loads), read
lazily inside a test, when database access is allowed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote_from_bytes

from django.conf import settings
from hypothesis import strategies as st

from articles.models import Article, Outlet, Quote
from articles.search.filters import FilterKind
from articles.search.params import EXPORT_PARAMS, PARAMS, SearchParam
from policy.models import Alias, Entity

# --- text --------------------------------------------------------------------------------------

# Characters that have tripped text handling somewhere: Hangul syllables and both kinds of jamo,
# combining marks, emoji (with joiners and variation selectors), right-to-left text and marks,
# full-width Latin and digits, zero-width and unusual spaces, the list separators the query
# language splits on, typographic quotes and brackets, letters whose case folding changes length,
# and the C0 controls XML cannot carry.
SPECIAL_CHARS = (
    "가힣배경훈하정우",
    "각ㄱㄴㅎㅏㅣ",
    "\u0301\u0308\u20dd\u3099",
    "🤖🇰🇷👩\u200d💻\ufe0f",
    "مرحبا\u05d0\u200f\u202e\u2066",
    "ＡＩ０９（）＂－",
    "\u200b\u200c\u200d\ufeff\u00a0\u3000\u2028\u2029\t\n\r\x0b\x0c",
    "·ㆍ・,、",
    "“”‘’「」『』《》",
    "ßİﬁŉΐ",
    "\x01\x08\x1b\x1f\x7f\ufffe\uffff",
    "'\\%&=+#;?/*:_",
)
_SPECIAL = "".join(SPECIAL_CHARS)

special_text = st.text(alphabet=st.sampled_from(_SPECIAL), min_size=1, max_size=12)
any_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=30)


@st.composite
def lone_surrogates(draw) -> str:
    """A string with an unpaired surrogate: no valid UTF-8 exists for it, a client sends the
    CESU-style bytes (``fetch`` encodes with ``surrogatepass``) and Django decodes them as U+FFFD."""
    prefix = draw(st.text(max_size=3))
    return prefix + chr(draw(st.integers(0xD800, 0xDFFF))) + draw(st.text(max_size=3))


garbage = st.one_of(
    st.just(""),
    st.sampled_from([" ", "\t", "\x00", "a\x00b", "null", "None", "undefined", "[]", "{}", "%", "%zz"]),
    special_text,
    any_text,
    lone_surrogates(),
    st.integers(1, 12_000).map(lambda n: ("가나다 " * n)[:n]),  # long, up to 12k characters
    st.sampled_from(("x", "가", "(", '"', "-")).map(lambda c: c * 10_000),
)
"""Values no parameter accepts as they are (or, for free text, accepts only as a string)."""

INTEGER_GARBAGE = (
    "0", "-1", "-0", "00", "1.0", "1e3", "1E2", " 2 ", "+3", "٣", "１", "0x10", "1_0", "1,000",
    "inf", "nan", "9" * 19, "9" * 30, "-" + "9" * 30, str(2**63), str(2**31),
)  # fmt: skip
# Digits past Python's int() limit (4300), built on demand: a long literal would bloat every repr.
HUGE_DIGITS = st.sampled_from((4300, 4301, 5000)).map(lambda n: "9" * n)
DATE_GARBAGE = (
    "2025-02-30", "2025-02-29", "2024-02-29", "0000-01-01", "0001-01-01", "9999-12-31", "99999-01-01",
    "2025-13-01", "2025-00-10", "2025-2-3", "20250701", "2025/07/01", "2025-07-01T00:00",
    "-2025-01-01", "2025-07-01 ", "２０２５-０７-０１", "1969-12-31", "2025-07",
)  # fmt: skip
MONTH_GARBAGE = (
    "0000-01", "0000-12", "0001-01", "9999-12", "2025-00", "2025-13", "2025-7", "99999-01", "2025-07-01",
    "2025/07", "202507", "-2025-07", "２０２５-０７",
)  # fmt: skip


def _ints(values: Sequence[int | None]) -> list[str]:
    return [str(v) for v in values if v is not None]


# --- what the archive holds --------------------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    """Values the demo archive knows, so that generated searches match something."""

    words: tuple[str, ...]  # words of readable titles and entity names
    by_kind: dict[FilterKind, dict[str | None, tuple[str, ...]]]  # filter kind → entity kind → values
    near_misses: tuple[str, ...]  # aliases (not accepted as filter values), case variants
    article_ids: tuple[int, ...]  # every article, readable or not (drafts, merged)
    slugs: dict[str, tuple[str, ...]]  # entity kind → slugs


_WORD_EDGES = re.compile(r"^[\W_]+|[\W_]+$")


@functools.cache
def vocabulary() -> Vocabulary:
    """The demo data's names, slugs, reporters, months and words (read once per process)."""
    readable = Article.objects.readable().order_by("pk")
    titles = list(readable.values_list("title", flat=True))
    entities = list(Entity.objects.order_by("kind", "slug").values_list("kind", "name", "slug"))
    words = sorted(
        {w for t in titles for raw in t.split() if len(w := _WORD_EDGES.sub("", raw)) > 1}
        | {name for _, name, _ in entities}
    )
    dates = sorted({d for d in readable.values_list("published_date", flat=True) if d is not None})
    outlets = list(Outlet.objects.order_by("slug").values_list("name", "slug"))
    by_kind: dict[FilterKind, dict[str | None, tuple[str, ...]]] = {
        FilterKind.ENTITY: {
            kind: tuple(v for k, name, slug in entities if k == kind for v in (name, slug))
            for kind in Entity.Kind.values
        },
        # Any kind: slugs (unique), and the names no two entities share.
        FilterKind.ENTITIES: {
            None: tuple(sorted({slug for _, _, slug in entities}))
            + tuple(sorted({n for _, n, _ in entities if [x for _, x, _ in entities].count(n) == 1}))
        },
        FilterKind.OUTLET: {None: tuple(v for pair in outlets for v in pair)},
        FilterKind.TEXT: {
            None: tuple(sorted({r for rs in readable.values_list("reporters", flat=True) for r in rs}))
        },
        FilterKind.MONTH: {None: tuple(sorted({d.strftime("%Y-%m") for d in dates}))},
        FilterKind.DATE_FROM: {None: tuple(d.isoformat() for d in dates)},
        FilterKind.DATE_TO: {None: tuple(d.isoformat() for d in dates)},
        # The quote search's speaker: a person's or organisation's slug, or a name as articles write it.
        FilterKind.SPEAKER: {
            None: tuple(sorted({slug for k, _, slug in entities if k in ("person", "organisation")}))
            + tuple(sorted(set(Quote.objects.exclude(speaker="").values_list("speaker", flat=True))))
        },
    }
    aliases = list(Alias.objects.order_by("pk").values_list("text", flat=True))
    return Vocabulary(
        words=tuple(words),
        by_kind=by_kind,
        near_misses=tuple(aliases + [s.upper() for _, _, s in entities[:5]] + ["no-such-slug", "없는이름"]),
        article_ids=tuple(Article.objects.order_by("pk").values_list("pk", flat=True)),
        slugs={kind: tuple(s for k, _, s in entities if k == kind) for kind in Entity.Kind.values},
    )


@st.composite
def _known(draw, pick) -> str | int:
    """One value of the vocabulary, read on first use (inside a test, with the database). A composite
    rather than a deferred sampled_from: the strategy's repr stays one line, not the whole list."""
    return draw(st.sampled_from(pick(vocabulary())))


# --- the query language ------------------------------------------------------------------------

# Fragments the lexer and parser treat specially, and some they do not know (AND, NOT, wildcards).
QUERY_NOISE = (
    '"', "(", ")", "-", " - ", "--", "OR", "|", "or", "AND", "NOT", "title:", "TITLE:", "title: ", ":",
    "*", "?", "~", "^", "\\", "'", "!", "&", "<->", ":*", "'a'", "()", '""', "( )", '" "', "-(", "-\"",
)  # fmt: skip

demo_word = _known(lambda v: v.words)
query_word = st.one_of(
    demo_word,
    demo_word,  # twice: most words should come from the archive, so that queries match
    special_text,
    st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=8),
    st.sampled_from(("AI", "K-AI", "LG", "GPU", "ai", "A.I.", "2025", "3.0", "이", "을", "했다")),
)
query_phrase = st.lists(query_word, min_size=1, max_size=4).map(lambda ws: '"' + " ".join(ws) + '"')
query_atom = st.one_of(
    query_word, query_phrase, st.builds("title:{}".format, st.one_of(query_word, query_phrase))
)


def _extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    disjunction = st.builds(
        lambda xs, op: f" {op} ".join(xs),
        st.lists(inner, min_size=2, max_size=3),
        st.sampled_from(("OR", "|")),
    )
    return st.one_of(
        st.lists(inner, min_size=2, max_size=4).map(" ".join),
        disjunction,
        inner.map("-{}".format),
        inner.map("({})".format),
    )


well_formed_queries = st.recursive(query_atom, _extend, max_leaves=10)
"""Queries following the grammar (some still refused: exclusions only, particles only)."""


@st.composite
def _mutated(draw, base: st.SearchStrategy[str]) -> str:
    """A grammatical query with noise inserted: unbalanced quotes and parentheses, stray operators."""
    text = draw(base)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(QUERY_NOISE)) + text[at:]
    return text


@st.composite
def _nested(draw) -> str:
    """Deep nesting, balanced or not: up to 600 levels (past the 500-character limit too)."""
    depth = draw(st.integers(1, 600))
    word = draw(query_word)
    opener, closer = draw(
        st.sampled_from((("(", ")"), ("-(", ")"), ("(a ", ")"), ('("', '")'), ("(x OR ", ")")))
    )
    shape = draw(st.sampled_from(("balanced", "open", "close", "interleaved")))
    if shape == "balanced":
        return opener * depth + word + closer * depth
    if shape == "open":
        return opener * depth + word
    if shape == "close":
        return word + closer * depth
    return (opener + word + closer) * depth


def _near_limit(limit: int) -> st.SearchStrategy[str]:
    """Words repeated to just under, at and just over ``limit`` characters."""
    return st.builds(lambda word, n: ((word + " ") * n)[:n], demo_word, st.integers(limit - 3, limit + 3))


QUERY = next(p for p in PARAMS if p.group == "query")


queries = st.one_of(
    well_formed_queries,
    well_formed_queries,
    _mutated(well_formed_queries),
    _nested(),
    _near_limit(QUERY.max_length or 500),
    garbage,
)
"""Anything a person (or a script) might type into the search box."""


# --- one parameter's values --------------------------------------------------------------------


def valid_values(param: SearchParam) -> st.SearchStrategy[str]:
    """Values the parameter is meant to accept, as its definition describes them."""
    if param.group == "query":
        return well_formed_queries
    if param.filter is not None:
        known = _known(
            lambda v: v.by_kind[param.filter][
                param.entity_kind if param.filter == FilterKind.ENTITY else None
            ]
        )
        if param.filter in (FilterKind.DATE_FROM, FilterKind.DATE_TO):
            return st.one_of(known, st.dates().map(dt.date.isoformat))
        return known
    if param.choices:
        return st.sampled_from(param.choices)
    if param.type == "integer":
        return st.integers(param.minimum or 0, param.maximum or 10**9).map(str)
    return st.text(max_size=param.max_length or 50)


def boundary_values(param: SearchParam) -> st.SearchStrategy[str]:
    """The edges of what the definition accepts, on both sides."""
    edges: list[str] = []
    if param.type == "integer":
        low, high = param.minimum, param.maximum
        edges += _ints(
            [low, high, low - 1 if low is not None else None, high + 1 if high is not None else None]
        )
        edges += ["0", "1", "100", "101", str(10**9), str(10**30), *INTEGER_GARBAGE]
    if param.format == "date" or param.filter in (FilterKind.DATE_FROM, FilterKind.DATE_TO):
        edges += DATE_GARBAGE
    if param.filter == FilterKind.MONTH or param.pattern:
        edges += MONTH_GARBAGE
    if param.choices:
        edges += [c.upper() for c in param.choices] + [
            f" {param.choices[0]} ",
            "unknown",
            param.choices[-1] + "x",
        ]
    strategies: list[st.SearchStrategy[str]] = [st.sampled_from(edges)] if edges else []
    if param.type == "integer":
        strategies.append(HUGE_DIGITS)
    if param.filter in (FilterKind.ENTITY, FilterKind.ENTITIES, FilterKind.OUTLET, FilterKind.TEXT):
        strategies.append(_known(lambda v: v.near_misses))
    if param.max_length:
        n = param.max_length
        strategies.append(st.sampled_from((n - 1, n, n + 1)).map(lambda k: "가" * k))
    if param.group == "query":
        strategies.append(queries)
    return st.one_of(strategies) if strategies else garbage


def param_values(param: SearchParam) -> st.SearchStrategy[list[str]]:
    """The values one request sends for ``param``: usually one, several for a repeatable filter, and
    sometimes a repeated key the parameter does not expect (``?q=a&q=b``)."""
    one = st.one_of(
        valid_values(param), valid_values(param), valid_values(param), boundary_values(param), garbage
    )
    most = 4 if param.repeatable else 1
    options = [st.lists(one, min_size=1, max_size=most), st.lists(one, min_size=2, max_size=3)]
    if param.max_values is not None:
        # As many values as the filter takes, and one more: one value repeated, or distinct ones.
        count = st.sampled_from((param.max_values, param.max_values + 1))
        options.append(st.builds(lambda value, n: [value] * n, valid_values(param), count))
        options.append(
            st.builds(lambda value, n: [f"{value}{i}" for i in range(n)], valid_values(param), count)
        )
    return st.one_of(options)


# Keys no view reads, and the spellings of real keys a script might get wrong.
JUNK_KEYS = ("foo", "Q", "q[]", "page[]", "PAGE", "sort ", " q", "", "%", "가", "\x00", "utf8", "callback")


@st.composite
def query_pairs(
    draw, params: Sequence[SearchParam] = PARAMS, *, extra: Sequence[str] = (), flood: bool = False
) -> list[tuple[str, str]]:
    """The (key, value) pairs of one query string: a few of ``params`` with their values, a few
    junk keys, in any order. ``extra`` names keys a view reads besides the parameters (free text).
    With ``flood``, one example in ten repeats a pair past the number of parameters Django parses."""
    chosen = draw(st.lists(st.sampled_from(list(params)), unique_by=lambda p: p.name, max_size=4))
    pairs = [(p.name, value) for p in chosen for value in draw(param_values(p))]
    for key in draw(st.lists(st.sampled_from(extra), unique=True)) if extra else ():
        pairs.append((key, draw(st.one_of(garbage, query_pairs(params).map(encode_query)))))
    pairs += draw(st.lists(st.tuples(st.sampled_from(JUNK_KEYS), garbage), max_size=2))
    pairs = draw(st.permutations(pairs))
    if flood and pairs and draw(st.integers(0, 9)) == 0:
        # Exactly as many parameters as Django parses, or one more.
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        pairs += [draw(st.sampled_from(pairs))] * draw(st.sampled_from((limit - len(pairs), limit + 1)))
    return pairs


search_pairs = query_pairs(PARAMS, flood=True)
export_pairs = query_pairs((*EXPORT_PARAMS, *PARAMS), flood=True)


# What browsers and scripts send as Accept-Language; every message must stay Korean regardless.
accept_languages = st.one_of(
    st.sampled_from(
        ("", "ko", "ko-KR,ko;q=0.9,en;q=0.8", "en", "en-US", "fr-CH, fr;q=0.9", "zh-hans", "ja", "*")
    ),
    st.text(alphabet=string.ascii_letters + "-,;=.* ", max_size=20),
)


# --- path segments -----------------------------------------------------------------------------


def path_values(converter_regex: str, *, ids: bool = False, slugs: bool = False) -> st.SearchStrategy[str]:
    """Values for one URL converter: what its regex matches, the archive's own ids or slugs, edges."""
    options: list[st.SearchStrategy[str]] = [
        st.from_regex(converter_regex, fullmatch=True).filter(lambda s: len(s) < 200)
    ]
    if ids:
        options += [
            _known(lambda v: v.article_ids).map(str),
            st.sampled_from(["0", "00", "1", str(2**31 - 1), str(2**31), str(2**63), "9" * 30, "9" * 400]),
        ]
    if slugs:
        options += [
            _known(lambda v: [s for kind in v.slugs.values() for s in kind]),
            st.just("-"),
            st.just("_" * 300),
        ]
    return st.one_of(options)


# --- the wire ----------------------------------------------------------------------------------


def _quote(text: str) -> str:
    # surrogatepass: a lone surrogate goes out as the bytes a careless client would send.
    return quote_from_bytes(text.encode("utf-8", "surrogatepass"), safe="")


# What must stay escaped even in a raw query string, or the pairs would not come apart as sent.
_RAW_RESERVED = re.compile(r"[&=#%+\s\x00-\x1f\x7f\ud800-\udfff]")


def encode_query(pairs: Sequence[tuple[str, str]], *, raw: bool = False) -> str:
    """A query string: percent-encoded, or ``raw`` with UTF-8 text left as it is (as some clients
    send it) and only the separators escaped. Any text, lone surrogates included, survives."""
    if raw:

        def esc(text: str) -> str:
            return _RAW_RESERVED.sub(lambda m: _quote(m.group()), text)
    else:
        esc = _quote
    return "&".join(f"{esc(k)}={esc(v)}" for k, v in pairs)
