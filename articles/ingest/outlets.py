"""The outlet registry as the parsers see it: immutable records and the lookups over them.

The registry is data (``fixtures/outlets.json`` seeds it, curators edit it in the admin as
``Outlet`` rows). Parsers must stay pure, so they never read the table: the ingest service builds
an ``OutletRegistry`` from the rows and passes it in; tests build one from the JSON file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

_LIST_FIELDS = ("aliases", "former_names", "domains", "daum_cp", "dateline_marks")


@dataclass(frozen=True)
class OutletRecord:
    """One outlet with every spelling and code that points to it."""

    name: str  # canonical Korean name as the outlet writes it
    name_en: str = ""
    slug: str = ""
    kind: str = ""
    aliases: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()  # hosts or registrable domains, most specific wins
    naver_oid: str | None = None
    daum_cp: tuple[str, ...] = ()
    dateline_marks: tuple[str, ...] = ()  # "연합뉴스" in "(서울=연합뉴스)"
    parent: str | None = None  # slug of the parent outlet or group

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> OutletRecord:
        """A record from a JSON object or a model's values; unknown keys are ignored."""
        lists = {
            key: tuple(str(v).strip() for v in data.get(key) or () if str(v).strip()) for key in _LIST_FIELDS
        }
        return cls(
            name=str(data["name"]).strip(),
            name_en=str(data.get("name_en") or ""),
            slug=str(data.get("slug") or ""),
            kind=str(data.get("kind") or ""),
            naver_oid=(str(data["naver_oid"]) if data.get("naver_oid") else None),
            parent=(str(data["parent"]) if data.get("parent") else None),
            **lists,
        )

    @property
    def names(self) -> tuple[str, ...]:
        """Every written form of the outlet's name: canonical, aliases, former names, dateline marks."""
        return (self.name, *self.aliases, *self.former_names, *self.dateline_marks)


def _key(name: str) -> str:
    """Names compare without case and spaces: "ZDNet Korea" = "ZDNET Korea" = "ZDNetKorea"."""
    return re.sub(r"\s+", "", name).casefold()


class OutletRegistry:
    """An immutable index of outlet records by name, domain, e-mail domain and portal code."""

    def __init__(self, records: Iterable[OutletRecord]) -> None:
        self.records: tuple[OutletRecord, ...] = tuple(records)
        by_name: dict[str, OutletRecord] = {}
        # Canonical names first, so an alias never shadows another outlet's own name.
        for record in self.records:
            by_name.setdefault(_key(record.name), record)
        for record in self.records:
            for name in record.names:
                by_name.setdefault(_key(name), record)
        self._by_name = by_name
        self._by_domain = {d.lower(): r for r in self.records for d in r.domains}
        self._by_daum = {c.lower(): r for r in self.records for c in r.daum_cp}
        self._by_oid = {r.naver_oid: r for r in self.records if r.naver_oid}

    def __len__(self) -> int:
        return len(self.records)

    @classmethod
    def from_json(cls, text: str) -> OutletRegistry:
        """From the ``{"outlets": [...]}`` document of ``fixtures/outlets.json`` (or a bare list)."""
        data = json.loads(text)
        rows = data["outlets"] if isinstance(data, dict) else data
        return cls(OutletRecord.from_mapping(row) for row in rows)

    @classmethod
    def load(cls, path: str | Path) -> OutletRegistry:
        return cls.from_json(Path(path).read_text(encoding="utf-8"))

    def by_name(self, name: str | None) -> OutletRecord | None:
        """The outlet a written name, alias, former name or dateline mark stands for."""
        return self._by_name.get(_key(name)) if name else None

    def by_host(self, host: str) -> OutletRecord | None:
        """The outlet owning a host, most specific first (``biz.chosun.com`` before ``chosun.com``)."""
        host = host.lower().strip(".").removeprefix("www.")
        while host:
            if host in self._by_domain:
                return self._by_domain[host]
            if host.count(".") < 2 and not host.endswith((".co.kr", ".or.kr", ".go.kr", ".ne.kr")):
                # "co.kr" alone names nobody; stop before the public suffix.
                return self._by_domain.get(host)
            host = host.split(".", 1)[1]
        return None

    def by_email(self, address: str) -> OutletRecord | None:
        return self.by_host(address.rsplit("@", 1)[-1])

    def by_daum_code(self, code: str) -> OutletRecord | None:
        return self._by_daum.get(code.strip().lower())

    def by_naver_oid(self, oid: str) -> OutletRecord | None:
        return self._by_oid.get(oid.strip())

    @cached_property
    def names_pattern(self) -> str:
        """A regex alternation of every written name, longest first ("헤럴드경제" before "헤럴드")."""
        names = {n for r in self.records for n in r.names if len(n) >= 2}
        return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) or r"(?!x)x"


EMPTY_REGISTRY = OutletRegistry(())
