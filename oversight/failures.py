"""The `sweep_failure` flag: a step the sweep could not process, for the supervisors to have repaired.

The sweep raises one per failing step (its key is the failing step's "kind:step_key"), at level 2 at once,
and closes it once a sweep processes that step again without failing. It is the project's own kind, not
part of the casemgr/1 flags.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence

from django.contrib.auth import get_user_model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import StaffRole
from oversight.kinds import CaseScope, DueStep, FlagKindSpec, HistoryEntry
from oversight.models import Flag

SWEEP_FAILURE = "sweep_failure"


def failure_step(key: str, step: DueStep | None, *, now: dt.datetime) -> DueStep:
    return DueStep(
        kind=SWEEP_FAILURE,
        step_key=key[:80],
        due_at=now,
        case_id=step.case_id if step is not None else None,
        policy_id=step.policy_id if step is not None else None,
    )


class SweepFailure(FlagKindSpec):
    name = SWEEP_FAILURE
    label = _("A step the overdue check could not process")
    title = _("overdue check failed for a step")
    staff_sentence = _(
        "The overdue check could not process a step, so it cannot raise or escalate that step's flag. "
        "Ask the system administrator to look at the log."
    )
    minimum_level = 2
    settled_by_actions = False

    def overdue(
        self,
        now: dt.datetime,
        *,
        only: Collection[str] | None = None,
        cases: CaseScope | None = None,
        limit: int | None = None,
        with_detail: bool = True,
    ) -> list[DueStep]:
        """None of its own: the sweep adds the steps that failed in this run (and none is about a case)."""
        return []

    def describe(self, flag: Flag) -> str:
        return gettext("processing step %(key)s in the overdue check") % {"key": flag.step_key}

    def record_history(self, entries: Sequence[HistoryEntry]) -> None:
        """Nothing to add: the flag itself is the record, and the log has the error."""

    def recipients(self, flags: Sequence[Flag]) -> dict[int, dict[int, set[int]]]:
        # Supervisors (of every team: the failing row may not say which) and the system administrators.
        users = get_user_model().objects.filter(is_active=True)
        supervisors = set(users.filter(groups__name=StaffRole.CASE_SUPERVISOR.value).values_list("pk", flat=True))
        admins = set(users.filter(is_superuser=True).values_list("pk", flat=True))
        return {flag.pk: {2: supervisors | admins} for flag in flags}
