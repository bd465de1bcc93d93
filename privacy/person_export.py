"""Everything held about one person, for a data access request (casemgr/1, Person export).

Other people never appear by name, e-mail or id: parties by their label as in the chronology
("Complainant A"), staff by role. Internal notes and the case's free text are not exported; they are
listed (what and when, never the text) for the officer to review, redact and release by hand.
"""

from __future__ import annotations

import datetime as dt
import string
from typing import Any

from django.db.models import Q

from accommodations.models import Measure
from accounts.models import User
from audit.models import AuditEntry
from casemgr.vocabulary import StaffRole
from cases.models import Allegation, Case, CaseEvent, ComplainantRequest, EventType, Outcome, Party, PartyRole
from deadlines.calendar import institution_tz
from evidence.models import Evidence
from notifications.models import Notification

PERSON_FORMAT = "casemgr/1-person"
ROLE_NAMES = {
    PartyRole.COMPLAINANT: "Complainant",
    PartyRole.RESPONDENT: "Respondent",
    PartyRole.WITNESS: "Witness",
    PartyRole.AFFECTED_PERSON: "Affected person",
}
# When a staff member holds several roles, the one named (as interchange.exporter does).
ROLE_ORDER = [
    StaffRole.CASE_SUPERVISOR,
    StaffRole.CONDUCT_OFFICER,
    StaffRole.PANEL_MEMBER,
    StaffRole.GOVERNANCE_REVIEWER,
    StaffRole.DATA_PROTECTION_OFFICER,
]


class PersonNotFound(Exception):
    """No person on cases has this id."""


def _time(value: dt.datetime | None) -> str | None:
    """ISO 8601 in the institution's time zone with its offset, as every casemgr/1 file writes times."""
    if value is None:
        return None
    local = value.astimezone(institution_tz())
    return local.isoformat(timespec="microseconds" if local.microsecond else "seconds")


def _letters(index: int) -> str:
    result = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        result = string.ascii_uppercase[rest] + result
    return result


def _labels(case: Case) -> dict[int, str]:
    """Each person's first label on the case (by user id), as the chronology labels them."""
    counts: dict[str, int] = {}
    labels: dict[int, str] = {}
    for party in Party.objects.filter(case=case).order_by("added_at", "id").only("person_id", "role"):
        index = counts.get(party.role, 0)
        counts[party.role] = index + 1
        labels.setdefault(party.person_id, f"{ROLE_NAMES[PartyRole(party.role)]} {_letters(index)}")
    return labels


class _Namer:
    """How the export names someone: "you", a party label on that case, or a staff role."""

    def __init__(self, person: User) -> None:
        self.person = person
        self.labels: dict[int, dict[int, str]] = {}
        self.roles: dict[int, str] = {}

    def __call__(self, user_id: int | None, case: Case) -> str | None:
        if user_id is None:
            return None
        if user_id == self.person.pk:
            return "you"
        if case.pk not in self.labels:
            self.labels[case.pk] = _labels(case)
        if user_id in self.labels[case.pk]:
            return self.labels[case.pk][user_id]
        if user_id not in self.roles:
            names = set(User.objects.get(pk=user_id).groups.values_list("name", flat=True))
            self.roles[user_id] = next((r.value for r in ROLE_ORDER if r.value in names), "staff")
        return self.roles[user_id]


def find_person(person_id: str) -> User:
    user = User.objects.filter(username=person_id).exclude(person_kind="").first()
    if user is None:
        raise PersonNotFound(f"no person with id {person_id!r}")
    return user


def export_person(person: User) -> dict[str, Any]:
    name = _Namer(person)
    parties = list(Party.objects.filter(person=person).select_related("case").order_by("case__reference", "id"))
    cases = {p.case_id: p.case for p in parties}
    measures = list(
        Measure.objects.filter(Q(requested_by=person) | Q(against=person))
        .select_related("case")
        .order_by("requested_at", "id")
    )
    for m in measures:
        cases.setdefault(m.case_id, m.case)
    withheld: list[dict[str, Any]] = []
    for case in sorted(cases.values(), key=lambda c: c.reference):
        if case.summary:
            withheld.append({"case": case.reference, "what": "summary", "at": _time(case.received_at)})
        for _allegation in Allegation.objects.filter(case=case).exclude(description=""):
            withheld.append({"case": case.reference, "what": "allegation_description", "at": _time(case.received_at)})
        events = CaseEvent.objects.filter(case=case).exclude(text="").order_by("at", "id")
        for event in events:
            if event.type == EventType.MESSAGE and event.actor_id == person.pk:
                continue  # her own messages are exported below
            what = "internal_note" if event.type == EventType.NOTE else f"{event.type}_text"
            withheld.append({"case": case.reference, "what": what, "at": _time(event.at)})
        for outcome in Outcome.objects.filter(case=case).exclude(reasons=""):
            withheld.append({"case": case.reference, "what": "outcome_reasons", "at": _time(outcome.decided_at)})
    for m in measures:
        if m.details and m.requested_by_id != person.pk:
            withheld.append({"case": m.case.reference, "what": "measure_details", "at": _time(m.requested_at)})
    document: dict[str, Any] = {
        "format": PERSON_FORMAT,
        "person": {
            "id": person.username,
            "name": person.display_name,
            "email": person.email,
            "kind": person.person_kind,
        },
        "cases": [
            {
                "reference": p.case.reference,
                "role": p.role,
                "label": _labels(p.case).get(p.person_id),
                "added_at": _time(p.added_at),
                "informed_at": _time(p.informed_at),
                "support_offered_at": _time(p.support_offered_at),
            }
            for p in parties
        ],
        "requests": [
            {
                "case": r.case.reference,
                "kind": r.kind,
                "requested_at": _time(r.requested_at),
                "details": r.details,
                "decisions": [
                    {
                        "decided_at": _time(d.decided_at),
                        "by": name(d.decided_by_id, r.case),
                        "grants": d.grants,
                        "reasons": d.reasons,
                    }
                    for d in r.decisions.all()
                ],
            }
            for r in ComplainantRequest.objects.filter(party__person=person)
            .select_related("case")
            .prefetch_related("decisions")
            .order_by("requested_at", "id")
        ],
        "measures": [_measure(m, person, name) for m in measures],
        "messages": [
            {"case": e.case.reference, "at": _time(e.at), "direction": "sent", "text": e.text}
            for e in CaseEvent.objects.filter(actor=person, type=EventType.MESSAGE)
            .select_related("case")
            .order_by("at", "id")
        ],
        "evidence": [
            {
                "case": e.case.reference,
                "id": str(e.public_id),
                "kind": e.kind,
                "content_type": e.content_type,
                "size": e.size,
                "sha256": e.sha256,
                "pdq_hash": e.pdq_hash,
                "uploaded_at": _time(e.uploaded_at),
                "source": e.source,
            }
            for e in Evidence.objects.filter(uploaded_by=person).select_related("case").order_by("uploaded_at", "id")
        ],
        "notifications": [
            {
                "kind": n.kind,
                "created_at": _time(n.created_at),
                "sent_at": _time(n.sent_at),
                "read_at": _time(n.read_at),
            }
            for n in Notification.objects.filter(recipient=person).order_by("created_at", "id")
        ],
        "sign_ins": [
            {"at": _time(a.at), "outcome": a.outcome}
            for a in AuditEntry.objects.filter(action="auth.login", target=f"user:{person.pk}").order_by("at", "id")
        ],
        "withheld": {
            "count": len(withheld),
            "internal_notes": sum(1 for w in withheld if w["what"] == "internal_note"),
            "case_text": sum(1 for w in withheld if w["what"] != "internal_note"),
            "items": withheld,
        },
    }
    return document


def _measure(m: Measure, person: User, name: _Namer) -> dict[str, Any]:
    item: dict[str, Any] = {
        "case": m.case.reference,
        "id": m.code,
        "type": m.type,
        "requested_at": _time(m.requested_at),
        "requested_by": name(m.requested_by_id, m.case),
        "against": name(m.against_id, m.case),
        "decision": m.decision or None,
        "decided_at": _time(m.decided_at),
        "decision_reasons": m.decision_reasons,
        "implemented_at": _time(m.implemented_at),
        "lifted_at": _time(m.lifted_at),
    }
    if m.requested_by_id == person.pk:
        item["details"] = m.details
    return item
