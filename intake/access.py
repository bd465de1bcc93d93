"""Who may read online reports: the officers and supervisors of the intake team (CASEMGR_INTAKE_TEAM),
nobody else. A missing report and a forbidden one give the same 404, and the refusal is audited."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.http import Http404

from accounts.models import Team, User
from accounts.roles import StaffRole, has_role
from audit.reads import PAGE_ACCESS, record_denied
from casemgr import clock
from cases.access import CHANGE, access_case
from cases.models import Case
from intake.models import IntakeReport


class ReportNotFound(Http404):
    """The report does not exist or may not be seen: callers cannot tell which, by design."""


def intake_team() -> Team | None:
    return Team.objects.filter(name=settings.CASEMGR_INTAKE_TEAM).first()


def intake_team_or_default() -> Team:
    """The team a new report goes to (created if the setting names a team that does not exist yet)."""
    team, _ = Team.objects.get_or_create(name=settings.CASEMGR_INTAKE_TEAM)
    return team


def is_intake_staff(user: Any) -> bool:
    """An active officer or supervisor of the intake team."""
    if not (has_role(user, StaffRole.CONDUCT_OFFICER) or has_role(user, StaffRole.CASE_SUPERVISOR)):
        return False
    team = intake_team()
    return team is not None and user.team_id == team.pk


def is_intake_supervisor(user: Any) -> bool:
    return is_intake_staff(user) and has_role(user, StaffRole.CASE_SUPERVISOR)


def deny(user: Any, page: str) -> ReportNotFound:
    record_denied(PAGE_ACCESS, actor=user, at=clock.now(), detail={"page": page})
    return ReportNotFound()


def check_intake_staff(user: Any, *, page: str) -> User:
    if not is_intake_staff(user):
        raise deny(user, page)
    assert isinstance(user, User)
    return user


def access_report(user: Any, report_id: Any, *, supervisor: bool = False) -> IntakeReport:
    """The report with public id `report_id` if `user` is intake staff (a supervisor, with `supervisor`).

    Raises `ReportNotFound` alike for a missing report and a forbidden one.
    """
    allowed = is_intake_supervisor(user) if supervisor else is_intake_staff(user)
    try:
        public_id = uuid.UUID(str(report_id))
    except ValueError:
        raise deny(user, "intake.report") from None
    report = IntakeReport.objects.select_related("policy", "team", "case").filter(public_id=public_id).first()
    if report is None or not allowed or report.team_id != user.team_id:
        raise deny(user, "intake.report")
    return report


def access_case_by_reference(user: Any, reference: str) -> Case:
    """The open case with `reference` if `user` may change it (a report is attached to it).

    Raises `CaseNotFound` alike for a missing case and a forbidden one (cases.access).
    """
    found = Case.objects.filter(reference=reference.strip()).values_list("public_id", flat=True).first()
    return access_case(user, found if found is not None else "missing", permission=CHANGE)
