"""The open flags in the interchange format (`flags --json`, interchange contract "Flags JSON").

Only the contract's flag kinds are printed (oversight.kinds `in_contract`): the project's own kinds (a
step the sweep could not process, a delay left unexplained, ...) are shown on the pages, not in casemgr/1.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from deadlines.calendar import institution_tz
from oversight.kinds import flag_kind, registered_kinds
from oversight.models import Flag


def open_flags(*, case_reference: str | None = None) -> QuerySet[Flag]:
    contract_kinds = [kind.name for kind in registered_kinds() if kind.in_contract]
    flags = Flag.objects.filter(closed_at__isnull=True, kind__in=contract_kinds).select_related("case", "measure")
    if case_reference is not None:
        flags = flags.filter(case__reference=case_reference)
    return flags


def flag_record(flag: Flag) -> dict[str, Any]:
    """One flag as the contract's object: `measure` only on measure flags, `detail` always an object."""
    assert flag.case is not None  # every contract kind is about a case
    record: dict[str, Any] = {"case": flag.case.reference, "kind": flag.kind}
    record.update(flag_kind(flag.kind).json_fields(flag))
    record["due_at"] = flag.due_at.astimezone(institution_tz()).isoformat(timespec="seconds")
    record["level"] = flag.level
    record["overdue_working_days"] = flag.overdue_working_days
    record["detail"] = dict(flag.detail or {})
    return record


def flag_records(flags: QuerySet[Flag]) -> list[dict[str, Any]]:
    """Records sorted by case reference, kind and measure code: the same flags always print the same."""
    records = [flag_record(flag) for flag in flags]
    return sorted(records, key=lambda r: (r["case"], r["kind"], r.get("measure", "")))
