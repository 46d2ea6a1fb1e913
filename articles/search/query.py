"""The researchers' query language, parsed into a tree whose words Kiwi reads into lexeme groups.

Syntax: words separated by spaces must all match; ``OR`` (or ``|``) between terms; ``"exact
phrase"``; ``-term`` or ``-"phrase"`` excludes; ``title:term`` limits a term to titles;
parentheses group. Every word goes through the same Kiwi analysis as the documents, so
particles and endings do not matter (``배경훈이`` finds ``배경훈``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from articles import korean
from articles.search import selection as m


class QuerySyntaxError(ValueError):
    """The query cannot be understood; the message is meant for the person who typed it."""


@dataclass(frozen=True)
class Term:
    text: str
    phrase: bool = False  # typed in double quotes: the words must appear in this order, adjacent
    title_only: bool = False


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


Node = Term | Not | And | Or

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<or>(?<!\S)(?:OR|\|)(?!\S))
  | (?P<minus>-(?=[^\s-]))
  | (?P<field>title:)
  | (?P<phrase>"[^"]*")
  | (?P<quote>")
  | (?P<word>[^\s()"]+)
    """,
    re.VERBOSE,
)


@dataclass
class _Tok:
    kind: str
    value: str
    pos: int


def _lex(text: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        assert match is not None  # the word alternative matches anything else
        kind = match.lastgroup or "word"
        if kind == "quote":
            raise QuerySyntaxError('따옴표가 닫히지 않았습니다: 구절 검색은 "두 따옴표" 사이에 씁니다.')
        if kind == "word" and match.group() == "-":
            raise QuerySyntaxError("'-' 뒤에 제외할 검색어를 띄우지 말고 붙여 씁니다 (예: -카카오).")
        if kind != "ws":
            tokens.append(_Tok(kind, match.group(), pos))
        pos = match.end()
    return tokens


@dataclass
class _Parser:
    tokens: list[_Tok]
    i: int = 0
    depth: int = field(default=0)

    def peek(self) -> _Tok | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Tok:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node:
        node = self.or_expr()
        tok = self.peek()
        if tok is not None:
            if tok.kind == "rparen":
                raise QuerySyntaxError("닫는 괄호 ')'에 맞는 여는 괄호가 없습니다.")
            raise QuerySyntaxError(f"'{tok.value}' 앞뒤를 이해하지 못했습니다.")
        return node

    def or_expr(self) -> Node:
        children = [self.and_expr()]
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.take()
            if (after := self.peek()) is None or after.kind in {"or", "rparen"}:
                raise QuerySyntaxError("OR 뒤에 검색어가 없습니다.")
            children.append(self.and_expr())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def and_expr(self) -> Node:
        children: list[Node] = []
        while (tok := self.peek()) is not None and tok.kind not in {"or", "rparen"}:
            children.append(self.unary())
        if not children:
            tok = self.peek()
            if tok is not None and tok.kind == "or":
                raise QuerySyntaxError("OR 앞에 검색어가 없습니다.")
            raise QuerySyntaxError("괄호 안이 비어 있습니다." if self.depth else "검색어가 비어 있습니다.")
        return children[0] if len(children) == 1 else And(tuple(children))

    def unary(self) -> Node:
        tok = self.take()
        if tok.kind == "minus":
            nxt = self.peek()
            if nxt is None or nxt.kind in {"or", "rparen", "minus"}:
                raise QuerySyntaxError("'-' 뒤에 제외할 검색어를 붙여 씁니다 (예: -카카오).")
            return Not(self.unary())
        if tok.kind == "lparen":
            self.depth += 1
            node = self.or_expr()
            self.depth -= 1
            closing = self.peek()
            if closing is None or closing.kind != "rparen":
                raise QuerySyntaxError("여는 괄호 '('가 닫히지 않았습니다.")
            self.take()
            return node
        if tok.kind == "field":
            nxt = self.peek()
            if nxt is None or nxt.kind not in {"word", "phrase"}:
                raise QuerySyntaxError("title: 뒤에 제목에서 찾을 낱말을 붙여 씁니다 (예: title:배경훈).")
            return self._term(self.take(), title_only=True)
        if tok.kind in {"word", "phrase"}:
            return self._term(tok, title_only=False)
        if tok.kind == "rparen":
            raise QuerySyntaxError("닫는 괄호 ')'에 맞는 여는 괄호가 없습니다.")
        raise QuerySyntaxError(f"'{tok.value}'를 이해하지 못했습니다.")

    @staticmethod
    def _term(tok: _Tok, *, title_only: bool) -> Term:
        if tok.kind == "phrase":
            text = tok.value[1:-1].strip()
            if not text:
                raise QuerySyntaxError('빈 따옴표("")는 검색할 수 없습니다.')
            return Term(text, phrase=True, title_only=title_only)
        # A lone "-" glued inside a word (e.g. "K-AI") is part of the word, not an exclusion.
        return Term(tok.value, title_only=title_only)


def parse_query(text: str) -> Node:
    """Parse a query string into a tree; raises QuerySyntaxError with a message for the user."""
    text = (text or "").strip()
    if not text:
        raise QuerySyntaxError("검색어가 비어 있습니다.")
    if len(text) > 500:
        raise QuerySyntaxError("검색어가 너무 깁니다 (500자 이하).")
    return _Parser(_lex(text)).parse()


# --- reading the words ---------------------------------------------------------------------

# Korean lists glue names with a middle dot or comma (배경훈·하정우): each name is its own word.
_LIST_SEPARATORS = re.compile(r"[·ㆍ・,、]+")


def term_groups(term: Term) -> list[korean.QueryGroup]:
    """The Kiwi groups a term stands for: a quoted phrase's words in order, or each listed name."""
    if term.phrase:
        return korean.query_groups(term.text)
    return [g for piece in _LIST_SEPARATORS.split(term.text) if piece for g in korean.query_groups(piece)]


def _read(node: Node) -> m.Match | None:
    """The parse tree with every word read by Kiwi; None where nothing searchable is left."""
    if isinstance(node, Term):
        groups = tuple(m.Group(g.parts, g.alternatives) for g in term_groups(node))
        return m.Words(groups, phrase=node.phrase, title_only=node.title_only) if groups else None
    if isinstance(node, Not):
        inner = _read(node.child)
        return None if inner is None else m.Not(inner)
    children = tuple(c for c in (_read(child) for child in node.children) if c is not None)
    if not children:
        return None
    if isinstance(node, And):
        if all(isinstance(c, m.Not) for c in children):
            # "-a -b" alone would match almost everything; no index can serve it either.
            raise QuerySyntaxError("제외어(-)만으로는 검색할 수 없습니다. 찾을 낱말을 함께 쓰세요.")
        return children[0] if len(children) == 1 else m.And(children)
    return children[0] if len(children) == 1 else m.Or(children)


@dataclass(frozen=True)
class SearchQuery:
    """A typed query, parsed and read: what the backends match and the lexemes snippets mark."""

    text: str
    match: m.Match
    highlight_lexemes: frozenset[str]


def query_compile(text: str) -> SearchQuery:
    """Parse a query and read its words with Kiwi; raises QuerySyntaxError (a message for the
    person who typed it) when it cannot be understood or nothing searchable is left."""
    from articles.search.dictionary import dictionary_refresh

    tree = parse_query(text)
    dictionary_refresh()  # the query must be read with the same dictionary as the documents
    if isinstance(tree, Not):
        raise QuerySyntaxError("제외어(-)만으로는 검색할 수 없습니다. 찾을 낱말을 함께 쓰세요.")
    match = _read(tree)
    if match is None:
        raise QuerySyntaxError(
            "검색할 낱말이 남지 않았습니다: 조사나 어미만으로는 찾을 수 없습니다. 명사나 이름을 넣어 보세요."
        )
    return SearchQuery(text=text, match=match, highlight_lexemes=m.match_lexemes(match))
