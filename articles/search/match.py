"""The text match of a search in plain values: the query language's tree with every word already
read by Kiwi into lexeme groups. What the query language produces and every search backend (and
the tsquery writer) reads; it imports nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class Group:
    """One typed word: its lexemes at consecutive positions (``parts``), or any one of
    ``alternatives`` (a compound or dictionary term standing for the whole word)."""

    parts: tuple[str, ...]
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Words:
    """A term of the query: each group must appear; in a ``phrase`` the groups follow each other."""

    groups: tuple[Group, ...]
    phrase: bool = False
    title_only: bool = False


@dataclass(frozen=True)
class Not:
    child: Match


@dataclass(frozen=True)
class And:
    children: tuple[Match, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Match, ...]


Match = Union[Words, Not, And, Or]  # noqa: UP007 (a runtime alias; the classes refer to it by name)


def match_lexemes(match: Match | None) -> frozenset[str]:
    """Every lexeme a matching article holds for sure (not under a :class:`Not`): what is highlighted."""
    if match is None or isinstance(match, Not):
        return frozenset()
    if isinstance(match, Words):
        return frozenset(lx for g in match.groups for lx in (*g.parts, *g.alternatives))
    return frozenset().union(*(match_lexemes(child) for child in match.children))
