"""The portal invitation of a named reporter, once her report is accepted and she is a complainant.

This is the one call site for the invitation. The portal's own invitation belongs to the accounts app;
while the project has none, the report records that an invitation is due, and the officer sees it on the
report's page until it is sent.
"""

from __future__ import annotations

import datetime as dt

from accounts.models import User
from audit.actions import record_action
from cases.models import Case
from intake.models import IntakeReport


def invite_reporter(report: IntakeReport, *, person: User, case: Case, acting_user: User, at: dt.datetime) -> None:
    """Record that `person` (the reporter, now a complainant on `case`) is due her portal invitation.
    Runs inside the caller's action (its transaction; its audit row unless it is a part of another)."""
    report.invitation_due_at = at
    report.save(update_fields=["invitation_due_at"])
    record_action(
        "intake.invitation_due",
        actor=acting_user,
        at=at,
        case_id=case.pk,
        detail={"report": report.pk, "person": person.pk},
    )
