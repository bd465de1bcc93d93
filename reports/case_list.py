"""The case list a reviewer sees: reference, received date, stage, open flags, days open, longest gap.

No names, summaries, allegation descriptions or anything else a person wrote: only what says how the
case was handled. A page of rows costs three queries, whatever its length.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from casemgr.vocabulary import FINAL_STAGES
from cases.models import Case
from deadlines.calendar import local_date
from oversight.models import Flag
from reports.deadline_history import longest_gaps, period_scope


@dataclass(frozen=True)
class ReviewRow:
    public_id: str
    reference: str
    received: dt.date
    stage: str
    stage_label: str
    flags: list[str]
    days_open: int
    longest_gap: int | None


def review_cases(*, first: dt.date | None, last: dt.date | None, stage: str = "") -> QuerySet[Case]:
    """Every case (a reviewer's list is not limited to assignments), newest first, optionally by period and stage."""
    cases = Case.objects.only("id", "public_id", "reference", "received_at", "stage", "stage_entered_at")
    if first is not None and last is not None:
        params = period_scope(first, last).params
        cases = cases.filter(received_at__gte=params["received_from"], received_at__lt=params["received_before"])
    if stage:
        cases = cases.filter(stage=stage)
    return cases.order_by("-received_at", "-id")


def review_rows(cases: list[Case], *, now: dt.datetime) -> list[ReviewRow]:
    """The shown rows of a page of cases: open flag kinds and the longest gap read for all of them at once."""
    ids = [c.pk for c in cases]
    flags: dict[int, list[str]] = {}
    for case_id, kind in Flag.objects.filter(case_id__in=ids, closed_at__isnull=True).values_list("case_id", "kind"):
        flags.setdefault(case_id, []).append(kind)
    first_day = min((local_date(c.received_at) for c in cases), default=local_date(now))
    gaps = longest_gaps(ids, first_day, as_of=now)
    rows = []
    for case in cases:
        ended = case.stage_entered_at if case.stage in FINAL_STAGES else now
        rows.append(
            ReviewRow(
                public_id=str(case.public_id),
                reference=case.reference,
                received=local_date(case.received_at),
                stage=case.stage,
                stage_label=str(case.get_stage_display()),
                flags=sorted(set(flags.get(case.pk, []))),
                days_open=max(0, (local_date(ended) - local_date(case.received_at)).days),
                longest_gap=gaps.get(case.pk),
            )
        )
    return rows
