"""The sweep: raise a flag for every overdue step, escalate, and close flags whose step is no longer due.

`sweep(now)` is the one function behind the Celery beat task `oversight.sweep` and the `sweep` command.
It asks every registered flag kind (oversight.kinds) for its overdue steps, read from stored due columns.
Everything runs in one transaction; history entries and notification outbox rows are written in it, so
a flag is never raised without its notices, and nothing is sent from here.

One broken row must not silence every flag in the university: each kind is read in a savepoint and each
step is worked out on its own, so a step that fails is logged (by its key only), raised as a
`sweep_failure` flag for the supervisors, and the sweep carries on with the rest.

Two sweeps at once: each first locks the open flags (in id order), so escalations and closings are
serialised on those rows and re-read after the other commits; new flags go in with ON CONFLICT DO
NOTHING on the partial unique constraint, and only the sweep whose row went in writes its entries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import DatabaseError, transaction

from audit.log import record
from deadlines.calendar import WorkingCalendar, overdue_working_days
from deadlines.models import DeadlinePolicy
from deadlines.policy import escalation_level
from notifications.models import NotificationKind
from notifications.outbox import Outgoing, queue_notifications
from oversight.closing import close_flags, record_history
from oversight.failures import SWEEP_FAILURE, failure_step
from oversight.flag_rows import insert_new_flags
from oversight.kinds import DueStep, HistoryEntry, describe_flags, flag_kind, registered_kinds
from oversight.models import Flag, SweepRun
from oversight.notices import staff_notices, waiting_notices
from oversight.wording import escalated_text, raised_text

logger = logging.getLogger(__name__)

UPDATED_FIELDS = ["due_at", "level", "overdue_working_days", "detail", "escalated_at", "checked_at"]


@dataclass(frozen=True)
class SweepResult:
    raised: int
    escalated: int
    closed: int
    open: int
    failed: int = 0


@dataclass(frozen=True)
class _Worked:
    """A due step with its escalation worked out."""

    step: DueStep
    overdue_working_days: int
    level: int


class _Levels:
    def __init__(self) -> None:
        self.policies = {p.pk: p for p in DeadlinePolicy.objects.all()}
        # Steps under no particular policy escalate by the newest one.
        self.default = max(self.policies.values(), key=lambda p: (p.effective_from, p.pk), default=None)

    def level(self, step: DueStep, owd: int) -> int:
        policy = self.policies.get(step.policy_id) if step.policy_id is not None else self.default
        computed = escalation_level(policy, owd) if policy is not None else 1
        return max(computed, flag_kind(step.kind).minimum_level)


def _lock_open_flags() -> dict[tuple[str, str], Flag]:
    # Locking in id order: two sweeps take the locks in the same order and cannot deadlock.
    flags = Flag.objects.filter(closed_at__isnull=True).select_for_update().order_by("pk")
    return {(f.kind, f.step_key): f for f in flags}


def _log_failure(key: str, error: BaseException) -> None:
    # The step's key and the error's class only: a message could quote the row's data.
    logger.error("sweep: step %s could not be processed (%s)", key, type(error).__name__)


def _due_steps(now: dt.datetime, failures: list[tuple[str, DueStep | None, BaseException]]) -> list[DueStep]:
    steps: list[DueStep] = []
    for kind in registered_kinds():
        try:
            with transaction.atomic():
                steps.extend(kind.overdue(now))
        except (DatabaseError, ArithmeticError, ValueError, TypeError, LookupError) as error:
            failures.append((f"{kind.name}:*", None, error))
    return steps


def _work_out(
    steps: Iterable[DueStep],
    *,
    now: dt.datetime,
    calendar: WorkingCalendar,
    levels: _Levels,
    failures: list[tuple[str, DueStep | None, BaseException]],
) -> dict[tuple[str, str], _Worked]:
    worked: dict[tuple[str, str], _Worked] = {}
    for step in steps:
        try:
            owd = overdue_working_days(calendar, step.due_at, now)
            worked[step.identity] = _Worked(step, owd, levels.level(step, owd))
        except (ArithmeticError, ValueError, TypeError, LookupError) as error:
            failures.append((f"{step.kind}:{step.step_key}", step, error))
    return worked


def _candidate(worked: _Worked, now: dt.datetime) -> Flag:
    step = worked.step
    return Flag(
        case_id=step.case_id,
        kind=step.kind,
        step_key=step.step_key,
        measure_id=step.measure_id,
        sanction_id=step.sanction_id,
        due_at=step.due_at,
        level=worked.level,
        overdue_working_days=worked.overdue_working_days,
        detail=step.detail,
        raised_at=now,
        escalated_at=None,
        checked_at=now,
        closed_at=None,
    )


def _insert(
    candidates: list[Flag], failures: list[tuple[str, DueStep | None, BaseException]], steps: dict[str, DueStep]
) -> list[Flag]:
    """Insert new flags in one statement; if that fails, one by one, so a bad row fails alone."""
    try:
        with transaction.atomic():
            return insert_new_flags(candidates)
    except DatabaseError:
        return _insert_one_by_one(candidates, failures, steps)


def _insert_one_by_one(
    candidates: list[Flag], failures: list[tuple[str, DueStep | None, BaseException]], steps: dict[str, DueStep]
) -> list[Flag]:
    created = []
    for flag in candidates:
        try:
            with transaction.atomic():
                created.extend(insert_new_flags([flag]))
        except DatabaseError as error:
            failures.append((f"{flag.kind}:{flag.step_key}", steps.get(f"{flag.kind}:{flag.step_key}"), error))
    return created


def _raise(
    worked: list[_Worked], now: dt.datetime, failures: list[tuple[str, DueStep | None, BaseException]]
) -> tuple[list[Flag], list[HistoryEntry], list[Outgoing]]:
    ordered = sorted(worked, key=lambda w: w.step.identity)
    steps = {f"{w.step.kind}:{w.step.step_key}": w.step for w in ordered}
    created = _insert([_candidate(w, now) for w in ordered], failures, steps)
    history = []
    words = describe_flags(created)
    for flag in created:
        text = raised_text(words[flag.pk], level=flag.level, overdue_working_days=flag.overdue_working_days)
        history.append(HistoryEntry(flag=flag, at=now, text=text, action="flag_raised", level=flag.level))
    outgoing = staff_notices((flag, range(1, flag.level + 1)) for flag in created)
    outgoing += waiting_notices(created, kind=NotificationKind.REQUEST_OVERDUE)
    return created, history, outgoing


def _update(pairs: list[tuple[Flag, _Worked]], now: dt.datetime) -> tuple[int, list[HistoryEntry], list[Outgoing]]:
    """Bring open flags up to date; returns how many were escalated. A level never goes down: the people
    already told stay told."""
    changed, history, escalations = [], [], []
    words = describe_flags(flag for flag, worked in pairs if worked.level > flag.level)
    for flag, worked in pairs:
        step = worked.step
        level = max(flag.level, worked.level)
        before = (flag.due_at, flag.level, flag.overdue_working_days, flag.detail)
        if level > flag.level:
            text = escalated_text(words[flag.pk], level=level, overdue_working_days=worked.overdue_working_days)
            history.append(HistoryEntry(flag=flag, at=now, text=text, action="flag_escalated", level=level))
            escalations.append((flag, range(flag.level + 1, level + 1)))
            flag.escalated_at = now
        # A failure flag keeps the time it was first raised: its step has no due time of its own.
        due_at = flag.due_at if flag.kind == SWEEP_FAILURE else step.due_at
        flag.due_at, flag.level, flag.overdue_working_days, flag.detail = (
            due_at,
            level,
            worked.overdue_working_days,
            step.detail,
        )
        flag.checked_at = now
        if (flag.due_at, flag.level, flag.overdue_working_days, flag.detail) != before:
            changed.append(flag)
    Flag.objects.bulk_update(changed, UPDATED_FIELDS, batch_size=200)
    changed_ids = {flag.pk for flag in changed}
    unchanged = [flag.pk for flag, _worked in pairs if flag.pk not in changed_ids]
    Flag.objects.filter(pk__in=unchanged).update(checked_at=now)
    return len(escalations), history, staff_notices(escalations)


def sweep(now: dt.datetime, *, finished_at: dt.datetime | None = None) -> SweepResult:
    """Raise, escalate and close flags as of `now` (an aware datetime); idempotent for a given `now`.
    `finished_at` is the real time, kept with the result (oversight.models.SweepRun); default `now`.

    Reads only the rows whose stored due time has passed and the open flags. Everything runs in one
    transaction; a step that cannot be processed becomes a `sweep_failure` flag instead of stopping the
    rest. A second sweep running at the same time waits on the open flags' locks and adds nothing twice.
    """
    calendar = WorkingCalendar.load()
    failures: list[tuple[str, DueStep | None, BaseException]] = []
    with transaction.atomic():
        open_flags = _lock_open_flags()
        levels = _Levels()
        # Read after taking the locks, so a sweep that waited sees what the other one committed.
        worked = _work_out(_due_steps(now, failures), now=now, calendar=calendar, levels=levels, failures=failures)
        created, history, outgoing = _raise(
            [w for identity, w in worked.items() if identity not in open_flags], now, failures
        )
        escalated, update_history, update_outgoing = _update(
            [(flag, worked[identity]) for identity, flag in open_flags.items() if identity in worked], now
        )
        # Steps that failed this time are flags of their own (and keep their existing failure flag open).
        for key, _step, error in failures:
            _log_failure(key, error)
        failure_steps = [failure_step(key, step, now=now) for key, step, _error in failures]
        failure_worked = {
            s.identity: _Worked(s, 0, levels.level(s, 0)) for s in failure_steps if s.identity not in worked
        }
        new_failures, failure_history, failure_outgoing = _raise(
            [w for identity, w in failure_worked.items() if identity not in open_flags], now, []
        )
        _, kept_history, kept_outgoing = _update(
            [(flag, failure_worked[identity]) for identity, flag in open_flags.items() if identity in failure_worked],
            now,
        )
        closing = [
            flag for identity, flag in open_flags.items() if identity not in worked and identity not in failure_worked
        ]
        closed_history, closed_outgoing = close_flags(closing, now=now)
        record_history(history + update_history + failure_history + kept_history + closed_history)
        queue_notifications(outgoing + update_outgoing + failure_outgoing + kept_outgoing + closed_outgoing, at=now)
        raised = len(created) + len(new_failures)
        result = SweepResult(
            raised=raised,
            escalated=escalated,
            closed=len(closing),
            open=len(open_flags) - len(closing) + raised,
            failed=len(failures),
        )
        # One audit row per sweep that changed something (not one per flag: the timeline has those).
        if result.raised or result.escalated or result.closed:
            record("flags.sweep", actor=None, at=now, detail=dataclasses.asdict(result))
        _remember(now, result, finished_at=finished_at or now)
    return result


def _remember(now: dt.datetime, result: SweepResult, *, finished_at: dt.datetime) -> None:
    # Only ever moves forward: of two sweeps at once, or a task late off the queue, the later `now` stays.
    run = SweepRun.objects.select_for_update().filter(pk=1).first()
    if run is not None and run.now > now:
        return
    SweepRun.objects.update_or_create(
        pk=1, defaults={"now": now, "finished_at": finished_at, **dataclasses.asdict(result)}
    )


def last_sweep() -> SweepRun | None:
    """The latest sweep (its `now` and what it did), or None before the first."""
    return SweepRun.objects.filter(pk=1).first()
