"""Writing cases in the casemgr/1 format, so that export then import gives the same cases."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from accommodations.models import Measure
from accounts.models import User
from accounts.roles import StaffRole
from cases.models import Case, CaseAssignment, CaseEvent, Outcome, Sanction
from cases.models.events import INTERCHANGE_EVENT_TYPES
from interchange import FORMAT
from interchange.times import format_time
from privacy.models import LegalHold, PurgeRecord, RecordType

# When a staff member holds several roles, the file names one: the one that grants most on cases.
ROLE_ORDER = [
    StaffRole.CASE_SUPERVISOR,
    StaffRole.CONDUCT_OFFICER,
    StaffRole.PANEL_MEMBER,
    StaffRole.GOVERNANCE_REVIEWER,
    StaffRole.DATA_PROTECTION_OFFICER,
]


def _time(value: Any) -> str | None:
    return format_time(value) if value is not None else None


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def export_queryset(cases: QuerySet[Case]) -> dict[str, Any]:
    """The casemgr/1 document for `cases`, with the staff and people they refer to."""
    # A purged case is no longer exported (casemgr/1, Retention); reports still count it.
    purged = PurgeRecord.objects.filter(record_type=RecordType.CASES, case__isnull=False).values("case_id")
    cases = (
        cases.exclude(pk__in=purged)
        .order_by("reference")
        .prefetch_related(
            "allegations",
            Prefetch("parties", queryset=_parties()),
            Prefetch(
                "assignments",
                queryset=CaseAssignment.objects.filter(capacity=CaseAssignment.Capacity.OFFICER)
                .select_related("user")
                .order_by("assigned_at", "id"),
            ),
            Prefetch(
                "events",
                queryset=CaseEvent.objects.filter(type__in=INTERCHANGE_EVENT_TYPES)
                .select_related("actor")
                .order_by("at", "id"),
            ),
            Prefetch(
                "legal_holds",
                queryset=LegalHold.objects.filter(lifted_at__isnull=True).select_related("set_by"),
                to_attr="active_holds",
            ),
            Prefetch("measures", queryset=Measure.objects.select_related("requested_by", "against").order_by("id")),
            Prefetch(
                "outcomes",
                queryset=Outcome.objects.select_related("decided_by")
                .prefetch_related(Prefetch("sanctions", queryset=Sanction.objects.select_related("type")))
                .order_by("decided_at", "id"),
            ),
        )
    )
    staff: dict[str, User] = {}
    people: dict[str, User] = {}
    documents = [_case(case, staff, people) for case in cases]
    return {
        "format": FORMAT,
        "staff": [_staff(user) for user in _staff_with_roles(staff.values())],
        "people": [
            {"id": u.username, "name": u.display_name, "email": u.email, "kind": u.person_kind}
            for u in sorted(people.values(), key=lambda u: u.username)
        ],
        "cases": documents,
    }


def _parties() -> QuerySet[Any]:
    from cases.models import Party

    return Party.objects.select_related("person").order_by("id")


def _note(user: User | None, staff: dict[str, User], people: dict[str, User]) -> str | None:
    if user is None:
        return None
    if user.person_kind:
        people[user.username] = user
    else:
        staff[user.username] = user
    return user.username


def _case(case: Case, staff: dict[str, User], people: dict[str, User]) -> dict[str, Any]:
    document: dict[str, Any] = {
        "reference": case.reference,
        "received_at": _time(case.received_at),
        "summary": case.summary,
        "allegations": [
            {"conduct": a.conduct, "synthetic": a.synthetic, "description": a.description}
            for a in case.allegations.all()
        ],
        "parties": [_party(p, staff, people) for p in case.parties.all()],
        "assigned_officers": [_note(a.user, staff, people) for a in case.assignments.all()],
        "events": [_event(e, staff, people) for e in case.events.all()],
        "measures": [_measure(m, staff, people) for m in case.measures.all()],
    }
    outcomes = list(case.outcomes.all())
    if outcomes:
        document["outcome"] = _outcome(outcomes[-1], staff, people)
    holds = getattr(case, "active_holds", [])
    document["legal_hold"] = (
        {"reason": holds[0].reason, "set_at": _time(holds[0].set_at), "by": _note(holds[0].set_by, staff, people)}
        if holds
        else None
    )
    return document


def _party(party: Any, staff: dict[str, User], people: dict[str, User]) -> dict[str, Any]:
    document: dict[str, Any] = {"person": _note(party.person, staff, people), "role": party.role}
    if party.informed_at is not None:
        document["informed_at"] = _time(party.informed_at)
    if party.support_offered_at is not None:
        document["support_offered_at"] = _time(party.support_offered_at)
    return document


def _event(event: CaseEvent, staff: dict[str, User], people: dict[str, User]) -> dict[str, Any]:
    document: dict[str, Any] = {"at": _time(event.at), "by": _note(event.actor, staff, people), "type": event.type}
    if event.type == "stage":
        document["to"] = event.stage_to
    if event.text:
        document["text"] = event.text
    return document


def _measure(measure: Measure, staff: dict[str, User], people: dict[str, User]) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": measure.code,
        "type": measure.type,
        "requested_at": _time(measure.requested_at),
        "requested_by": _note(measure.requested_by, staff, people),
        "against": _note(measure.against, staff, people),
        "decided_at": _time(measure.decided_at),
        "decision": measure.decision or None,
        "implemented_at": _time(measure.implemented_at),
    }
    if measure.details:
        document["details"] = measure.details
    return document


def _outcome(outcome: Outcome, staff: dict[str, User], people: dict[str, User]) -> dict[str, Any]:
    sanctions = []
    for sanction in outcome.sanctions.all():
        item: dict[str, Any] = {"type": sanction.type.code}
        if sanction.months is not None:
            item["months"] = sanction.months
        if sanction.amount is not None:
            item["amount"] = _number(sanction.amount)
        if sanction.courses:
            item["courses"] = sanction.courses
        if sanction.due_at is not None:
            item["due_at"] = _time(sanction.due_at)
            item["complied_at"] = _time(sanction.complied_at)
        sanctions.append(item)
    document: dict[str, Any] = {
        "decided_at": _time(outcome.decided_at),
        "by": _note(outcome.decided_by, staff, people),
        "sanctions": sanctions,
        # An added field (the contract allows them): a warning letter is not a statutory sanction.
        "includes_statutory_sanction": any(s.type.statutory for s in outcome.sanctions.all()),
    }
    if outcome.reasons:
        document["reasons"] = outcome.reasons
    return document


def _staff_with_roles(users: Iterable[User]) -> list[User]:
    ids = [u.pk for u in users]
    return list(User.objects.filter(pk__in=ids).prefetch_related("groups").order_by("username"))


def _staff(user: User) -> dict[str, Any]:
    names = {g.name for g in user.groups.all()}
    role = next((r for r in ROLE_ORDER if r.value in names), StaffRole.CONDUCT_OFFICER)
    return {"username": user.username, "email": user.email, "name": user.display_name, "role": role.value}
