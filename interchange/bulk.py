"""Writing a validated cases file with set operations: the same rows the per-row replay writes
(interchange.importer.write_cases_file_per_row), in a few statements per batch of cases.

Each case's stage, deadlines and latest activity are computed once, in memory, from its full history
(the stage is the `to` of the latest stage event, ties going to the one listed last; the latest activity
is the latest of its receipt, its events and its measures' steps), with the same functions the actions
use (cases.deadlines.apply_case_deadlines, accommodations.deadlines.apply_measure_deadlines). Imported
cases are new, so no pause, adjustment or flag can exist for them yet. Permission rows (the team's
supervisor group, the assigned officers) are written as guardian's rows directly, and the audit rows
("case.import", one per case) are appended in order with audit.log.record_many.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from accommodations.deadlines import apply_measure_deadlines
from accommodations.models import Measure
from accounts.models import User
from accounts.services import get_default_team, team_supervisor_group
from audit.actions import action_scope
from audit.log import record_many
from casemgr.bulkinsert import insert_rows, insert_values
from casemgr.vocabulary import Stage
from cases.actions.outcome import SanctionInput, check_sanctions, sanction_catalogue
from cases.admission import PERMISSIONS, TEAM_SUPERVISOR_PERMISSIONS
from cases.deadlines import apply_case_deadlines
from cases.models import (
    Allegation,
    Case,
    CaseAssignment,
    CaseEvent,
    EventType,
    Outcome,
    Party,
    Sanction,
)
from cases.models.case import CaseGroupObjectPermission, CaseUserObjectPermission
from cases.officer_choices import forget_officer_choices
from deadlines.calendar import WorkingCalendar, local_date
from deadlines.models import DeadlinePolicy, MeasureDeadlineRule, StageDeadlineRule
from deadlines.policy import PolicyRuleMissing
from interchange.reader import STAGE_VALUES, CaseRecord
from privacy.holds import do_set_legal_hold

# Cases written per round of statements: bounds the memory a 100,000-case file needs beyond its parse.
CASES_PER_BATCH = 1000


class _Policies:
    """The deadline policies and their rules, read once (policy_in_force and the rule look-ups, in memory)."""

    def __init__(self) -> None:
        self.by_date = list(DeadlinePolicy.objects.order_by("-effective_from"))
        if not self.by_date:
            raise PolicyRuleMissing("no deadline policy is configured")
        self.stage_rules = {(r.policy_id, r.stage): r for r in StageDeadlineRule.objects.all()}
        self.measure_rules = {(r.policy_id, r.measure_type): r for r in MeasureDeadlineRule.objects.all()}

    def in_force(self, received_at: dt.datetime) -> DeadlinePolicy:
        day = local_date(received_at)
        for policy in self.by_date:  # newest first; few versions ever exist
            if policy.effective_from <= day:
                return policy
        return self.by_date[-1]

    def measure_rule(self, policy: DeadlinePolicy, measure_type: str) -> MeasureDeadlineRule:
        rule = self.measure_rules.get((policy.pk, measure_type))
        if rule is None:
            raise PolicyRuleMissing(f"policy {policy} has no rule for measure type {measure_type}")
        return rule


def _permissions(codenames: Sequence[str]) -> list[Permission]:
    found = {p.codename: p for p in Permission.objects.filter(content_type__app_label="cases", codename__in=codenames)}
    return [found[c] for c in codenames]


def _batches(items: Sequence[CaseRecord], size: int) -> Iterator[Sequence[CaseRecord]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _stage_of(record: CaseRecord) -> tuple[str, dt.datetime]:
    """The case's stage and when it entered it: the latest stage event's (ties: the one listed last)."""
    stage, entered = Stage.RECEIVED.value, record.received_at
    latest: dt.datetime | None = None
    for event in record.events:
        if event.type == EventType.STAGE and (latest is None or event.at >= latest):
            latest = event.at
            stage, entered = event.to, event.at
    return stage, entered


def _latest_activity(record: CaseRecord) -> dt.datetime:
    times = [record.received_at, *(e.at for e in record.events)]
    for m in record.measures:
        times += [t for t in (m.requested_at, m.decided_at, m.implemented_at) if t is not None]
    return max(times)


def write_cases_bulk(cases: Sequence[CaseRecord], users: dict[str, User], *, at: dt.datetime) -> None:
    """Write `cases` (validated, references free, everyone in `users` or in the database) in the
    caller's transaction."""
    if not cases:
        return
    policies = _Policies()
    calendar = WorkingCalendar.load()
    catalogue = sanction_catalogue()
    team = get_default_team()
    supervisors = team_supervisor_group(team)
    supervisor_permissions = _permissions(TEAM_SUPERVISOR_PERMISSIONS)
    officer_permissions = _permissions(PERMISSIONS[CaseAssignment.Capacity.OFFICER])
    missing = {name for record in cases for name in _names(record)} - users.keys()
    users.update({u.username: u for u in User.objects.filter(username__in=missing)})
    for batch in _batches(cases, CASES_PER_BATCH):
        _write_batch(
            batch,
            users,
            at=at,
            policies=policies,
            calendar=calendar,
            catalogue=catalogue,
            team=team,
            supervisors=supervisors,
            supervisor_permissions=supervisor_permissions,
            officer_permissions=officer_permissions,
        )
    forget_officer_choices()


def _names(record: CaseRecord) -> Iterator[str]:
    yield from record.assigned_officers
    yield from (p.person for p in record.parties)
    yield from (e.by for e in record.events if e.by)
    for m in record.measures:
        yield m.requested_by
        if m.against:
            yield m.against
    if record.outcome is not None:
        yield record.outcome.by
    if record.legal_hold is not None:
        yield record.legal_hold.by


def _write_batch(
    batch: Sequence[CaseRecord],
    users: dict[str, User],
    *,
    at: dt.datetime,
    policies: _Policies,
    calendar: WorkingCalendar,
    catalogue: dict[str, Any],
    team: Any,
    supervisors: Any,
    supervisor_permissions: list[Permission],
    officer_permissions: list[Permission],
) -> None:
    cases = []
    for record in batch:
        policy = policies.in_force(record.received_at)
        for event in record.events:
            if event.type == EventType.STAGE and event.to not in STAGE_VALUES:
                raise ValidationError({"to": _("%(stage)s is not a stage.") % {"stage": event.to}})
        stage, entered = _stage_of(record)
        case = Case(
            reference=record.reference,
            received_at=record.received_at,
            summary=record.summary,
            team=team,
            policy=policy,
            stage=stage,
            stage_entered_at=entered,
            last_activity_at=_latest_activity(record),
        )
        apply_case_deadlines(
            case, calendar=calendar, open_pause=None, stage_rule=policies.stage_rules.get((policy.pk, stage))
        )
        cases.append(case)
    _create(Case, cases, at)
    if any(c.pk is None for c in cases):  # a backend that cannot return the new ids
        ids = dict(Case.objects.filter(reference__in=[c.reference for c in cases]).values_list("reference", "pk"))
        for case in cases:
            case.pk = ids[case.reference]

    # Rows nobody refers to are written as plain tuples (no model instances): most of an import's rows.
    allegations: list[tuple[Any, ...]] = []
    group_perms: list[tuple[Any, ...]] = []
    assignments: list[tuple[Any, ...]] = []
    user_perms: list[tuple[Any, ...]] = []
    parties: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    measures: list[Measure] = []
    outcomes: list[tuple[Outcome, list[SanctionInput]]] = []
    officer = CaseAssignment.Capacity.OFFICER.value
    for case, record in zip(cases, batch, strict=True):
        case_id = case.pk
        allegations += [(case_id, a.conduct, a.synthetic, a.description, i) for i, a in enumerate(record.allegations)]
        group_perms += [(p.pk, supervisors.pk, case_id) for p in supervisor_permissions]
        for username in dict.fromkeys(record.assigned_officers):
            user_id = users[username].pk
            assignments.append((case_id, user_id, officer, record.received_at))
            user_perms += [(p.pk, user_id, case_id) for p in officer_permissions]
        parties += [
            (case_id, users[p.person].pk, p.role, record.received_at, p.informed_at, p.support_offered_at)
            for p in record.parties
        ]
        for event in sorted(record.events, key=lambda e: e.at):
            is_stage = event.type == EventType.STAGE
            events.append(
                (
                    case_id,
                    event.at,
                    users[event.by].pk if event.by else None,
                    event.type,
                    event.to if is_stage else "",
                    event.text,
                    {},
                    at,
                )
            )
        for m in record.measures:
            measure = Measure(
                case=case,
                code=m.id,
                type=m.type,
                requested_at=m.requested_at,
                requested_by=users[m.requested_by],
                against=users[m.against] if m.against else None,
                details=m.details,
                decision=m.decision or "",
                decided_at=m.decided_at,
                implemented_at=m.implemented_at,
            )
            rule = policies.measure_rule(case.policy, m.type)
            apply_measure_deadlines(measure, rule=rule, calendar=calendar, adjustments={})
            measures.append(measure)
        if record.outcome is not None:
            sanctions = [
                SanctionInput(
                    type=s.type,
                    amount=s.amount,
                    months=s.months,
                    courses=s.courses,
                    due_at=s.due_at,
                    complied_at=s.complied_at,
                )
                for s in record.outcome.sanctions
            ]
            check_sanctions(sanctions, catalogue=catalogue)
            outcome = Outcome(
                case=case,
                decided_at=record.outcome.decided_at,
                decided_by=users[record.outcome.by],
                reasons=record.outcome.reasons,
            )
            outcomes.append((outcome, sanctions))
    insert_values(Allegation, ["case_id", "conduct", "synthetic", "description", "position"], allegations)
    insert_values(CaseGroupObjectPermission, ["permission_id", "group_id", "content_object_id"], group_perms)
    insert_values(CaseAssignment, ["case_id", "user_id", "capacity", "assigned_at"], assignments)
    insert_values(CaseUserObjectPermission, ["permission_id", "user_id", "content_object_id"], user_perms)
    insert_values(Party, ["case_id", "person_id", "role", "added_at", "informed_at", "support_offered_at"], parties)
    insert_values(CaseEvent, ["case_id", "at", "actor_id", "type", "stage_to", "text", "detail", "recorded_at"], events)
    _create(Measure, measures, at)
    _create(Outcome, [o for o, _s in outcomes], at)
    if any(o.pk is None for o, _s in outcomes):
        by_case: dict[int, int] = dict(
            Outcome.objects.filter(case__in=[o.case_id for o, _s in outcomes]).values_list("case_id", "pk")
        )
        for outcome, _s in outcomes:
            outcome.pk = by_case[outcome.case_id]
    _create(
        Sanction,
        [
            Sanction(
                outcome=outcome,
                type=catalogue[s.type],
                amount=s.amount,
                months=s.months,
                courses=s.courses,
                due_at=s.due_at,
                complied_at=s.complied_at,
                position=i,
            )
            for outcome, sanctions in outcomes
            for i, s in enumerate(sanctions)
        ],
        at,
    )
    _set_holds(cases, batch, users)
    record_many(
        [
            {
                "action": "case.import",
                "actor": None,
                "at": at,
                "case_id": case.pk,
                "detail": {
                    "parties": len(record.parties),
                    "events": len(record.events),
                    "measures": len(record.measures),
                    "outcome": record.outcome is not None,
                    "legal_hold": record.legal_hold is not None,
                },
            }
            for case, record in zip(cases, batch, strict=True)
        ]
    )


def _set_holds(cases: list[Case], batch: Sequence[CaseRecord], users: dict[str, User]) -> None:
    """The legal holds the file sets (few): through the action, as a part of the import (no row of its own)."""
    for case, record in zip(cases, batch, strict=True):
        hold = record.legal_hold
        if hold is not None:
            with action_scope():
                # Who may set a hold is checked on the case page and API; the import is trusted.
                do_set_legal_hold(case, reason=hold.reason, acting_user=users[hold.by], at=hold.set_at, check=False)


def _create(model: Any, rows: list[Any], at: dt.datetime) -> None:
    insert_rows(model, rows, at=at)


# Tables a large import fills. Their planner statistics would be those of the empty tables until
# autovacuum next analyses them: minutes in which a join the planner believes has one row reads
# the whole table once per row (the case list's outcome markers took 2 s, not 0.15 s, at 100,000 cases).
IMPORTED_TABLES = (
    Case,
    Allegation,
    CaseAssignment,
    CaseUserObjectPermission,
    CaseGroupObjectPermission,
    Party,
    CaseEvent,
    Measure,
    Outcome,
    Sanction,
    User,
)
ANALYZE_AFTER = 1000  # cases


def analyze_imported_tables(cases_imported: int) -> None:
    """After a committed import of many cases, refresh PostgreSQL's statistics of the tables it filled and,
    outside a transaction, vacuum them: that marks their pages all-visible, so the lists' index-only scans
    (an officer's cases from the assignment index) read no table pages. VACUUM cannot run inside a
    transaction block; there only the statistics are refreshed."""
    if connection.vendor != "postgresql" or cases_imported < ANALYZE_AFTER:
        return
    names = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in IMPORTED_TABLES)
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        cursor.execute(f"{command} {names}")
