"""Changing the deadline policy and the calendar (`do_*`), which changes the due dates of open steps.

Each action saves the change, writes a PolicyChange audit row, and recomputes in bulk the stored due
dates of every open measure and case the change can affect, all in one transaction. A step already
done keeps the due time it had. The caller has authorised the acting user (the Django admin, staff).
Deadline pauses and extensions of measure steps are in accommodations.adjustments.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from audit.actions import audited, record_action
from casemgr.vocabulary import MeasureType, Stage
from deadlines.calendar import institution_tz
from deadlines.models import ClosureDay, DeadlinePolicy, MeasureDeadlineRule, PolicyChange, StageDeadlineRule
from oversight.kinds import RefreshScope, registered_kinds

__all__ = [
    "do_create_policy",
    "do_delete_closure_day",
    "do_delete_stage_rule",
    "do_save_closure_day",
    "do_update_acknowledgement",
    "do_update_dormancy",
    "do_update_escalation_levels",
    "do_update_measure_rule",
    "do_update_stage_rule",
]

# A policy number above this is almost certainly a typing mistake (it is about a working year).
MAX_WORKING_DAYS = 250


def refresh_due_dates(scope: RefreshScope) -> Counter[str]:
    """Ask every flag kind to recompute the stored due dates `scope` covers; how many rows changed, by what
    the kinds count ("cases", "measures"). Kinds sharing one implementation run it once."""
    counts: Counter[str] = Counter()
    done: set[object] = set()
    for kind in registered_kinds():
        implementation = type(kind).refresh_due_dates
        if implementation in done:
            continue
        done.add(implementation)
        counts[kind.refresh_counts] += kind.refresh_due_dates(scope)
    return counts


def check_working_days(value: int, *, field: str, minimum: int = 0) -> None:
    if value < minimum or value > MAX_WORKING_DAYS:
        raise ValidationError(
            {
                field: _("Give a number of working days from %(min)s to %(max)s.")
                % {"min": minimum, "max": MAX_WORKING_DAYS}
            }
        )


def _audit(
    action: str,
    *,
    subject: str,
    policy: DeadlinePolicy | None,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    acting_user: User | None,
    at: dt.datetime,
    measures: int = 0,
    cases: int = 0,
) -> PolicyChange:
    change = PolicyChange.objects.create(
        at=at,
        by=acting_user,
        policy=policy,
        subject=subject,
        before=before,
        after=after,
        measures_recomputed=measures,
        cases_recomputed=cases,
    )
    # The values themselves (a closure day's reason is free text) stay on the PolicyChange row.
    record_action(
        action,
        actor=acting_user,
        at=at,
        detail={
            "policy_change": change.pk,
            "policy": policy.pk if policy else None,
            "measures_recomputed": measures,
            "cases_recomputed": cases,
        },
    )
    return change


@audited
def do_update_measure_rule(
    rule: MeasureDeadlineRule,
    *,
    decision_working_days: int,
    implementation_working_days: int,
    acting_user: User | None,
    at: dt.datetime,
) -> PolicyChange:
    """Set a measure type's working days in a policy (a rule not yet saved is created) and recompute the
    due dates of the open measures of that type on cases under that policy.

    Raises ValidationError (`measure_type`, `decision_working_days`, `implementation_working_days`).
    """
    if rule.measure_type not in MeasureType.values:
        raise ValidationError({"measure_type": _("%(type)s is not a measure type.") % {"type": rule.measure_type}})
    check_working_days(decision_working_days, field="decision_working_days")
    check_working_days(implementation_working_days, field="implementation_working_days")
    if implementation_working_days < decision_working_days:
        raise ValidationError(
            {"implementation_working_days": _("A measure cannot be due for implementation before its decision.")}
        )
    fields = ["decision_working_days", "implementation_working_days"]
    before: Mapping[str, Any] = {}
    if rule.pk is not None:
        before = MeasureDeadlineRule.objects.select_for_update().filter(pk=rule.pk).values(*fields).get()
    elif MeasureDeadlineRule.objects.filter(policy=rule.policy, measure_type=rule.measure_type).exists():
        raise ValidationError({"measure_type": _("This policy already has a rule for that measure type.")})
    rule.decision_working_days = decision_working_days
    rule.implementation_working_days = implementation_working_days
    rule.save()
    measures = refresh_due_dates(RefreshScope(policy_id=rule.policy_id, subject=("measure_type", rule.measure_type)))[
        "measures"
    ]
    after = {"decision_working_days": decision_working_days, "implementation_working_days": implementation_working_days}
    return _audit(
        "policy.measure_rule",
        subject=f"measure rule {rule.measure_type}",
        policy=rule.policy,
        before=before,
        after=after,
        acting_user=acting_user,
        at=at,
        measures=measures,
    )


def _recompute_stage(policy: DeadlinePolicy, stage: str) -> int:
    return refresh_due_dates(RefreshScope(policy_id=policy.pk, subject=("stage", stage)))["cases"]


@audited
def do_update_stage_rule(
    rule: StageDeadlineRule, *, basis: str, working_days: int, acting_user: User | None, at: dt.datetime
) -> PolicyChange:
    """Set how long a case may stay in a stage (a rule not yet saved is created) and recompute the stage
    due dates of the open cases in that stage under that policy.

    Raises ValidationError (`stage`, `basis`, `working_days`).
    """
    if rule.stage not in Stage.values:
        raise ValidationError({"stage": _("%(stage)s is not a stage.") % {"stage": rule.stage}})
    if basis not in StageDeadlineRule.Basis.values:
        raise ValidationError({"basis": _("Count from the receipt or from entering the stage.")})
    check_working_days(working_days, field="working_days", minimum=1)
    before: Mapping[str, Any] = {}
    if rule.pk is not None:
        before = StageDeadlineRule.objects.select_for_update().filter(pk=rule.pk).values("basis", "working_days").get()
    elif StageDeadlineRule.objects.filter(policy=rule.policy, stage=rule.stage).exists():
        raise ValidationError({"stage": _("This policy already has a rule for that stage.")})
    rule.basis = basis
    rule.working_days = working_days
    rule.save()
    cases = _recompute_stage(rule.policy, rule.stage)
    return _audit(
        "policy.stage_rule",
        subject=f"stage rule {rule.stage}",
        policy=rule.policy,
        before=before,
        after={"basis": basis, "working_days": working_days},
        acting_user=acting_user,
        at=at,
        cases=cases,
    )


@audited
def do_delete_stage_rule(rule: StageDeadlineRule, *, acting_user: User | None, at: dt.datetime) -> PolicyChange:
    """Remove a stage's time limit; open cases in that stage no longer have a stage due date."""
    policy, stage = rule.policy, rule.stage
    before = {"basis": rule.basis, "working_days": rule.working_days}
    rule.delete()
    cases = _recompute_stage(policy, stage)
    return _audit(
        "policy.stage_rule_delete",
        subject=f"stage rule {stage} removed",
        policy=policy,
        before=before,
        after={},
        acting_user=acting_user,
        at=at,
        cases=cases,
    )


@audited
def do_update_dormancy(
    policy: DeadlinePolicy, *, dormancy_working_days: int, acting_user: User | None, at: dt.datetime
) -> PolicyChange:
    """Set after how many working days without activity a case is dormant, and recompute the dormancy
    due dates of the open cases under the policy. Raises ValidationError (`dormancy_working_days`)."""
    check_working_days(dormancy_working_days, field="dormancy_working_days", minimum=1)
    before = DeadlinePolicy.objects.select_for_update().filter(pk=policy.pk).values("dormancy_working_days").get()
    policy.dormancy_working_days = dormancy_working_days
    policy.save(update_fields=["dormancy_working_days"])
    cases = refresh_due_dates(RefreshScope(policy_id=policy.pk, subject=("dormancy", "")))["cases"]
    return _audit(
        "policy.dormancy",
        subject="dormancy",
        policy=policy,
        before=before,
        after={"dormancy_working_days": dormancy_working_days},
        acting_user=acting_user,
        at=at,
        cases=cases,
    )


@audited
def do_update_acknowledgement(
    policy: DeadlinePolicy, *, acknowledgement_working_days: int, acting_user: User | None, at: dt.datetime
) -> PolicyChange:
    """Set within how many working days an online report must be acknowledged, and recompute the due
    dates of the reports still waiting under the policy. Raises ValidationError
    (`acknowledgement_working_days`)."""
    field = "acknowledgement_working_days"
    check_working_days(acknowledgement_working_days, field=field, minimum=1)
    before = DeadlinePolicy.objects.select_for_update().filter(pk=policy.pk).values(field).get()
    policy.acknowledgement_working_days = acknowledgement_working_days
    policy.save(update_fields=[field])
    refresh_due_dates(RefreshScope(policy_id=policy.pk, subject=("acknowledgement", "")))
    return _audit(
        "policy.acknowledgement",
        subject="acknowledgement",
        policy=policy,
        before=before,
        after={field: acknowledgement_working_days},
        acting_user=acting_user,
        at=at,
    )


@audited
def do_update_escalation_levels(
    policy: DeadlinePolicy,
    *,
    level_2_after_working_days: int,
    level_3_after_working_days: int,
    acting_user: User | None,
    at: dt.datetime,
) -> PolicyChange:
    """Set when an overdue step is escalated to supervisors (level 2) and governance (level 3). No due date
    changes; the next sweep applies the new levels. Raises ValidationError naming the field."""
    check_working_days(level_2_after_working_days, field="level_2_after_working_days", minimum=1)
    check_working_days(level_3_after_working_days, field="level_3_after_working_days", minimum=1)
    if level_3_after_working_days < level_2_after_working_days:
        raise ValidationError({"level_3_after_working_days": _("Governance is told no earlier than supervisors.")})
    fields = ["level_2_after_working_days", "level_3_after_working_days"]
    before = DeadlinePolicy.objects.select_for_update().filter(pk=policy.pk).values(*fields).get()
    policy.level_2_after_working_days = level_2_after_working_days
    policy.level_3_after_working_days = level_3_after_working_days
    policy.save(update_fields=fields)
    after = {
        "level_2_after_working_days": level_2_after_working_days,
        "level_3_after_working_days": level_3_after_working_days,
    }
    return _audit(
        "policy.escalation",
        subject="escalation",
        policy=policy,
        before=before,
        after=after,
        acting_user=acting_user,
        at=at,
    )


PARTY_PERIODS = ["delay_explanation_working_days", "review_working_days", "appeal_working_days"]


@audited
def do_update_party_periods(
    policy: DeadlinePolicy, *, periods: dict[str, int], acting_user: User | None, at: dt.datetime
) -> PolicyChange:
    """Set the parties' periods: to explain a delay to a complainant, to answer a review, to appeal.
    A delay's explanation deadline is worked out at each sweep, so a change applies at the next one; a
    review asked before keeps the deadline it was given, an appeal period counts from each outcome."""
    for name, value in periods.items():
        if name not in PARTY_PERIODS:
            raise ValidationError({name: _("Not a period of the parties.")})
        check_working_days(value, field=name, minimum=1)
    before = DeadlinePolicy.objects.select_for_update().filter(pk=policy.pk).values(*periods).get()
    for name, value in periods.items():
        setattr(policy, name, value)
    policy.save(update_fields=list(periods))
    return _audit(
        "policy.party_periods",
        subject="party periods",
        policy=policy,
        before=before,
        after=dict(periods),
        acting_user=acting_user,
        at=at,
    )


@audited
def do_create_policy(
    *, name: str, effective_from: dt.date, copy_from: DeadlinePolicy, acting_user: User | None, at: dt.datetime
) -> DeadlinePolicy:
    """A new policy version, in force for complaints received from `effective_from`, starting as a copy
    of `copy_from` (so every measure type has a rule). Cases already received keep their version."""
    if not name.strip():
        raise ValidationError({"name": _("Give the policy a name.")})
    if DeadlinePolicy.objects.filter(name=name).exists():
        raise ValidationError({"name": _("A policy with this name already exists.")})
    policy = DeadlinePolicy.objects.create(
        name=name,
        effective_from=effective_from,
        dormancy_working_days=copy_from.dormancy_working_days,
        acknowledgement_working_days=copy_from.acknowledgement_working_days,
        level_2_after_working_days=copy_from.level_2_after_working_days,
        level_3_after_working_days=copy_from.level_3_after_working_days,
        delay_explanation_working_days=copy_from.delay_explanation_working_days,
        review_working_days=copy_from.review_working_days,
        appeal_working_days=copy_from.appeal_working_days,
    )
    MeasureDeadlineRule.objects.bulk_create(
        MeasureDeadlineRule(
            policy=policy,
            measure_type=r.measure_type,
            decision_working_days=r.decision_working_days,
            implementation_working_days=r.implementation_working_days,
        )
        for r in copy_from.measure_rules.all()
    )
    StageDeadlineRule.objects.bulk_create(
        StageDeadlineRule(policy=policy, stage=r.stage, basis=r.basis, working_days=r.working_days)
        for r in copy_from.stage_rules.all()
    )
    _audit(
        "policy.create",
        subject="policy created",
        policy=policy,
        before={"copied_from": copy_from.pk},
        after={"name": name, "effective_from": effective_from.isoformat()},
        acting_user=acting_user,
        at=at,
    )
    return policy


def _recompute_from(day: dt.date) -> tuple[int, int]:
    """Recompute the open deadlines a closure on `day` can move: those due on or after that day."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=institution_tz())
    counts = refresh_due_dates(RefreshScope(since=start))
    return counts["measures"], counts["cases"]


@audited
def do_save_closure_day(
    closure: ClosureDay, *, date: dt.date, reason: str, acting_user: User | None, at: dt.datetime
) -> ClosureDay:
    """Enter (or move, or rename) a day the institution is closed and recompute the open deadlines it moves.

    Raises ValidationError (`date`, `reason`).
    """
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the institution is closed that day.")})
    if ClosureDay.objects.filter(date=date).exclude(pk=closure.pk).exists():
        raise ValidationError({"date": _("That day is already entered as a closure day.")})
    before: Mapping[str, Any] = {}
    if closure.pk is not None:
        old = ClosureDay.objects.select_for_update().get(pk=closure.pk)
        before = {"date": old.date.isoformat(), "reason": old.reason}
    closure.date = date
    closure.reason = reason.strip()
    closure.save()
    earliest = min(date, dt.date.fromisoformat(before["date"])) if before else date
    measures, cases = _recompute_from(earliest)
    _audit(
        "calendar.closure_save",
        subject="closure day",
        policy=None,
        before=before,
        after={"date": date.isoformat(), "reason": closure.reason},
        acting_user=acting_user,
        at=at,
        measures=measures,
        cases=cases,
    )
    return closure


@audited
def do_delete_closure_day(closure: ClosureDay, *, acting_user: User | None, at: dt.datetime) -> PolicyChange:
    """Remove a closure day (it becomes a working day again) and recompute the open deadlines it moves."""
    day, reason = closure.date, closure.reason
    closure.delete()
    measures, cases = _recompute_from(day)
    return _audit(
        "calendar.closure_delete",
        subject="closure day removed",
        policy=None,
        before={"date": day.isoformat(), "reason": reason},
        after={},
        acting_user=acting_user,
        at=at,
        measures=measures,
        cases=cases,
    )
