"""One case's chronology for a review panel, pseudonymised (interchange contract, "Chronology JSON").

Parties appear as "Complainant A", "Respondent A"... in the order they were added to the case; staff
by username; nobody else at all. Entries say what happened and who acted, never a name, e-mail address,
person id or any free text of the case (summary, allegations, notes, messages, reasons): those stay on
the case. Deadlines and dormant periods come from reports.deadline_history, as the report's do.
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass, field
from typing import Any

from accommodations.models import Measure
from accounts.models import User
from accounts.roles import StaffRole
from cases.models import Case, CaseEvent, EventType, Outcome, Party, PartyRole, Sanction
from reports.deadline_history import CaseDeadline, Gap, case_deadlines, case_dormant_periods
from reports.times import format_time

ROLE_NAMES = {
    PartyRole.COMPLAINANT: "Complainant",
    PartyRole.RESPONDENT: "Respondent",
    PartyRole.WITNESS: "Witness",
    PartyRole.AFFECTED_PERSON: "Affected person",
}

# Entries at the same moment keep the order in which a case's history unfolds.
_ORDER = {
    "received": 0,
    "event": 1,
    "measure_requested": 2,
    "measure_decided": 3,
    "measure_implemented": 4,
    "outcome_decided": 5,
    "sanction_complied": 6,
}


def letters(index: int) -> str:
    """A, B, ... Z, AA, AB...: the letter of the index-th party of a role (0-based)."""
    result = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        result = string.ascii_uppercase[rest] + result
    return result


@dataclass(frozen=True)
class PartyLabel:
    label: str
    role: str
    letter: str


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    what: str
    by: str | None
    # Codes that say more without free text: the stage moved to, the measure, a decision, sanction types.
    extra: dict[str, Any] = field(default_factory=dict)
    order: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class Chronology:
    case: Case
    as_of: dt.datetime
    parties: list[PartyLabel]
    entries: list[Entry]
    deadlines: list[CaseDeadline]
    dormant_periods: list[Gap]


def party_labels(case: Case) -> tuple[list[PartyLabel], dict[int, str]]:
    """The labels in the order the parties were added, and each person's first label (by user id)."""
    labels: list[PartyLabel] = []
    by_person: dict[int, str] = {}
    counts: dict[str, int] = {}
    for party in Party.objects.filter(case=case).order_by("added_at", "id").only("person_id", "role"):
        index = counts.get(party.role, 0)
        counts[party.role] = index + 1
        letter = letters(index)
        label = f"{ROLE_NAMES[PartyRole(party.role)]} {letter}"
        labels.append(PartyLabel(label=label, role=party.role, letter=letter))
        by_person.setdefault(party.person_id, label)
    return labels, by_person


def _staff_usernames(user_ids: set[int]) -> dict[int, str]:
    """Usernames of the staff among `user_ids` (a staff role, or Django staff): how staff appear."""
    staff = User.objects.filter(pk__in=user_ids).filter(groups__name__in=StaffRole.values).values_list("pk", "username")
    admins = User.objects.filter(pk__in=user_ids, is_staff=True).values_list("pk", "username")
    return dict(staff) | dict(admins)


def _entries(case: Case, *, as_of: dt.datetime, people: dict[int, str]) -> list[Entry]:
    events = list(
        CaseEvent.objects.filter(case=case, at__lte=as_of)
        .exclude(type=EventType.SYSTEM)
        .only("id", "at", "type", "stage_to", "actor_id", "detail")
    )
    measures = list(Measure.objects.filter(case=case, requested_at__lte=as_of))
    outcomes = list(Outcome.objects.filter(case=case, decided_at__lte=as_of).order_by("decided_at", "id"))
    sanctions = list(
        Sanction.objects.filter(outcome__in=outcomes, complied_at__lte=as_of).select_related("type").order_by("id")
    )
    sanction_types: dict[int, list[str]] = {}
    for sanction in Sanction.objects.filter(outcome__in=outcomes).select_related("type").order_by("position", "id"):
        sanction_types.setdefault(sanction.outcome_id, []).append(sanction.type.code)
    actor_ids = {e.actor_id for e in events} | {o.decided_by_id for o in outcomes}
    for m in measures:
        actor_ids |= {m.requested_by_id, m.decided_by_id, m.implemented_by_id}
    actor_ids.discard(None)
    staff = _staff_usernames({pk for pk in actor_ids if pk is not None and pk not in people})

    def who(user_id: int | None) -> str | None:
        if user_id is None:
            return None
        return people.get(user_id) or staff.get(user_id)

    entries = [Entry(case.received_at, "received", None, order=(_ORDER["received"], 0))]
    for e in events:
        extra: dict[str, Any] = {}
        if e.type == EventType.STAGE:
            extra["to"] = e.stage_to
        elif e.type == EventType.CHANGE and isinstance(e.detail.get("action"), str):
            extra["action"] = e.detail["action"]  # a code such as "add_party"; the text stays on the case
        entries.append(Entry(e.at, e.type, who(e.actor_id), extra, (_ORDER["event"], e.pk)))
    for m in measures:
        code = {"measure": m.code}
        entries.append(Entry(m.requested_at, "measure_requested", who(m.requested_by_id), code, (2, m.pk)))
        if m.decided_at is not None and m.decided_at <= as_of:
            decided = {**code, "decision": m.decision} if m.decision else code
            entries.append(Entry(m.decided_at, "measure_decided", who(m.decided_by_id), decided, (3, m.pk)))
        if m.implemented_at is not None and m.implemented_at <= as_of:
            entries.append(Entry(m.implemented_at, "measure_implemented", who(m.implemented_by_id), code, (4, m.pk)))
    for o in outcomes:
        extra = {"sanctions": sanction_types.get(o.pk, [])}
        entries.append(Entry(o.decided_at, "outcome_decided", who(o.decided_by_id), extra, (5, o.pk)))
    for s in sanctions:
        assert s.complied_at is not None  # filtered above
        entries.append(Entry(s.complied_at, "sanction_complied", None, {"sanction": s.type.code}, (6, s.pk)))
    if case.received_at > as_of:
        entries = entries[1:]
    return sorted(entries, key=lambda entry: (entry.at, entry.order))


def chronology(case: Case, *, as_of: dt.datetime) -> Chronology:
    """The case as a review panel sees it as of `as_of`: labels, entries, deadlines, dormant periods."""
    parties, people = party_labels(case)
    return Chronology(
        case=case,
        as_of=as_of,
        parties=parties,
        entries=_entries(case, as_of=as_of, people=people),
        deadlines=case_deadlines(case.pk, case.received_at, as_of=as_of),
        dormant_periods=case_dormant_periods(case.pk, case.received_at, as_of=as_of),
    )


def _time(value: dt.datetime | None) -> str | None:
    return None if value is None else format_time(value)


def chronology_record(chron: Chronology) -> dict[str, Any]:
    """The contract's object, keys in its order; `measure` only on measure deadlines."""
    deadlines = []
    for d in chron.deadlines:
        record: dict[str, Any] = {"kind": d.kind}
        if d.measure is not None:
            record["measure"] = d.measure
        record.update(
            due_at=_time(d.due_at),
            done_at=_time(d.done_at),
            status=d.status,
            late_working_days=d.late_working_days,
        )
        deadlines.append(record)
    return {
        "case": chron.case.reference,
        "as_of": format_time(chron.as_of),
        "parties": [{"label": p.label, "role": p.role} for p in chron.parties],
        "entries": [{"at": format_time(e.at), "what": e.what, "by": e.by, **e.extra} for e in chron.entries],
        "deadlines": deadlines,
        "dormant_periods": [
            {"from": format_time(g.from_at), "to": format_time(g.to_at), "working_days": g.working_days}
            for g in chron.dormant_periods
        ],
    }
