"""The open flags in the interchange format (`flags --json`, interchange contract "Flags JSON")."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from deadlines.calendar import institution_tz
from oversight.models import Flag


def open_flags(*, case_reference: str | None = None) -> QuerySet[Flag]:
    flags = Flag.objects.filter(closed_at__isnull=True).select_related("case", "measure")
    if case_reference is not None:
        flags = flags.filter(case__reference=case_reference)
    return flags


def flag_record(flag: Flag) -> dict[str, Any]:
    """One flag as the contract's object: `measure` only on measure flags, `detail` always an object."""
    record: dict[str, Any] = {"case": flag.case.reference, "kind": flag.kind}
    if flag.measure is not None:
        record["measure"] = flag.measure.code
    record["due_at"] = flag.due_at.astimezone(institution_tz()).isoformat(timespec="seconds")
    record["level"] = flag.level
    record["overdue_working_days"] = flag.overdue_working_days
    record["detail"] = dict(flag.detail or {})
    return record


def flag_records(flags: QuerySet[Flag]) -> list[dict[str, Any]]:
    """Records sorted by case reference, kind and measure code: the same flags always print the same."""
    records = [flag_record(flag) for flag in flags]
    return sorted(records, key=lambda r: (r["case"], r["kind"], r.get("measure", "")))
