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
from django.utils.translation import gettext as _

from accommodations.deadlines import apply_measure_deadlines
from accommodations.models import Measure
from accounts.models import User
from accounts.services import get_default_team, team_supervisor_group
from audit.log import record_many
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
from deadlines.calendar import WorkingCalendar, local_date
from deadlines.models import DeadlinePolicy, MeasureDeadlineRule, StageDeadlineRule
from deadlines.policy import PolicyRuleMissing
from interchange.reader import CaseRecord

# Cases written per round of statements: bounds the memory a 100,000-case file needs beyond its parse.
CASES_PER_BATCH = 1000
ROWS_PER_STATEMENT = 2000


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
            if event.type == EventType.STAGE and event.to not in Stage.values:
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
    _create(Case, cases)
    if any(c.pk is None for c in cases):  # a backend that cannot return the new ids
        ids = dict(Case.objects.filter(reference__in=[c.reference for c in cases]).values_list("reference", "pk"))
        for case in cases:
            case.pk = ids[case.reference]

    allegations, group_perms, assignments, user_perms, parties, events, measures = [], [], [], [], [], [], []
    outcomes: list[tuple[Outcome, list[SanctionInput]]] = []
    for case, record in zip(cases, batch, strict=True):
        allegations += [
            Allegation(case=case, conduct=a.conduct, synthetic=a.synthetic, description=a.description, position=i)
            for i, a in enumerate(record.allegations)
        ]
        group_perms += [
            CaseGroupObjectPermission(group=supervisors, permission=p, content_object=case)
            for p in supervisor_permissions
        ]
        for username in dict.fromkeys(record.assigned_officers):
            officer = users[username]
            assignments.append(
                CaseAssignment(
                    case=case, user=officer, capacity=CaseAssignment.Capacity.OFFICER, assigned_at=record.received_at
                )
            )
            user_perms += [
                CaseUserObjectPermission(user=officer, permission=p, content_object=case) for p in officer_permissions
            ]
        parties += [
            Party(
                case=case,
                person=users[p.person],
                role=p.role,
                added_at=record.received_at,
                informed_at=p.informed_at,
                support_offered_at=p.support_offered_at,
            )
            for p in record.parties
        ]
        for event in sorted(record.events, key=lambda e: e.at):
            actor = users[event.by] if event.by else None
            is_stage = event.type == EventType.STAGE
            events.append(
                CaseEvent(
                    case=case,
                    at=event.at,
                    actor=actor,
                    type=event.type,
                    stage_to=event.to if is_stage else "",
                    text=event.text,
                    detail={},
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
    _create(Allegation, allegations)
    _create(CaseGroupObjectPermission, group_perms)
    _create(CaseAssignment, assignments)
    _create(CaseUserObjectPermission, user_perms)
    _create(Party, parties)
    _create(CaseEvent, events)
    _create(Measure, measures)
    _create(Outcome, [o for o, _s in outcomes])
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
    )
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
                },
            }
            for case, record in zip(cases, batch, strict=True)
        ]
    )


def _create(model: Any, rows: list[Any]) -> None:
    if rows:
        model.objects.bulk_create(rows, batch_size=ROWS_PER_STATEMENT)
