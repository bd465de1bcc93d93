"""Reads behind the API: the case list and the whole case, each in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from accounts.models import User
from cases.models import (
    Appeal,
    Case,
    CaseAssignment,
    CaseEvent,
    ComplainantRequest,
    Outcome,
    Party,
    RequestDecision,
    Sanction,
)
from cases.selectors import CountedBy, find_cases, own_assignments


def officer_assignments(*, only: tuple[str, ...] = ()) -> Prefetch[str, QuerySet[CaseAssignment], str]:
    """Each case's officer assignments with their users, as `officer_assignments`; with `only`, just those
    columns (the list shows the officers' usernames, the detail more)."""
    rows = (
        CaseAssignment.objects.filter(capacity=CaseAssignment.Capacity.OFFICER)
        .select_related("user")
        .order_by("assigned_at", "id")
    )
    return Prefetch("assignments", queryset=rows.only(*only) if only else rows, to_attr="officer_assignments")


# What a row of the list shows (cases.api.serializers.case.CaseSummaryOutputSerializer), so that each of
# its 50 rows does not carry the summary and the other columns only the whole case shows.
SUMMARY_COLUMNS = (
    "public_id",
    "reference",
    "received_at",
    "stage",
    "stage_due_at",
    "dormant_due_at",
    "last_activity_at",
)


def case_list(
    user: User, *, stage: str | None = None, reference: str | None = None, mine: bool = False
) -> QuerySet[Case] | CountedBy:
    """The cases `user` may see, newest first, filtered as on the officer pages (cases.selectors.find_cases);
    an officer's own list counted from her assignments (cases.selectors.own_assignments)."""
    cases = find_cases(user, mine=mine, stage=stage or "", reference=reference or "")
    rows = (
        cases.only(*SUMMARY_COLUMNS)
        .prefetch_related(officer_assignments(only=("case_id", "user__username")))
        .order_by("-received_at", "-id")
    )
    counter = None if stage or (reference or "").strip() else own_assignments(user, mine=mine)
    return rows if counter is None else CountedBy(rows, counter)


def load_case_detail(case: Case) -> Case:
    """Prefetch everything the case detail shows onto an already authorised `case`."""
    prefetch_related_objects(
        [case],
        "allegations",
        Prefetch("parties", queryset=Party.objects.select_related("person")),
        officer_assignments(),
        Prefetch(
            "requests",
            queryset=ComplainantRequest.objects.prefetch_related(
                Prefetch("decisions", queryset=RequestDecision.objects.select_related("decided_by"))
            ),
        ),
        "proceedings",
        "pauses",
        Prefetch(
            "outcomes",
            queryset=Outcome.objects.select_related("decided_by").prefetch_related(
                Prefetch("sanctions", queryset=Sanction.objects.select_related("type")),
                Prefetch("appeals", queryset=Appeal.objects.all()),
            ),
        ),
    )
    return case


def case_timeline(case: Case) -> QuerySet[CaseEvent]:
    """The chronology of an already authorised `case`, oldest first."""
    return CaseEvent.objects.filter(case=case).select_related("actor").order_by("at", "id")
