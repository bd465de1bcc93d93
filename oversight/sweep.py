"""The sweep: raise a flag for every overdue step, escalate, and close flags whose step is done.

`sweep(now)` is the one function behind the Celery beat task `oversight.sweep` and the `sweep`
command. It runs in one transaction; timeline entries and notification outbox rows are written in it,
so a flag is never raised without its notices, and nothing is sent from here.

Two sweeps at once: each first locks the open flags (in id order), so escalations and closings are
serialised on those rows and re-read after the other commits; new flags go in with ON CONFLICT DO
NOTHING on the partial unique constraint, and only the sweep whose row went in writes its entries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from accommodations.models import Measure
from audit.log import record
from casemgr.vocabulary import FlagKind
from cases.events import record_system_events
from cases.models import Case
from deadlines.calendar import WorkingCalendar, overdue_working_days
from deadlines.models import DeadlinePolicy
from deadlines.policy import escalation_level
from notifications.models import NotificationKind
from notifications.outbox import Outgoing, queue_notifications
from oversight.flag_rows import insert_new_flags
from oversight.models import Flag
from oversight.recipients import Recipients, recipients_for
from oversight.steps import DueStep, overdue_steps
from oversight.wording import closed_text, escalated_text, raised_text, step_description

MEASURE_KINDS = frozenset({FlagKind.MEASURE_DECISION_OVERDUE, FlagKind.MEASURE_IMPLEMENTATION_OVERDUE})
UPDATED_FIELDS = ["due_at", "level", "overdue_working_days", "detail", "escalated_at", "checked_at"]


@dataclass(frozen=True)
class SweepResult:
    raised: int
    escalated: int
    closed: int
    open: int


@dataclass
class _Context:
    now: dt.datetime
    calendar: WorkingCalendar
    cases: dict[int, Case]
    policies: dict[int, DeadlinePolicy]
    measures: dict[int, Measure]
    recipients: Recipients
    outgoing: list[Outgoing]
    events: list[tuple[Case, dt.datetime, str, dict[str, Any]]]

    def level(self, case_id: int, owd: int) -> int:
        return escalation_level(self.policies[self.cases[case_id].policy_id], owd)

    def step_text(self, flag: Flag) -> str:
        measure = self.measures.get(flag.measure_id) if flag.measure_id else None
        return step_description(flag.kind, measure_code=measure.code if measure else None)

    def record(self, flag: Flag, text: str, **detail: Any) -> None:
        """A timeline entry for the flag's case, written with the others at the end of the sweep."""
        self.events.append((self.cases[flag.case_id], self.now, text, {"flag": flag.pk, "kind": flag.kind, **detail}))

    def tell_staff(self, flag: Flag, *, levels: Iterable[int]) -> None:
        case = self.cases[flag.case_id]
        for level in levels:
            for user_id in self.recipients.at_level(level, case_id=case.pk, team_id=case.team_id):
                self.outgoing.append(
                    Outgoing(user_id, case.pk, flag.pk, NotificationKind.STEP_OVERDUE.value, flag.kind, level)
                )

    def tell_requester(self, flag: Flag, kind: NotificationKind) -> None:
        measure = self.measures.get(flag.measure_id) if flag.measure_id else None
        if measure is not None:
            self.outgoing.append(Outgoing(measure.requested_by_id, flag.case_id, flag.pk, kind.value, flag.kind, 1))


def _lock_open_flags() -> dict[tuple[str, str], Flag]:
    # Locking in id order: two sweeps take the locks in the same order and cannot deadlock.
    flags = Flag.objects.filter(closed_at__isnull=True).select_for_update().order_by("pk")
    return {(f.kind, f.step_key): f for f in flags}


def _load_context(
    now: dt.datetime, calendar: WorkingCalendar, open_flags: Iterable[Flag], due: Iterable[DueStep]
) -> _Context:
    open_flags, due = list(open_flags), list(due)
    case_ids = {f.case_id for f in open_flags} | {s.case_id for s in due}
    measure_ids = {f.measure_id for f in open_flags if f.measure_id} | {s.measure_id for s in due if s.measure_id}
    cases = Case.objects.filter(pk__in=case_ids).only("pk", "reference", "team_id", "policy_id")
    measures = Measure.objects.filter(pk__in=measure_ids).only(
        "pk", "code", "requested_by_id", "decided_at", "implemented_at"
    )
    by_id = {c.pk: c for c in cases}
    return _Context(
        now=now,
        calendar=calendar,
        cases=by_id,
        policies={p.pk: p for p in DeadlinePolicy.objects.all()},
        measures={m.pk: m for m in measures},
        recipients=recipients_for(by_id.values()),
        outgoing=[],
        events=[],
    )


def _raise(steps: list[DueStep], ctx: _Context) -> list[Flag]:
    now = ctx.now
    candidates = []
    for step in sorted(steps, key=lambda s: s.identity):
        owd = overdue_working_days(ctx.calendar, step.due_at, now)
        candidates.append(
            Flag(
                case_id=step.case_id,
                kind=step.kind,
                step_key=step.step_key,
                measure_id=step.measure_id,
                sanction_id=step.sanction_id,
                due_at=step.due_at,
                level=ctx.level(step.case_id, owd),
                overdue_working_days=owd,
                detail=step.detail,
                raised_at=now,
                escalated_at=None,
                checked_at=now,
                closed_at=None,
            )
        )
    created = insert_new_flags(candidates)
    for flag in created:
        text = raised_text(ctx.step_text(flag), level=flag.level, overdue_working_days=flag.overdue_working_days)
        ctx.record(flag, text, action="flag_raised", level=flag.level)
        ctx.tell_staff(flag, levels=range(1, flag.level + 1))
        if flag.kind in MEASURE_KINDS:
            ctx.tell_requester(flag, NotificationKind.REQUEST_OVERDUE)
    return created


def _update(pairs: list[tuple[Flag, DueStep]], ctx: _Context) -> int:
    """Bring open flags up to date; returns how many were escalated. A level never goes down: the people
    already told stay told."""
    now = ctx.now
    changed, escalated = [], 0
    for flag, step in pairs:
        owd = overdue_working_days(ctx.calendar, step.due_at, now)
        level = max(flag.level, ctx.level(flag.case_id, owd))
        before = (flag.due_at, flag.level, flag.overdue_working_days, flag.detail)
        if level > flag.level:
            escalated += 1
            text = escalated_text(ctx.step_text(flag), level=level, overdue_working_days=owd)
            ctx.record(flag, text, action="flag_escalated", level=level)
            ctx.tell_staff(flag, levels=range(flag.level + 1, level + 1))
            flag.escalated_at = now
        flag.due_at, flag.level, flag.overdue_working_days, flag.detail = step.due_at, level, owd, step.detail
        flag.checked_at = now
        if (flag.due_at, flag.level, flag.overdue_working_days, flag.detail) != before:
            changed.append(flag)
    Flag.objects.bulk_update(changed, UPDATED_FIELDS, batch_size=200)
    changed_ids = {flag.pk for flag in changed}
    unchanged = [flag.pk for flag, _step in pairs if flag.pk not in changed_ids]
    Flag.objects.filter(pk__in=unchanged).update(checked_at=now)
    return escalated


def _step_done(flag: Flag, ctx: _Context) -> bool:
    measure = ctx.measures.get(flag.measure_id) if flag.measure_id else None
    if measure is None:
        return False
    if flag.kind == FlagKind.MEASURE_DECISION_OVERDUE:
        return measure.decided_at is not None or measure.implemented_at is not None
    return measure.implemented_at is not None


def _close(flags: list[Flag], ctx: _Context) -> None:
    for flag in flags:
        done = _step_done(flag, ctx)
        ctx.record(flag, closed_text(ctx.step_text(flag), done=done), action="flag_closed", done=done)
        if done:
            ctx.tell_requester(flag, NotificationKind.REQUEST_DONE)
    Flag.objects.filter(pk__in=[f.pk for f in flags]).update(closed_at=ctx.now, checked_at=ctx.now)


def sweep(now: dt.datetime) -> SweepResult:
    """Raise, escalate and close flags as of `now` (an aware datetime); idempotent for a given `now`.

    Reads only the rows whose stored due time has passed and the open flags. Everything runs in one
    transaction: on any database error nothing is raised, closed or queued. A second sweep running at
    the same time waits on the open flags' locks and then adds nothing twice.
    """
    calendar = WorkingCalendar.load()
    with transaction.atomic():
        open_flags = _lock_open_flags()
        # Read after taking the locks, so a sweep that waited sees what the other one committed.
        due = overdue_steps(now)
        ctx = _load_context(now, calendar, open_flags.values(), due.values())
        created = _raise([step for identity, step in due.items() if identity not in open_flags], ctx)
        escalated = _update([(flag, due[identity]) for identity, flag in open_flags.items() if identity in due], ctx)
        closing = [flag for identity, flag in open_flags.items() if identity not in due]
        _close(closing, ctx)
        record_system_events(ctx.events)
        queue_notifications(ctx.outgoing, at=now)
        still_open = len(open_flags) - len(closing) + len(created)
        result = SweepResult(raised=len(created), escalated=escalated, closed=len(closing), open=still_open)
        # One audit row per sweep that changed something (not one per flag: the timeline has those).
        if result.raised or result.escalated or result.closed:
            record("flags.sweep", actor=None, at=now, detail=dataclasses.asdict(result))
    return result
