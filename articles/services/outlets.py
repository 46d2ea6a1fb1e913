"""The outlet registry in the database: loading it (the seed file, re-runnable), reading it back for
the parsers, and the Outlet row of a name found on a page."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from articles.ingest.outlets import OutletRecord, OutletRegistry
from articles.models import Outlet


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _values(record: OutletRecord) -> dict[str, object]:
    return {
        "name": record.name,
        "name_en": record.name_en,
        "kind": record.kind,
        "domain": record.domains[0] if record.domains else "",
        "domains": list(record.domains),
        "aliases": list(record.aliases),
        "former_names": list(record.former_names),
        "naver_oid": record.naver_oid or "",
        "daum_codes": list(record.daum_cp),
        "dateline_marks": list(record.dateline_marks),
    }


def outlets_load(*, text: str, dry_run: bool = False) -> LoadReport:
    """Create or update one Outlet per record, then link parents; one transaction.

    Raises ValueError for a file that is not a registry (bad JSON, a record without name or slug,
    a parent slug that names no outlet).
    """
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"not JSON ({exc})") from exc
    rows = data.get("outlets") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise ValueError("expected {'outlets': [...]} or a list of outlets")
    records = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or not row.get("name") or not row.get("slug"):
            raise ValueError(f"outlet {number}: needs at least 'name' and 'slug'")
        records.append(OutletRecord.from_mapping(row))

    report = LoadReport()
    with transaction.atomic():
        by_slug: dict[str, Outlet] = {}
        for record in records:
            values = _values(record)
            outlet = (
                Outlet.objects.filter(name=record.name).first()
                or Outlet.objects.filter(slug=record.slug).first()
            )
            if outlet is None:
                outlet = Outlet.objects.create(slug=record.slug, **values)
                report.created += 1
            elif any(getattr(outlet, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(outlet, key, value)
                outlet.save()
                report.updated += 1
            else:
                report.unchanged += 1
            by_slug[record.slug] = outlet
        for record in records:
            if not record.parent:
                continue
            parent = by_slug.get(record.parent) or Outlet.objects.filter(slug=record.parent).first()
            if parent is None:
                raise ValueError(f"{record.name}: parent '{record.parent}' names no outlet")
            outlet = by_slug[record.slug]
            if outlet.parent_id != parent.pk:
                outlet.parent = parent
                outlet.save(update_fields=["parent"])
        if dry_run:
            transaction.set_rollback(True)
    return report


# The outlet of an article whose page names none.
UNKNOWN_OUTLET = "미상"


def outlet_registry() -> OutletRegistry:
    """The registry the parsers resolve publishers against, read from the Outlet table."""
    rows = Outlet.objects.select_related("parent").order_by("pk")
    return OutletRegistry(
        OutletRecord.from_mapping(
            {
                "name": o.name,
                "name_en": o.name_en,
                "slug": o.slug,
                "kind": o.kind,
                "aliases": o.aliases,
                "former_names": o.former_names,
                "domains": [*o.domains, *([o.domain] if o.domain else [])],
                "naver_oid": o.naver_oid,
                "daum_cp": o.daum_codes,
                "dateline_marks": o.dateline_marks,
                "parent": o.parent.slug if o.parent else None,
            }
        )
        for o in rows
    )


def history_user() -> Any:
    """Who the history rows of a bulk write are by: the request's user, as for a single save."""
    try:
        user = HistoricalRecords.context.request.user
    except AttributeError:
        return None
    return user if user.is_authenticated else None


def _slugs(name: str) -> list[str]:
    """The slugs a new outlet of ``name`` may take, in order of preference."""
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    readable = "unknown" if name == UNKNOWN_OUTLET else slugify(name, allow_unicode=False)
    return list(filter(None, (readable, f"{readable or 'outlet'}-{digest}")))


def outlet_get_or_create(*, name: str | None) -> Outlet:
    """The Outlet row for a name the parser resolved against the registry (or read off the page).

    Safe when files are ingested in parallel: two processes meeting the same new outlet end with
    one row. A name with no Latin letters gets a stable slug from its digest (``outlet-1a2b3c4d``),
    which a curator can rename in the admin.
    """
    name = (name or "").strip() or UNKNOWN_OUTLET
    existing = Outlet.objects.filter(name=name).first()
    if existing:
        return existing
    for slug in _slugs(name):
        try:
            with transaction.atomic():
                return Outlet.objects.create(name=name, slug=slug)
        except IntegrityError:
            existing = Outlet.objects.filter(name=name).first()
            if existing:  # created meanwhile by a parallel ingest
                return existing
    raise IntegrityError(f"no free slug for outlet {name!r}")


def outlets_get_or_create(*, names: Iterable[str | None]) -> dict[str, Outlet]:
    """``outlet_get_or_create`` of many names, keyed by the name as given (``""`` for None): the
    ones that exist in one query (a file names dozens of outlets), the new ones in one insert (a
    first file creates dozens: one transaction each costs a round trip per statement, and a busy
    machine makes round trips slow); when a name or slug is taken meanwhile, one by one."""
    wanted = {name or "": (name or "").strip() or UNKNOWN_OUTLET for name in names}
    if not wanted:
        return {}
    found = {o.name: o for o in Outlet.objects.filter(name__in=set(wanted.values()))}
    missing = sorted(set(wanted.values()) - found.keys())
    if missing:
        new = [Outlet(name=name, slug=_slugs(name)[0]) for name in missing]
        try:
            with transaction.atomic():
                Outlet.objects.bulk_create(new)
                # The history rows a save of each would write.
                Outlet.history.bulk_history_create(
                    new, default_user=history_user(), default_change_reason=None
                )
        except IntegrityError:
            new = []
        found.update((o.name, o) for o in new)
    return {
        key: found[name] if name in found else outlet_get_or_create(name=key) for key, name in wanted.items()
    }
