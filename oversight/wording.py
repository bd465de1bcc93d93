"""Timeline text for flags: what the step is, for the people working on the case."""

from __future__ import annotations

from django.utils.translation import gettext as _

from casemgr.vocabulary import FlagKind


def step_description(kind: str, *, measure_code: str | None = None) -> str:
    if kind == FlagKind.MEASURE_DECISION_OVERDUE:
        return _("the decision on interim measure %(code)s") % {"code": measure_code or "?"}
    if kind == FlagKind.MEASURE_IMPLEMENTATION_OVERDUE:
        return _("putting interim measure %(code)s in place") % {"code": measure_code or "?"}
    if kind == FlagKind.STAGE_OVERDUE:
        return _("moving the case on from its current stage")
    if kind == FlagKind.CASE_DORMANT:
        return _("activity on the case")
    return _("compliance with a sanction or condition")


def raised_text(step: str, *, level: int, overdue_working_days: int) -> str:
    return _("Overdue: %(step)s (%(days)s working days late, level %(level)s).") % {
        "step": step,
        "days": overdue_working_days,
        "level": level,
    }


def escalated_text(step: str, *, level: int, overdue_working_days: int) -> str:
    return _("Escalated to level %(level)s: %(step)s is %(days)s working days late.") % {
        "step": step,
        "days": overdue_working_days,
        "level": level,
    }


def closed_text(step: str, *, done: bool) -> str:
    if done:
        return _("No longer overdue: %(step)s is done.") % {"step": step}
    return _("No longer overdue: %(step)s.") % {"step": step}
