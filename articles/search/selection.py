"""Which articles a search selects, in plain values: the text match (the query language's tree with
every word already read by Kiwi into lexeme groups) and the conditions on named document fields.
What the search request produces and every search backend (and the SQL writer) reads; it imports
nothing of the project."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal, Union, cast


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


# --- filters as conditions on document fields -----------------------------------------------

Field = Literal["person", "programme", "organisation", "outlet", "reporter", "month", "date"]
FIELDS: tuple[Field, ...] = ("person", "programme", "organisation", "outlet", "reporter", "month", "date")
"""The fields of an indexed article a condition or a count may name, and their values:

- ``person``, ``programme``, ``organisation``: ids of the entities it is tagged with (active tags);
- ``outlet``: its outlet's id; ``reporter``: each byline name, as written;
- ``month``: ``"YYYY-MM"`` of publication; ``date``: the publication date (``datetime.date``).
Undated articles have no ``month`` and no ``date``.
"""
ENTITY_FIELDS: tuple[Field, ...] = ("person", "programme", "organisation")


def field_named(name: str) -> Field:
    """``name`` as a :data:`Field` (an entity's kind, a filter's name); a ValueError if it is none."""
    if name not in FIELDS:
        raise ValueError(f"not a document field: {name!r}")
    return cast(Field, name)


@dataclass(frozen=True)
class AnyOf:
    """The article's ``field`` holds at least one of ``values``. ``group`` names the filter the
    condition comes from (the field's name by default): a facet leaves out its own filter's."""

    field: Field
    values: tuple[int | str | dt.date, ...]  # of the field's kind (FIELDS)
    group: str = ""

    @property
    def key(self) -> str:
        return self.group or self.field


@dataclass(frozen=True)
class Between:
    """The article's ``field`` (a date) is within ``low``..``high``, both inclusive, either open."""

    field: Field
    low: dt.date | None = None
    high: dt.date | None = None
    group: str = ""

    @property
    def key(self) -> str:
        return self.group or self.field


Condition = Union[AnyOf, Between]  # noqa: UP007


@dataclass(frozen=True)
class Selection:
    """Which readable articles: those matching ``match`` (any article when None) and every condition."""

    match: Match | None = None
    conditions: tuple[Condition, ...] = ()

    def without(self, keys: Collection[str]) -> Selection:
        """The same selection without the conditions of the filters named ``keys``."""
        return Selection(self.match, tuple(c for c in self.conditions if c.key not in keys))

    def also(self, other: Selection) -> Selection:
        """The articles both selections hold (for the overlap of two searches)."""
        matches = [m for m in (self.match, other.match) if m is not None]
        match = None if not matches else matches[0] if len(matches) == 1 else And(tuple(matches))
        return Selection(match, self.conditions + other.conditions)


EVERYTHING = Selection()
