"""The flag kinds of interim measures (oversight.kinds): a decision overdue and an implementation overdue.
Registered in AccommodationsConfig.ready().

The step's stored due column is null once it is done or no longer applies (accommodations.deadlines), so
these queries read only the partial indexes on the open steps. A separation's flag carries the sessions
the two people still shared since the request, counted for all overdue separations in one query.
"""

from __future__ import annotations

import datetime as dt
from abc import abstractmethod
from collections.abc import Collection, Sequence
from typing import Any, ClassVar

from django.db.models import Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accommodations.deadlines import refresh_open_measure_deadlines, step_done_at
from accommodations.models import Measure, MeasureStep
from accommodations.sessions import shared_session_counts
from casemgr.vocabulary import FlagKind
from cases.flag_kinds import CaseFlagKind
from deadlines.calendar import WorkingCalendar
from oversight.kinds import CaseScope, DueStep, RefreshScope, first_due, in_cases, keys_to_ids, register
from oversight.models import Flag


def measure_key(measure_id: int) -> str:
    return f"measure:{measure_id}"


class MeasureStepKind(CaseFlagKind):
    """A step of an interim measure; the complainant who asked for it is waiting on it."""

    due_column: ClassVar[str]
    step: ClassVar[str]
    refresh_counts = "measures"

    def overdue(
        self,
        now: dt.datetime,
        *,
        only: Collection[str] | None = None,
        cases: CaseScope | None = None,
        limit: int | None = None,
        with_detail: bool = True,
    ) -> list[DueStep]:
        due = Measure.objects.filter(**{f"{self.due_column}__isnull": False, f"{self.due_column}__lt": now})
        ids = keys_to_ids("measure", only)
        if ids is not None:
            due = due.filter(pk__in=ids)
        if cases is not None:
            due = due.filter(in_cases("case_id", cases))
        rows = due.order_by("pk")
        if limit is not None:
            # The first to fall due, chosen before the joins below (run for every row otherwise).
            first = first_due(due, self.due_column, limit).values("pk")
            rows = Measure.objects.filter(pk__in=first).order_by(self.due_column, "pk")
        measures = list(
            rows.select_related("requested_by", "against", "case").only(
                "pk",
                "case_id",
                "case__policy_id",
                "type",
                "requested_at",
                "implemented_at",
                self.due_column,
                "requested_by__username",
                "against__username",
            )
        )
        shared = shared_session_counts(measures, now=now) if with_detail else {}
        return [
            DueStep(
                self.name,
                measure_key(m.pk),
                getattr(m, self.due_column),
                m.case_id,
                m.case.policy_id,
                measure_id=m.pk,
                detail={"shared_sessions_since_request": shared[m.pk]} if m.pk in shared else {},
            )
            for m in measures
        ]

    def _codes(self, flags: Sequence[Flag]) -> dict[int, str]:
        ids = {f.measure_id for f in flags if f.measure_id is not None}
        return dict(Measure.objects.filter(pk__in=ids).values_list("pk", "code"))

    def describe(self, flag: Flag) -> str:
        return self.describe_many([flag])[flag.pk]

    def describe_many(self, flags: Sequence[Flag]) -> dict[int, str]:
        codes = self._codes(flags)
        return {f.pk: self.step_words(codes.get(f.measure_id or 0, "?")) for f in flags}

    @abstractmethod
    def step_words(self, code: str) -> str:
        """The step of measure `code` in words."""

    def done(self, flags: Sequence[Flag]) -> set[int]:
        measures = Measure.objects.in_bulk({f.measure_id for f in flags if f.measure_id is not None})
        return {
            f.pk
            for f in flags
            if f.measure_id in measures and step_done_at(measures[f.measure_id], self.step) is not None
        }

    def waiting(self, flags: Sequence[Flag]) -> dict[int, set[int]]:
        requesters = dict(
            Measure.objects.filter(pk__in={f.measure_id for f in flags}).values_list("pk", "requested_by_id")
        )
        return {f.pk: {requesters[f.measure_id]} for f in flags if f.measure_id in requesters}

    def json_fields(self, flag: Flag) -> dict[str, Any]:
        assert flag.measure is not None  # every flag of these kinds is about a measure
        return {"measure": flag.measure.code}

    def refresh_due_dates(self, scope: RefreshScope) -> int:
        measures: QuerySet[Measure] = Measure.objects.all()
        if scope.policy_id is not None:
            measures = measures.filter(case__policy_id=scope.policy_id)
        if scope.since is not None:
            measures = measures.filter(Q(decision_due_at__gte=scope.since) | Q(implementation_due_at__gte=scope.since))
        if scope.subject is not None:
            what, value = scope.subject
            if what != "measure_type":
                return 0  # a stage or dormancy rule: no measure deadline depends on it
            measures = measures.filter(type=value)
        return refresh_open_measure_deadlines(measures, calendar=WorkingCalendar.load())


class MeasureDecisionOverdue(MeasureStepKind):
    name = FlagKind.MEASURE_DECISION_OVERDUE.value
    label = FlagKind.MEASURE_DECISION_OVERDUE.label
    title = _("decision on a measure overdue")
    staff_sentence = _("A decision on a requested measure is overdue.")
    waiting_overdue_sentence = _("The decision on a measure you asked for is overdue.")
    waiting_done_sentence = _("A decision has now been made on a measure you asked for.")
    due_column = "decision_due_at"
    step = MeasureStep.DECISION.value

    def step_words(self, code: str) -> str:
        return gettext("the decision on interim measure %(code)s") % {"code": code}


class MeasureImplementationOverdue(MeasureStepKind):
    name = FlagKind.MEASURE_IMPLEMENTATION_OVERDUE.value
    label = FlagKind.MEASURE_IMPLEMENTATION_OVERDUE.label
    title = _("measure not put in place in time")
    staff_sentence = _("A measure has not been put in place by its due date.")
    waiting_overdue_sentence = _("A measure you asked for has not been put in place by its due date.")
    waiting_done_sentence = _("A measure you asked for has now been put in place.")
    due_column = "implementation_due_at"
    step = MeasureStep.IMPLEMENTATION.value

    def step_words(self, code: str) -> str:
        return gettext("putting interim measure %(code)s in place") % {"code": code}


# Which step of a measure each measure kind is about.
STEP_OF_KIND = {kind.name: kind.step for kind in (MeasureDecisionOverdue, MeasureImplementationOverdue)}


def register_flag_kinds() -> None:
    for kind in (MeasureDecisionOverdue(), MeasureImplementationOverdue()):
        register(kind)
