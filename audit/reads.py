"""Recording looks at case data: a case page seen, cases exported, an access refused.

Changes are recorded by the actions themselves (audit.actions); these rows record reading.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import connection

from audit.context import run_after_request
from audit.log import record
from audit.models import AuditEntry

VIEW = "case.view"
EXPORT = "case.export"
ACCESS = "case.access"
PAGE_ACCESS = "page.access"
API_ACCESS = "api.access"
ACCESS_REPORT = "case.access_report"
# Written by the evidence app; named here so that the access report finds them.
EVIDENCE_REVEAL = "evidence.reveal"
EVIDENCE_DOWNLOAD = "evidence.download"


def record_case_view(user: Any, *, case_id: int, page: str, at: dt.datetime) -> AuditEntry:
    """`user` was shown the case page `page` (a code such as "case_page" or "api.case_detail")."""
    return record(VIEW, actor=user, at=at, case_id=case_id, detail={"page": page})


def record_export(*, actor: Any, at: dt.datetime, case_ids: Sequence[int], format: str) -> AuditEntry:
    """One row for one export, listing the exported cases' ids (the access report finds it per case)."""
    return record(EXPORT, actor=actor, at=at, detail={"cases": sorted(case_ids), "format": format})


def record_denied(
    action: str, *, actor: Any, at: dt.datetime, case_id: int | None = None, detail: dict[str, Any] | None = None
) -> None:
    """Record a refused access so that the row stays although the request then fails.

    Outside a transaction the row is written, and committed, at once. Inside one, which the refusal
    usually rolls back (an API action's atomic block), the row waits until the request's response is
    ready and is then written on its own (audit.context.AuditOriginMiddleware). Outside a request (a
    command) it is written in the caller's transaction.
    """

    def write() -> None:
        record(action, actor=actor, at=at, case_id=case_id, outcome=AuditEntry.Outcome.DENIED, detail=detail)

    if connection.in_atomic_block and run_after_request(write):
        return
    write()
