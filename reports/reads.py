"""The reviewer's looks at a case, on the audit trail: every chronology opened, as a page, a PDF or JSON."""

from __future__ import annotations

import datetime as dt
from typing import Any

from audit.log import record
from audit.models import AuditEntry
from cases.models import Case

CHRONOLOGY_VIEW = "case.chronology"


def record_chronology_read(
    *, actor: Any, case: Case, as_of: dt.datetime, format: str, at: dt.datetime
) -> AuditEntry:
    """`actor` (None for a command) was shown `case`'s chronology as of `as_of` in `format` (page, pdf, json)."""
    return record(
        CHRONOLOGY_VIEW,
        actor=actor,
        at=at,
        case_id=case.pk,
        detail={"format": format, "as_of": as_of.isoformat()},
    )
