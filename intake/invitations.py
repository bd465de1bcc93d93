"""The portal invitation of a named reporter, once her report is accepted and she is a complainant.

This is the one call site for the invitation: the one-time link of the accounts app, sent through the
outbox. Where it cannot be sent (no e-mail address, the account switched off), the report records that
an invitation is due, and the officer sees it on the report's page.
"""

from __future__ import annotations

import datetime as dt

from accounts.invitations import CannotInvite, do_invite_party
from accounts.models import User
from audit.actions import record_action
from cases.models import Case
from intake.models import IntakeReport


def invite_reporter(report: IntakeReport, *, person: User, case: Case, acting_user: User, at: dt.datetime) -> None:
    """Invite `person` (the reporter, now a complainant on `case`) to the portal, or record that her
    invitation is due. Runs inside the caller's action (its transaction; its audit row unless it is a
    part of another)."""
    try:
        do_invite_party(case_party_user=person, invited_by=acting_user, now=at, case_id=case.pk)
    except CannotInvite:
        report.invitation_due_at = at
        report.save(update_fields=["invitation_due_at"])
        record_action(
            "intake.invitation_due",
            actor=acting_user,
            at=at,
            case_id=case.pk,
            detail={"report": report.pk, "person": person.pk},
        )
