"""Writing a validated cases file: all of it in one transaction, or nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from accommodations.deadlines import refresh_measure_deadlines
from accommodations.models import Measure
from accounts.models import User
from accounts.roles import StaffRole
from accounts.services import do_create_person, do_create_staff, new_person, role_group, team_supervisor_group
from audit.actions import action_scope, record_action
from casemgr.bulkinsert import insert_rows
from cases.actions.case import AllegationInput, do_assign_officer, do_create_case
from cases.actions.outcome import SanctionInput, create_outcome
from cases.deadlines import refresh_case_deadlines
from cases.models import Case, CaseEvent, Party
from cases.workflow import do_change_stage
from deadlines.calendar import WorkingCalendar
from interchange.bulk import write_cases_bulk
from interchange.reader import CaseRecord, CasesFile, PersonRecord, read_cases_file
from privacy.holds import do_set_legal_hold


@dataclass(frozen=True)
class ImportSummary:
    staff_created: int
    people_created: int
    cases_created: int


def import_cases_text(text: str, *, at: dt.datetime) -> ImportSummary:
    """Validate and import a casemgr/1 cases file. Raises InterchangeError and writes nothing if invalid."""
    return write_cases_file(read_cases_file(text), at=at)


@transaction.atomic
def write_cases_file(data: CasesFile, *, at: dt.datetime) -> ImportSummary:
    """Write a validated file at `at` with set operations (interchange.bulk); each case's audit row
    ("case.import") stands for all that was written for it. Writes what `write_cases_file_per_row` writes."""
    users, staff_created, people_created = write_people(data, bulk=True, at=at)
    write_cases_bulk(data.cases, users, at=at)
    return ImportSummary(staff_created=staff_created, people_created=people_created, cases_created=len(data.cases))


def write_people(data: CasesFile, *, bulk: bool, at: dt.datetime) -> tuple[dict[str, User], int, int]:
    existing = {u.username: u for u in User.objects.filter(username__in=_usernames(data))}
    users = dict(existing)
    staff_created = people_created = 0
    for staff in data.staff:
        role = StaffRole(staff.role)
        user = users.get(staff.username)
        if user is None:
            users[staff.username] = do_create_staff(
                username=staff.username, email=staff.email, name=staff.name, role=role
            )
            staff_created += 1
        else:
            user.groups.add(role_group(role))
            if role == StaffRole.CASE_SUPERVISOR and user.team is not None:
                user.groups.add(team_supervisor_group(user.team))
    if bulk:
        first: dict[str, PersonRecord] = {}
        for p in data.people:
            if p.id not in users:
                first.setdefault(p.id, p)
        new = [new_person(person_id=p.id, email=p.email, name=p.name, kind=p.kind) for p in first.values()]
        insert_rows(User, new, at=at)
        if any(u.pk is None for u in new):  # a backend that cannot return the new ids
            users.update({u.username: u for u in User.objects.filter(username__in=[u.username for u in new])})
        else:
            users.update({u.username: u for u in new})
        return users, staff_created, len(new)
    for person in data.people:
        if person.id not in users:
            users[person.id] = do_create_person(
                person_id=person.id, email=person.email, name=person.name, kind=person.kind
            )
            people_created += 1
    return users, staff_created, people_created


@transaction.atomic
def write_cases_file_per_row(data: CasesFile, *, at: dt.datetime) -> ImportSummary:
    """The per-row writer the bulk one replaces: every case replayed through the `do_*` actions. Kept
    as the reference the equivalence tests (tests/interchange/test_bulk_equivalence.py) compare with."""
    users, staff_created, people_created = write_people(data, bulk=False, at=at)
    calendar = WorkingCalendar.load()
    for record in data.cases:
        # One audit row per case: the actions replaying its history are parts of the import.
        with action_scope():
            case = _write_case(record, users, calendar)
            record_action(
                "case.import",
                actor=None,
                at=at,
                case_id=case.pk,
                detail={
                    "parties": len(record.parties),
                    "events": len(record.events),
                    "measures": len(record.measures),
                    "outcome": record.outcome is not None,
                    "legal_hold": record.legal_hold is not None,
                },
            )
    return ImportSummary(staff_created=staff_created, people_created=people_created, cases_created=len(data.cases))


def _usernames(data: CasesFile) -> set[str]:
    return {s.username for s in data.staff} | {p.id for p in data.people}


def _write_case(record: CaseRecord, users: dict[str, User], calendar: WorkingCalendar) -> Case:
    def user(username: str) -> User:
        found = users.get(username)
        if found is None:
            found = User.objects.get(username=username)
            users[username] = found
        return found

    case = do_create_case(
        reference=record.reference,
        received_at=record.received_at,
        summary=record.summary,
        allegations=[AllegationInput(a.conduct, a.synthetic, a.description) for a in record.allegations],
        acting_user=None,
        at=record.received_at,
    )
    for username in record.assigned_officers:
        do_assign_officer(case, officer=user(username), acting_user=None, at=record.received_at)
    Party.objects.bulk_create(
        Party(
            case=case,
            person=user(p.person),
            role=p.role,
            added_at=record.received_at,
            informed_at=p.informed_at,
            support_offered_at=p.support_offered_at,
        )
        for p in record.parties
    )
    # Replay the history in time order; the stage is the `to` of the latest stage event.
    for event in sorted(record.events, key=lambda e: e.at):
        actor = user(event.by) if event.by else None
        if event.type == "stage":
            do_change_stage(case, to=event.to, reason=event.text, acting_user=actor, at=event.at, validate=False)
        else:
            CaseEvent.objects.create(case=case, at=event.at, actor=actor, type=event.type, text=event.text)
    latest_activity = record.received_at
    for m in record.measures:
        measure = Measure.objects.create(
            case=case,
            code=m.id,
            type=m.type,
            requested_at=m.requested_at,
            requested_by=user(m.requested_by),
            against=user(m.against) if m.against else None,
            details=m.details,
            decision=m.decision or "",
            decided_at=m.decided_at,
            implemented_at=m.implemented_at,
        )
        refresh_measure_deadlines(measure, calendar=calendar)
        latest_activity = max(t for t in (latest_activity, m.requested_at, m.decided_at, m.implemented_at) if t)
    if record.outcome is not None:
        create_outcome(
            case,
            sanctions=[
                SanctionInput(
                    type=s.type,
                    amount=s.amount,
                    months=s.months,
                    courses=s.courses,
                    due_at=s.due_at,
                    complied_at=s.complied_at,
                )
                for s in record.outcome.sanctions
            ],
            decided_at=record.outcome.decided_at,
            decided_by=user(record.outcome.by),
            reasons=record.outcome.reasons,
        )
    if record.events:
        latest_activity = max(latest_activity, *(e.at for e in record.events))
    refresh_case_deadlines(case, activity_at=latest_activity, calendar=calendar)
    if record.legal_hold is not None:
        hold = record.legal_hold
        # Part of the import (its audit row says so); who may set a hold is checked on the case page and API.
        do_set_legal_hold(case, reason=hold.reason, acting_user=user(hold.by), at=hold.set_at, check=False)
    return case
