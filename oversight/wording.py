"""Timeline text for flags, around the words each kind gives its step (oversight.kinds `describe`)."""

from __future__ import annotations

from django.utils.translation import gettext as _


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
