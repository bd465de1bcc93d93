"""Computing each deadline from the policy: the one place where a due date is worked out.

Every function takes the calendar and the moment it counts from, so callers and tests control time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from deadlines.calendar import WorkingCalendar, local_date, working_days_after_moment
from deadlines.models import DeadlinePolicy, MeasureDeadlineRule, StageDeadlineRule


class PolicyRuleMissing(LookupError):
    """The deadline policy has no rule for what was asked (a configuration gap, not bad input)."""


@dataclass(frozen=True)
class Deadline:
    """A due time and what it was counted from, so that a person can check it."""

    due_at: dt.datetime
    counted_from: dt.datetime
    working_days: int
    skipped: tuple[tuple[dt.date, str], ...]

    def basis(self, counted_from_what: str | None = None) -> str:
        """E.g. "5 working days after the request of 2025-04-15; not counted: 2025-04-18 (Good Friday)".

        `counted_from_what` is a translated phrase naming the moment counted from ("the request").
        """
        start = local_date(self.counted_from)
        values = {"days": self.working_days, "date": start.strftime("%Y-%m-%d"), "what": counted_from_what}
        if counted_from_what:
            text = _("%(days)s working days after %(what)s of %(date)s") % values
        else:
            text = _("%(days)s working days after %(date)s") % values
        if self.skipped:
            days = ", ".join(f"{day:%Y-%m-%d} ({name})" for day, name in self.skipped)
            text += "; " + _("not counted: %(days)s") % {"days": days}
        return text


def count_deadline(calendar: WorkingCalendar, counted_from: dt.datetime, working_days: int) -> Deadline:
    due_at = working_days_after_moment(calendar, counted_from, working_days)
    skipped = calendar.skipped_weekdays(local_date(counted_from), due_at.date())
    return Deadline(due_at=due_at, counted_from=counted_from, working_days=working_days, skipped=tuple(skipped))


def policy_in_force(received_at: dt.datetime) -> DeadlinePolicy:
    """The policy version in force on the day a complaint was received (the oldest if none yet was)."""
    policy = (
        DeadlinePolicy.objects.filter(effective_from__lte=local_date(received_at)).order_by("-effective_from").first()
    )
    if policy is None:
        policy = DeadlinePolicy.objects.order_by("effective_from").first()
    if policy is None:
        raise PolicyRuleMissing("no deadline policy is configured")
    return policy


def measure_rule(policy: DeadlinePolicy, measure_type: str) -> MeasureDeadlineRule:
    rule = MeasureDeadlineRule.objects.filter(policy=policy, measure_type=measure_type).first()
    if rule is None:
        raise PolicyRuleMissing(f"policy {policy} has no rule for measure type {measure_type}")
    return rule


def measure_decision_deadline(
    calendar: WorkingCalendar, rule: MeasureDeadlineRule, requested_at: dt.datetime
) -> Deadline:
    return count_deadline(calendar, requested_at, rule.decision_working_days)


def measure_implementation_deadline(
    calendar: WorkingCalendar, rule: MeasureDeadlineRule, requested_at: dt.datetime
) -> Deadline:
    return count_deadline(calendar, requested_at, rule.implementation_working_days)


def stage_deadline(
    calendar: WorkingCalendar,
    policy: DeadlinePolicy,
    *,
    stage: str,
    received_at: dt.datetime,
    stage_entered_at: dt.datetime,
) -> Deadline | None:
    """When the case must leave `stage`, or None if the policy sets no limit for it."""
    rule = StageDeadlineRule.objects.filter(policy=policy, stage=stage).first()
    if rule is None:
        return None
    return stage_rule_deadline(calendar, rule, received_at=received_at, stage_entered_at=stage_entered_at)


def stage_rule_deadline(
    calendar: WorkingCalendar, rule: StageDeadlineRule, *, received_at: dt.datetime, stage_entered_at: dt.datetime
) -> Deadline:
    """When a case must leave the stage of `rule` (for callers that already hold the rule, e.g. bulk updates)."""
    start = received_at if rule.basis == StageDeadlineRule.Basis.RECEIVED else stage_entered_at
    return count_deadline(calendar, start, rule.working_days)


def dormancy_deadline(calendar: WorkingCalendar, policy: DeadlinePolicy, last_activity_at: dt.datetime) -> Deadline:
    return count_deadline(calendar, last_activity_at, policy.dormancy_working_days)


def escalation_level(policy: DeadlinePolicy, overdue_working_days: int) -> int:
    if overdue_working_days >= policy.level_3_after_working_days:
        return 3
    if overdue_working_days >= policy.level_2_after_working_days:
        return 2
    return 1


def acknowledgement_deadline(calendar: WorkingCalendar, policy: DeadlinePolicy, received_at: dt.datetime) -> Deadline:
    """When an online report must be acknowledged (intake): the policy's working days after its receipt."""
    return count_deadline(calendar, received_at, policy.acknowledgement_working_days)


def delay_explanation_deadline(calendar: WorkingCalendar, policy: DeadlinePolicy, told_at: dt.datetime) -> Deadline:
    """When the officer must have written the reason for a delay the complainant was told of at `told_at`."""
    return count_deadline(calendar, told_at, policy.delay_explanation_working_days)


def review_deadline(calendar: WorkingCalendar, policy: DeadlinePolicy, asked_at: dt.datetime) -> Deadline:
    return count_deadline(calendar, asked_at, policy.review_working_days)


def appeal_deadline(calendar: WorkingCalendar, policy: DeadlinePolicy, decided_at: dt.datetime) -> Deadline:
    """The last moment a party may appeal an outcome decided at `decided_at`."""
    return count_deadline(calendar, decided_at, policy.appeal_working_days)
