"""Loading the outlet registry into the Outlet table (the seed file, re-runnable)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import transaction

from articles.ingest.outlets import OutletRecord
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
