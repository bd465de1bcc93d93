"""Reading and validating a casemgr/1 cases file into plain records, before anything is written.

Every problem is reported with its JSON path (e.g. `cases[0].measures[1].against`) and the reason;
the importer writes nothing unless the whole file is valid.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from accounts.models import User
from accounts.roles import StaffRole
from casemgr.jsonlimits import JSONTooDeep, loads_limited
from casemgr.textlimits import (
    COURSES_MAX_LENGTH,
    EMAIL_MAX_LENGTH,
    MEASURE_CODE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    PERSON_KIND_MAX_LENGTH,
    REASON_MAX_LENGTH,
    REFERENCE_MAX_LENGTH,
    USERNAME_MAX_LENGTH,
)
from casemgr.timerange import OutOfRange, out_of_range_reason
from casemgr.vocabulary import MeasureDecision, MeasureType, Stage
from cases.models import Case, Conduct, PartyRole, SanctionType
from interchange import FORMAT
from interchange.times import NaiveTime, parse_time

# The vocabularies once, in their order: `Stage.values` builds its list on every call, which was a
# tenth of an import's time (docs/benchmarks.md, "Scale").
STAFF_ROLE_VALUES = tuple(StaffRole.values)
CONDUCT_VALUES = tuple(Conduct.values)
PARTY_ROLE_VALUES = tuple(PartyRole.values)
STAGE_VALUES = tuple(Stage.values)
MEASURE_TYPE_VALUES = tuple(MeasureType.values)
MEASURE_DECISION_VALUES = tuple(MeasureDecision.values)

EVENT_TYPES = ("stage", "note", "meeting", "decision", "message")
OFFICER_ROLES = {StaffRole.CONDUCT_OFFICER.value, StaffRole.CASE_SUPERVISOR.value}
MAX_REPORTED_ERRORS = 50
REFERENCES_PER_QUERY = 10_000
# As the officer's outcome form allows, and within the columns (cases.Sanction.months and .amount).
MAX_SANCTION_MONTHS = 120
MAX_AMOUNT = Decimal(100_000_000)


class InterchangeError(Exception):
    """The file does not fit the contract; `errors` are "path: reason" lines."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class StaffRecord:
    username: str
    email: str
    name: str
    role: str


@dataclass(frozen=True)
class PersonRecord:
    id: str
    name: str
    email: str
    kind: str


@dataclass(frozen=True)
class AllegationRecord:
    conduct: str
    synthetic: bool
    description: str


@dataclass(frozen=True)
class PartyRecord:
    person: str
    role: str
    informed_at: dt.datetime | None = None
    support_offered_at: dt.datetime | None = None


@dataclass(frozen=True)
class EventRecord:
    at: dt.datetime
    by: str | None
    type: str
    to: str
    text: str


@dataclass(frozen=True)
class MeasureRecord:
    id: str
    type: str
    requested_at: dt.datetime
    requested_by: str
    against: str | None
    decided_at: dt.datetime | None
    decision: str | None
    implemented_at: dt.datetime | None
    details: str = ""


@dataclass(frozen=True)
class SanctionRecord:
    type: str
    months: int | None
    amount: Decimal | None
    courses: str
    due_at: dt.datetime | None
    complied_at: dt.datetime | None


@dataclass(frozen=True)
class OutcomeRecord:
    decided_at: dt.datetime
    by: str
    sanctions: list[SanctionRecord]
    reasons: str = ""


@dataclass(frozen=True)
class LegalHoldRecord:
    reason: str
    set_at: dt.datetime
    by: str


@dataclass(frozen=True)
class CaseRecord:
    reference: str
    received_at: dt.datetime
    summary: str
    allegations: list[AllegationRecord]
    parties: list[PartyRecord]
    assigned_officers: list[str]
    events: list[EventRecord]
    measures: list[MeasureRecord]
    outcome: OutcomeRecord | None
    legal_hold: LegalHoldRecord | None = None


@dataclass
class CasesFile:
    staff: list[StaffRecord] = field(default_factory=list)
    people: list[PersonRecord] = field(default_factory=list)
    cases: list[CaseRecord] = field(default_factory=list)


class CasesReader:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.staff_roles: dict[str, str] = {}
        self.people_ids: set[str] = set()
        self.existing_users: dict[str, User] = {}
        self.sanction_codes = set(SanctionType.objects.filter(active=True).values_list("code", flat=True))

    def error(self, path: str, reason: str) -> None:
        self.errors.append(f"{path}: {reason}")

    # -- typed field readers: each returns None (and records an error) when the value does not fit.

    def obj(self, value: Any, path: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.error(path, "must be an object")
            return None
        return value

    def array(self, parent: dict[str, Any], key: str, path: str, *, required: bool) -> list[Any]:
        if key not in parent or (parent[key] is None and not required):
            if required:
                self.error(f"{path}.{key}" if path else key, "is required")
            return []
        value = parent[key]
        if not isinstance(value, list):
            self.error(f"{path}.{key}" if path else key, "must be an array")
            return []
        return value

    def string(
        self,
        parent: dict[str, Any],
        key: str,
        path: str,
        *,
        required: bool = True,
        max_length: int = USERNAME_MAX_LENGTH,
    ) -> str | None:
        """The string at `key`, at most `max_length` characters (by default as long as a username)."""
        value = parent.get(key)
        if value is None:
            if required:
                self.error(f"{path}.{key}", "is required")
            return None
        if not isinstance(value, str):
            self.error(f"{path}.{key}", "must be a string")
            return None
        if required and not value.strip():
            self.error(f"{path}.{key}", "must not be empty")
            return None
        if "\x00" in value:
            # PostgreSQL text cannot hold NUL; spreadsheets and old exports sometimes carry one.
            self.error(f"{path}.{key}", f"contains a NUL character (\\u0000) at position {value.index(chr(0)) + 1}")
            return None
        if len(value) > max_length:
            self.error(f"{path}.{key}", f"is longer than {max_length} characters (it has {len(value)})")
            return None
        return value

    def time(self, parent: dict[str, Any], key: str, path: str, *, required: bool = True) -> dt.datetime | None:
        value = parent.get(key)
        if value is None:
            if required:
                self.error(f"{path}.{key}", "is required")
            return None
        if not isinstance(value, str):
            self.error(f"{path}.{key}", "must be an ISO 8601 time string")
            return None
        try:
            return parse_time(value, field=key)
        except NaiveTime:
            self.error(f"{path}.{key}", f"{value!r} has no UTC offset (write e.g. 2025-03-14T10:00:00+08:00)")
        except OutOfRange:
            self.error(f"{path}.{key}", out_of_range_reason(repr(value)))
        except ValueError:
            self.error(f"{path}.{key}", f"{value!r} is not an ISO 8601 time")
        return None

    def choice(self, parent: dict[str, Any], key: str, path: str, allowed: list[str] | tuple[str, ...]) -> str | None:
        value = self.string(parent, key, path)
        if value is not None and value not in allowed:
            self.error(f"{path}.{key}", f"{value!r} is not one of: {', '.join(allowed)}")
            return None
        return value

    def user_exists(self, username: str) -> bool:
        return username in self.staff_roles or username in self.people_ids or username in self.existing_users

    # -- sections

    def read(self, data: Any) -> CasesFile:
        result = CasesFile()
        top = self.obj(data, "$")
        if top is None:
            return result
        if top.get("format") != FORMAT:
            self.error("format", f"must be {FORMAT!r}, not {top.get('format')!r}")
            return result
        staff_items = self.array(top, "staff", "", required=False)
        people_items = self.array(top, "people", "", required=False)
        case_items = self.array(top, "cases", "", required=True)
        self.load_existing_users(names_in(staff_items, people_items, case_items))
        result.staff, result.people = self.staff_and_people(staff_items, people_items)
        references: set[str] = set()
        for i, item in enumerate(case_items):
            record = self.listed_case(item, i, references)
            if record is not None:
                result.cases.append(record)
        self.check_new_references([record.reference for record in result.cases])
        return result

    # -- the steps of `read`, which the streamed import (interchange.streaming) takes one by one

    def load_existing_users(self, names: set[str]) -> None:
        users = User.objects.filter(username__in=names).prefetch_related("groups")
        self.existing_users = {u.username: u for u in users}

    def staff_and_people(
        self, staff_items: list[Any], people_items: list[Any]
    ) -> tuple[list[StaffRecord], list[PersonRecord]]:
        staff = [s for i, item in enumerate(staff_items) if (s := self.staff(item, f"staff[{i}]"))]
        people = [p for i, item in enumerate(people_items) if (p := self.person(item, f"people[{i}]"))]
        return staff, people

    def listed_case(self, item: Any, index: int, references: set[str]) -> CaseRecord | None:
        """The file's case at `index`, checked against the references listed before it (and added to them)."""
        record = self.case(item, f"cases[{index}]")
        if record is None:
            return None
        if record.reference in references:
            self.error(f"cases[{index}].reference", f"{record.reference!r} appears twice in this file")
        references.add(record.reference)
        return record

    def check_new_references(self, references: list[str]) -> None:
        """An error for each reference (in the order of the valid cases, as numbered here) a case has already."""
        existing: set[str] = set()
        for start in range(0, len(references), REFERENCES_PER_QUERY):
            chunk = references[start : start + REFERENCES_PER_QUERY]
            existing.update(Case.objects.filter(reference__in=chunk).values_list("reference", flat=True))
        for i, reference in enumerate(references):
            if reference in existing:
                self.error(f"cases[{i}].reference", f"a case {reference!r} already exists")

    def raise_errors(self) -> None:
        """InterchangeError listing the problems found (at most MAX_REPORTED_ERRORS), if any."""
        if self.errors:
            errors = self.errors[:MAX_REPORTED_ERRORS]
            if len(self.errors) > MAX_REPORTED_ERRORS:
                errors.append(f"... and {len(self.errors) - MAX_REPORTED_ERRORS} more")
            raise InterchangeError(errors)

    def staff(self, value: Any, path: str) -> StaffRecord | None:
        item = self.obj(value, path)
        if item is None:
            return None
        username = self.string(item, "username", path)
        email = self.string(item, "email", path, required=False, max_length=EMAIL_MAX_LENGTH) or ""
        name = self.string(item, "name", path, required=False, max_length=NAME_MAX_LENGTH) or ""
        role = self.choice(item, "role", path, STAFF_ROLE_VALUES)
        if username is None or role is None:
            return None
        if username in self.staff_roles:
            self.error(f"{path}.username", f"{username!r} appears twice in staff")
            return None
        existing = self.existing_users.get(username)
        if existing is not None and existing.person_kind:
            self.error(f"{path}.username", f"{username!r} is already a person on cases, not staff")
            return None
        self.staff_roles[username] = role
        return StaffRecord(username=username, email=email, name=name, role=role)

    def person(self, value: Any, path: str) -> PersonRecord | None:
        item = self.obj(value, path)
        if item is None:
            return None
        person_id = self.string(item, "id", path)
        name = self.string(item, "name", path, required=False, max_length=NAME_MAX_LENGTH) or ""
        email = self.string(item, "email", path, required=False, max_length=EMAIL_MAX_LENGTH) or ""
        kind = self.string(item, "kind", path, required=False, max_length=PERSON_KIND_MAX_LENGTH) or "student"
        if person_id is None:
            return None
        if person_id in self.people_ids:
            self.error(f"{path}.id", f"{person_id!r} appears twice in people")
            return None
        if person_id in self.staff_roles:
            self.error(f"{path}.id", f"{person_id!r} is also a staff username")
            return None
        self.people_ids.add(person_id)
        return PersonRecord(id=person_id, name=name, email=email, kind=kind)

    def case(self, value: Any, path: str) -> CaseRecord | None:
        item = self.obj(value, path)
        if item is None:
            return None
        errors_before = len(self.errors)
        reference = self.string(item, "reference", path, max_length=REFERENCE_MAX_LENGTH)
        received_at = self.time(item, "received_at", path)
        summary = self.string(item, "summary", path, required=False, max_length=NOTE_MAX_LENGTH) or ""
        allegations = [
            a
            for i, v in enumerate(self.array(item, "allegations", path, required=False))
            if (a := self.allegation(v, f"{path}.allegations[{i}]"))
        ]
        parties = [
            p
            for i, v in enumerate(self.array(item, "parties", path, required=False))
            if (p := self.party(v, f"{path}.parties[{i}]"))
        ]
        seen_parties: set[tuple[str, str]] = set()
        for i, party in enumerate(parties):
            if (party.person, party.role) in seen_parties:
                self.error(f"{path}.parties[{i}]", f"{party.person!r} is listed twice as {party.role}")
            seen_parties.add((party.person, party.role))
        party_ids = {p.person for p in parties}
        officers = self.officers(item, path)
        events = [
            e
            for i, v in enumerate(self.array(item, "events", path, required=False))
            if (e := self.event(v, f"{path}.events[{i}]"))
        ]
        measures = self.measures(item, path, party_ids)
        outcome = self.outcome(item.get("outcome"), f"{path}.outcome") if item.get("outcome") is not None else None
        hold = item.get("legal_hold")
        legal_hold = self.legal_hold(hold, f"{path}.legal_hold") if hold is not None else None
        if len(self.errors) > errors_before or reference is None or received_at is None:
            return None
        return CaseRecord(
            reference=reference,
            received_at=received_at,
            summary=summary,
            allegations=allegations,
            parties=parties,
            assigned_officers=officers,
            events=events,
            measures=measures,
            outcome=outcome,
            legal_hold=legal_hold,
        )

    def _is_staff(self, username: str) -> bool:
        if username in self.staff_roles:
            return True
        user = self.existing_users.get(username)
        return user is not None and not user.person_kind and any(g.name in STAFF_ROLE_VALUES for g in user.groups.all())

    def legal_hold(self, value: Any, path: str) -> LegalHoldRecord | None:
        """`{"reason": "free text", "set_at": TIME, "by": USERNAME}` (casemgr/1, December 2026)."""
        item = self.obj(value, path)
        if item is None:
            return None
        reason = self.string(item, "reason", path, max_length=REASON_MAX_LENGTH)
        set_at = self.time(item, "set_at", path)
        by = self.string(item, "by", path)
        if by is not None and not self._is_staff(by):
            self.error(f"{path}.by", f"{by!r} is not a staff username in staff")
            return None
        if reason is None or set_at is None or by is None:
            return None
        return LegalHoldRecord(reason=reason, set_at=set_at, by=by)

    def allegation(self, value: Any, path: str) -> AllegationRecord | None:
        item = self.obj(value, path)
        if item is None:
            return None
        conduct = self.choice(item, "conduct", path, CONDUCT_VALUES)
        synthetic = item.get("synthetic", False)
        if not isinstance(synthetic, bool):
            self.error(f"{path}.synthetic", "must be true or false")
            return None
        description = self.string(item, "description", path, required=False, max_length=NOTE_MAX_LENGTH) or ""
        if conduct is None:
            return None
        return AllegationRecord(conduct=conduct, synthetic=synthetic, description=description)

    def party(self, value: Any, path: str) -> PartyRecord | None:
        item = self.obj(value, path)
        if item is None:
            return None
        person = self.string(item, "person", path)
        role = self.choice(item, "role", path, PARTY_ROLE_VALUES)
        informed_at = self.time(item, "informed_at", path, required=False)
        support_offered_at = self.time(item, "support_offered_at", path, required=False)
        if person is None or role is None:
            return None
        if person not in self.people_ids:
            existing = self.existing_users.get(person)
            if existing is None or not existing.person_kind:
                self.error(f"{path}.person", f"{person!r} is not in people")
                return None
        return PartyRecord(person=person, role=role, informed_at=informed_at, support_offered_at=support_offered_at)

    def _is_officer(self, username: str) -> bool:
        if username in self.staff_roles:
            return self.staff_roles[username] in OFFICER_ROLES
        user = self.existing_users.get(username)
        return user is not None and any(g.name in OFFICER_ROLES for g in user.groups.all())

    def officers(self, item: dict[str, Any], path: str) -> list[str]:
        result = []
        for i, value in enumerate(self.array(item, "assigned_officers", path, required=False)):
            where = f"{path}.assigned_officers[{i}]"
            if not isinstance(value, str):
                self.error(where, "must be a staff username")
            elif not self._is_officer(value):
                self.error(where, f"{value!r} is not a conduct officer or case supervisor in staff")
            elif value in result:
                self.error(where, f"{value!r} is listed twice")
            else:
                result.append(value)
        return result

    def event(self, value: Any, path: str) -> EventRecord | None:
        item = self.obj(value, path)
        if item is None:
            return None
        at = self.time(item, "at", path)
        by = self.string(item, "by", path, required=False)
        if by is not None and not self.user_exists(by):
            self.error(f"{path}.by", f"{by!r} is not in staff or people")
        event_type = self.choice(item, "type", path, EVENT_TYPES)
        to = ""
        if event_type == "stage":
            to = self.choice(item, "to", path, STAGE_VALUES) or ""
        text = self.string(item, "text", path, required=False, max_length=NOTE_MAX_LENGTH) or ""
        if at is None or event_type is None or (event_type == "stage" and not to):
            return None
        return EventRecord(at=at, by=by, type=event_type, to=to, text=text)

    def measures(self, item: dict[str, Any], path: str, party_ids: set[str]) -> list[MeasureRecord]:
        result: list[MeasureRecord] = []
        seen: set[str] = set()
        for i, value in enumerate(self.array(item, "measures", path, required=False)):
            where = f"{path}.measures[{i}]"
            record = self.measure(value, where, party_ids)
            if record is None:
                continue
            if record.id in seen:
                self.error(f"{where}.id", f"{record.id!r} appears twice in this case")
                continue
            seen.add(record.id)
            result.append(record)
        return result

    def measure(self, value: Any, path: str, party_ids: set[str]) -> MeasureRecord | None:
        item = self.obj(value, path)
        if item is None:
            return None
        errors_before = len(self.errors)
        measure_id = self.string(item, "id", path, max_length=MEASURE_CODE_MAX_LENGTH)
        measure_type = self.choice(item, "type", path, MEASURE_TYPE_VALUES)
        requested_at = self.time(item, "requested_at", path)
        requested_by = self.string(item, "requested_by", path)
        if requested_by is not None and requested_by not in party_ids:
            self.error(f"{path}.requested_by", f"{requested_by!r} is not a party of this case")
        against = self.string(item, "against", path, required=False)
        if against is not None and against not in party_ids:
            self.error(f"{path}.against", f"{against!r} is not a party of this case")
        decided_at = self.time(item, "decided_at", path, required=False)
        decision = item.get("decision")
        if decision is not None and decision not in MEASURE_DECISION_VALUES:
            self.error(f"{path}.decision", f"{decision!r} is not one of: {', '.join(MEASURE_DECISION_VALUES)} or null")
        if (decision is None) != (decided_at is None):
            if decision is None:
                self.error(f"{path}.decision", "is null but decided_at is set")
            else:
                self.error(f"{path}.decided_at", "is null but a decision is set")
        implemented_at = self.time(item, "implemented_at", path, required=False)
        if implemented_at is not None and decision == MeasureDecision.DECLINED:
            self.error(f"{path}.implemented_at", "a declined measure cannot be implemented")
        if requested_at is not None:
            for key, moment in (("decided_at", decided_at), ("implemented_at", implemented_at)):
                if moment is not None and moment < requested_at:
                    self.error(f"{path}.{key}", "is before requested_at")
        details = self.string(item, "details", path, required=False, max_length=REASON_MAX_LENGTH) or ""
        if len(self.errors) > errors_before or not (measure_id and measure_type and requested_at and requested_by):
            return None
        return MeasureRecord(
            id=measure_id,
            type=measure_type,
            requested_at=requested_at,
            requested_by=requested_by,
            against=against,
            decided_at=decided_at,
            decision=decision,
            implemented_at=implemented_at,
            details=details,
        )

    def outcome(self, value: Any, path: str) -> OutcomeRecord | None:
        item = self.obj(value, path)
        if item is None:
            return None
        decided_at = self.time(item, "decided_at", path)
        by = self.string(item, "by", path)
        if by is not None and not (
            by in self.staff_roles or (by in self.existing_users and not self.existing_users[by].person_kind)
        ):
            self.error(f"{path}.by", f"{by!r} is not in staff")
        sanctions = [
            s
            for i, v in enumerate(self.array(item, "sanctions", path, required=True))
            if (s := self.sanction(v, f"{path}.sanctions[{i}]"))
        ]
        reasons = self.string(item, "reasons", path, required=False, max_length=NOTE_MAX_LENGTH) or ""
        if decided_at is None or by is None:
            return None
        if not sanctions and not any(e.startswith(f"{path}.sanctions") for e in self.errors):
            self.error(f"{path}.sanctions", "must list at least one sanction or outcome")
        return OutcomeRecord(decided_at=decided_at, by=by, sanctions=sanctions, reasons=reasons)

    def sanction(self, value: Any, path: str) -> SanctionRecord | None:
        item = self.obj(value, path)
        if item is None:
            return None
        sanction_type = self.choice(item, "type", path, sorted(self.sanction_codes))
        months = item.get("months")
        if months is not None and (
            isinstance(months, bool) or not isinstance(months, int) or not 0 < months <= MAX_SANCTION_MONTHS
        ):
            self.error(f"{path}.months", f"must be a whole number from 1 to {MAX_SANCTION_MONTHS}")
            months = None
        amount: Decimal | None = None
        if item.get("amount") is not None:
            raw = item["amount"]
            try:
                if isinstance(raw, bool):
                    raise InvalidOperation
                amount = Decimal(str(raw))
                if not 0 < amount < MAX_AMOUNT or amount != amount.quantize(Decimal("0.01")):
                    raise InvalidOperation
            except InvalidOperation:
                self.error(f"{path}.amount", f"must be a positive number below {MAX_AMOUNT} with at most 2 decimals")
                amount = None
        if sanction_type == "suspension" and months is None and "months" not in item:
            self.error(f"{path}.months", "is required for a suspension")
        if sanction_type == "fine" and amount is None and "amount" not in item:
            self.error(f"{path}.amount", "is required for a fine")
        courses = self.string(item, "courses", path, required=False, max_length=COURSES_MAX_LENGTH) or ""
        due_at = self.time(item, "due_at", path, required=False)
        complied_at = self.time(item, "complied_at", path, required=False)
        if complied_at is not None and due_at is None:
            self.error(f"{path}.complied_at", "is set but due_at is not")
        if sanction_type is None:
            return None
        return SanctionRecord(
            type=sanction_type, months=months, amount=amount, courses=courses, due_at=due_at, complied_at=complied_at
        )


def names_in(staff: Any, people: Any, cases: Iterable[Any]) -> set[str]:
    """The usernames the file's sections may name, to look up the accounts that exist already: only the
    fields that name someone (every other string of a large file would make the look-up cost more than
    the import)."""
    names: set[str] = set()

    def add(value: Any) -> None:
        if isinstance(value, str) and len(value) <= USERNAME_MAX_LENGTH and "\x00" not in value:
            names.add(value)

    def items(value: Any) -> list[dict[str, Any]]:
        return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []

    for item in items(staff):
        add(item.get("username"))
    for item in items(people):
        add(item.get("id"))
    for case in cases:
        if not isinstance(case, dict):
            continue
        for party in items(case.get("parties")):
            add(party.get("person"))
        officers = case.get("assigned_officers")
        for officer in officers if isinstance(officers, list) else []:
            add(officer)
        for event in items(case.get("events")):
            add(event.get("by"))
        for measure in items(case.get("measures")):
            add(measure.get("requested_by"))
            add(measure.get("against"))
        outcome = case.get("outcome")
        if isinstance(outcome, dict):
            add(outcome.get("by"))
        hold = case.get("legal_hold")
        if isinstance(hold, dict):
            add(hold.get("by"))
    return names


def read_cases_file(text: str) -> CasesFile:
    """Parse and validate a whole cases file. Raises InterchangeError listing every problem found."""
    try:
        data = loads_limited(text)
    except json.JSONDecodeError as exc:
        raise InterchangeError([f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"]) from None
    except JSONTooDeep as exc:
        raise InterchangeError([str(exc)]) from None
    except ValueError as exc:  # NaN or Infinity
        raise InterchangeError([f"not valid JSON ({exc})"]) from None
    reader = CasesReader()
    result = reader.read(data)
    reader.raise_errors()
    return result
