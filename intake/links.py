"""Possible links: a new report naming the same respondent as an open case or another report.

Found by the respondent's student number, or by name and e-mail together (a name alone is too common).
The supervisors see only that a possible link exists and on what basis, never the other's content; only
a supervisor of the intake team links them (`do_link_report`).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import User
from audit.actions import audited, record_action
from cases.models import Case, Party, PartyRole
from cases.models.case import OPEN_CASE
from intake.models import IntakeReport, PossibleReportLink


def _same(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def find_possible_links(report: IntakeReport, *, at: dt.datetime) -> list[PossibleReportLink]:
    """Record a possible link from `report` to each open case and each other report naming the same
    respondent; returns the new ones. Runs in the caller's transaction."""
    number = report.respondent_number.strip()
    name, email = report.respondent_name.strip(), report.respondent_email.strip()
    if not number and not (name and email):
        return []
    found: list[PossibleReportLink] = []
    reports = IntakeReport.objects.exclude(pk=report.pk)
    condition = Q(pk__in=[])
    if number:
        condition |= Q(respondent_number__iexact=number)
    if name and email:
        condition |= Q(respondent_name__iexact=name, respondent_email__iexact=email)
    for other in reports.filter(condition).only("pk", "respondent_number", "respondent_name", "respondent_email"):
        basis = (
            PossibleReportLink.Basis.STUDENT_NUMBER
            if number and _same(other.respondent_number, number)
            else PossibleReportLink.Basis.NAME_AND_EMAIL
        )
        found.append(PossibleReportLink(report=report, other_report=other, basis=basis, found_at=at))
    parties = Party.objects.filter(role=PartyRole.RESPONDENT, case__in=Case.objects.filter(OPEN_CASE))
    person = Q(pk__in=[])
    if number:
        person |= Q(person__username__iexact=number)
    if name and email:
        person |= Q(person__display_name__iexact=name, person__email__iexact=email)
    seen: set[int] = set()
    for party in parties.filter(person).select_related("person"):
        if party.case_id in seen or party.case_id == report.case_id:
            continue
        seen.add(party.case_id)
        basis = (
            PossibleReportLink.Basis.STUDENT_NUMBER
            if number and _same(party.person.username, number)
            else PossibleReportLink.Basis.NAME_AND_EMAIL
        )
        found.append(PossibleReportLink(report=report, other_case_id=party.case_id, basis=basis, found_at=at))
    PossibleReportLink.objects.bulk_create(found, ignore_conflicts=True)
    if found:
        record_action("intake.possible_link", actor=None, at=at, detail={"report": report.pk, "links": len(found)})
    return found


@audited
def do_link_report(link: PossibleReportLink, *, acting_user: User, at: dt.datetime) -> PossibleReportLink:
    """A supervisor confirms the link. Precondition: `acting_user` is an intake supervisor (the view checks)."""
    if link.linked_at is not None:
        raise ValidationError({"link": _("These are already linked.")})
    link.linked_at = at
    link.linked_by = acting_user
    link.save(update_fields=["linked_at", "linked_by"])
    record_action(
        "intake.link",
        actor=acting_user,
        at=at,
        case_id=link.other_case_id,
        detail={"report": link.report_id, "other_report": link.other_report_id, "link": link.pk},
    )
    return link
