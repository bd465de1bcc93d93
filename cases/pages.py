"""What the officer pages read: the case list and everything shown on one case page, in few queries.

Callers have already authorised the user (cases.access); these functions only read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any, overload

from django.db.models import Exists, F, FilteredRelation, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from casemgr.vocabulary import Stage
from cases.access import cases_for_panel_member
from cases.deadlines import current_stage_deadline
from cases.models import (
    Allegation,
    Appeal,
    Case,
    CaseAssignment,
    CaseEvent,
    CasePause,
    ComplainantRequest,
    EventType,
    ExternalProceeding,
    Outcome,
    Party,
    PartyRole,
    RequestDecision,
    Sanction,
    SanctionType,
)
from cases.selectors import CountedBy, find_cases, own_assignments
from cases.workflow import STAGES_ALLOWING_OUTCOME, allowed_next_stages
from deadlines.calendar import WorkingCalendar
from deadlines.models import DeadlinePolicy
from deadlines.policy import Deadline, dormancy_deadline, request_decision_deadline
from oversight.models import Flag

# The people the case is about come first.
ROLE_ORDER = [PartyRole.COMPLAINANT, PartyRole.AFFECTED_PERSON, PartyRole.RESPONDENT, PartyRole.WITNESS]
BUNDLE_EVENT_TYPES = [EventType.STAGE, EventType.DECISION]


SORTS = {
    # Worst open flag first (level, then working days overdue); cases without a flag after, by deadline.
    "urgency": (
        F("worst_level").desc(nulls_last=True),
        F("most_overdue").desc(nulls_last=True),
        F("stage_due_at").asc(nulls_last=True),
        "-id",
    ),
    "due": (F("stage_due_at").asc(nulls_last=True), "-id"),
    "received": ("-received_at", "-id"),
}


def case_list(
    user: User,
    *,
    mine: bool,
    stage: str,
    reference: str,
    conduct: str = "",
    officer_id: int | None = None,
    min_level: int | None = None,
    sort: str = "urgency",
) -> QuerySet[Case] | UrgencyOrder | CountedBy:
    """The cases `user` may open, filtered and ordered (SORTS; by urgency through `UrgencyOrder`, with
    `min_level` only the cases with an open flag of that level or higher). The outcome markers are read
    for the shown page's rows only (`outcome_markers`): in the ordering query they were a hash of every
    sanction in the system."""
    cases = find_cases(user, mine=mine, stage=stage, reference=reference, conduct=conduct, officer_id=officer_id)
    filtered = bool(stage or reference.strip() or conduct or officer_id is not None or min_level)
    counter = None if filtered else own_assignments(user, mine=mine)
    if sort not in SORTS or sort == "urgency":
        flags = Flag.objects.filter(case__in=cases.values("pk"), closed_at__isnull=True).order_by()
        if flags[: FEW_FLAGS + 1].count() > FEW_FLAGS:  # unordered: the count stops at the limit
            joined = _joined_urgency(cases, min_level=min_level)
            return joined if counter is None else CountedBy(joined, counter)
        return UrgencyOrder(cases, min_level=min_level, counter=counter)
    if min_level:
        return UrgencyOrder(cases, min_level=min_level).sorted_by(sort)
    ordered = cases.select_related("team").order_by(*SORTS[sort])
    return ordered if counter is None else CountedBy(ordered, counter)


# Up to this many open flags on the listed cases the urgency order sorts the flagged ones in Python
# (`UrgencyOrder`); beyond, one statement joins every open flag (`_joined_urgency`). At 100,000 cases:
# without flags 15-20 ms against 37-97 ms; with 56,000 open flags 137-284 ms against 54-174 ms.
FEW_FLAGS = 2000


def _joined_urgency(cases: QuerySet[Case], *, min_level: int | None) -> QuerySet[Case]:
    """The urgency order in one statement, every open flag joined and each case's worst taken: what a
    long backlog of open flags (a first sweep after years of imported cases) needs."""
    joined = cases.select_related("team").annotate(
        open_flag=FilteredRelation("flags", condition=Q(flags__closed_at__isnull=True)),
        worst_level=Max("open_flag__level"),
        most_overdue=Max("open_flag__overdue_working_days"),
    )
    if min_level:
        joined = joined.filter(worst_level__gte=min_level)
    return joined.order_by(*SORTS["urgency"])


class UrgencyOrder:
    """`cases` in the order SORTS["urgency"] gives, as a sequence the paginator counts and slices: those
    with an open flag first, by worst level, then most working days overdue, then stage deadline; then
    the others by stage deadline (none last); newest first among equals.

    The flagged cases are few, and read from the open flags with their worst level and days overdue;
    the others are one indexed query per page. Two correlated subqueries on each of the user's cases
    did the same in one statement, but a supervisor's team may hold 100,000 cases: 172 ms of her home
    page, where this takes a few (docs/benchmarks.md, "Scale")."""

    def __init__(
        self, cases: QuerySet[Case], *, min_level: int | None = None, counter: QuerySet[Any] | None = None
    ) -> None:
        """`counter`: a cheaper query with as many rows as `cases` (cases.selectors.own_assignments)."""
        self.cases = cases.select_related("team")
        self.counter = counter
        self.min_level = min_level
        # One row per flagged case, with its stage deadline (grouped with it: no list of ids goes back).
        worst = (
            Flag.objects.filter(case__in=cases.values("pk"), closed_at__isnull=True)
            .values("case_id", "case__stage_due_at")
            .annotate(level=Max("level"), overdue=Max("overdue_working_days"))
        )
        if min_level:
            worst = worst.filter(level__gte=min_level)
        keys = {row["case_id"]: (row["level"], row["overdue"], row["case__stage_due_at"]) for row in worst}
        self.flagged = sorted(keys, key=lambda pk: _urgency_key(pk, *keys[pk]))
        self.only_flagged = bool(min_level)
        self._count: int | None = None

    def sorted_by(self, sort: str) -> QuerySet[Case]:
        """The flagged cases (with `min_level`: of that level or higher) in another of SORTS' orders."""
        raised = Flag.objects.filter(case=OuterRef("pk"), closed_at__isnull=True, level__gte=self.min_level or 1)
        return self.cases.filter(Exists(raised)).order_by(*SORTS[sort])

    def count(self) -> int:
        if self._count is None:
            if self.only_flagged:
                self._count = len(self.flagged)
            else:
                self._count = (self.counter if self.counter is not None else self.cases).count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[Case]:
        return iter(self[0 : self.count()])

    @overload
    def __getitem__(self, index: int) -> Case: ...

    @overload
    def __getitem__(self, index: slice) -> list[Case]: ...

    def __getitem__(self, index: int | slice) -> Case | list[Case]:
        if isinstance(index, int):
            found = self[index : index + 1]
            if not found:
                raise IndexError(index)
            return found[0]
        start, stop, _step = index.indices(self.count())
        shown = self.flagged[start:stop]
        rows = self.cases.in_bulk(shown)
        page = [rows[pk] for pk in shown if pk in rows]
        if not self.only_flagged and stop > len(self.flagged):
            unflagged = self.cases.exclude(
                Exists(Flag.objects.filter(case=OuterRef("pk"), closed_at__isnull=True))
            ).order_by(F("stage_due_at").asc(nulls_last=True), "-id")
            skip = max(0, start - len(self.flagged))
            page += list(unflagged[skip : skip + (stop - max(start, len(self.flagged)))])
        return page


def _urgency_key(
    pk: int, level: int, overdue: int | None, due: dt.datetime | None
) -> tuple[int, bool, int, bool, dt.datetime, int]:
    # SORTS["urgency"]: level down, days overdue down (none last), stage deadline up (none last), id down.
    return (-level, overdue is None, -(overdue or 0), due is None, due or dt.datetime.min.replace(tzinfo=dt.UTC), -pk)


def hearing_bundles(user: User) -> QuerySet[Case]:
    return cases_for_panel_member(user).order_by("-received_at", "-id")


@dataclass(frozen=True)
class PartyGroup:
    role: str
    label: str
    parties: list[Party]


@dataclass(frozen=True)
class RequestRow:
    """A complainant's request with the deadline of its decision and when it was first decided."""

    request: ComplainantRequest
    deadline: Deadline
    decided_at: dt.datetime | None


@dataclass(frozen=True)
class CasePage:
    case: Case
    stage_label: str
    allegations: list[Allegation]
    party_groups: list[PartyGroup]
    # Identified affected people not yet told about the case: the gap the domain says must be visible.
    affected_not_informed: int
    affected_without_support: int
    officers: list[CaseAssignment]
    panel: list[CaseAssignment]
    requests: list[RequestRow]
    proceedings: list[ExternalProceeding]
    pauses: list[CasePause]
    open_pause: CasePause | None
    outcomes: list[Outcome]
    events: list[CaseEvent]
    stage_deadline: Deadline | None
    dormancy_deadline: Deadline | None
    next_stages: list[tuple[str, str]]

    @property
    def includes_statutory_sanction(self) -> bool:
        return any(outcome.includes_statutory_sanction for outcome in self.outcomes)

    @property
    def offers_outcome(self) -> bool:
        """Whether the page offers "Record outcome": in a stage that allows one, and not on a case already
        decided (an appeal brings the case back to a stage that allows a new outcome)."""
        if self.case.stage not in STAGES_ALLOWING_OUTCOME:
            return False
        return not (self.case.stage == Stage.DECIDED and self.outcomes)

    @property
    def open_conditions(self) -> list[Sanction]:
        return [s for o in self.outcomes for s in o.sanctions.all() if s.due_at and not s.complied_at]

    @property
    def open_appeals(self) -> list[Appeal]:
        return [a for o in self.outcomes for a in o.appeals.all() if a.decided_at is None]


def _outcomes(case: Case) -> list[Outcome]:
    return list(
        Outcome.objects.filter(case=case)
        .select_related("decided_by")
        .prefetch_related(
            Prefetch("sanctions", queryset=Sanction.objects.select_related("type")),
            Prefetch("appeals", queryset=Appeal.objects.select_related("lodged_by__person")),
        )
    )


def _request_row(request: ComplainantRequest, *, calendar: WorkingCalendar, policy: DeadlinePolicy) -> RequestRow:
    decisions = list(request.decisions.all())  # prefetched
    return RequestRow(
        request=request,
        deadline=request_decision_deadline(calendar, policy, request.requested_at),
        decided_at=min((d.decided_at for d in decisions), default=None),
    )


def _party_groups(parties: list[Party]) -> list[PartyGroup]:
    return [
        PartyGroup(role=role.value, label=str(role.label), parties=[p for p in parties if p.role == role])
        for role in ROLE_ORDER
    ]


def case_page(case: Case, *, calendar: WorkingCalendar | None = None) -> CasePage:
    """Everything the case page shows. A bounded number of queries, whatever the size of the case."""
    calendar = calendar or WorkingCalendar.load()
    parties = list(Party.objects.filter(case=case).select_related("person"))
    affected = [p for p in parties if p.role == PartyRole.AFFECTED_PERSON]
    assignments = list(CaseAssignment.objects.filter(case=case).select_related("user").order_by("assigned_at", "id"))
    pauses = list(CasePause.objects.filter(case=case).select_related("paused_by"))
    open_pause = next((p for p in pauses if p.resumed_at is None), None)
    stage_due, dormant_due = None, None
    # While paused, the stored deadlines are the review date (cases.deadlines); no policy basis applies.
    if case.is_open and open_pause is None:
        stage_due = current_stage_deadline(case, calendar)
        dormant_due = dormancy_deadline(calendar, case.policy, case.last_activity_at)
    requests = (
        ComplainantRequest.objects.filter(case=case)
        .select_related("party__person")
        .prefetch_related(Prefetch("decisions", queryset=RequestDecision.objects.select_related("decided_by")))
    )
    return CasePage(
        case=case,
        stage_label=str(Stage(case.stage).label),
        allegations=list(Allegation.objects.filter(case=case)),
        party_groups=_party_groups(parties),
        affected_not_informed=sum(1 for p in affected if p.informed_at is None),
        affected_without_support=sum(1 for p in affected if p.support_offered_at is None),
        officers=[a for a in assignments if a.capacity == CaseAssignment.Capacity.OFFICER],
        panel=[a for a in assignments if a.capacity == CaseAssignment.Capacity.PANEL],
        requests=[_request_row(r, calendar=calendar, policy=case.policy) for r in requests],
        proceedings=list(ExternalProceeding.objects.filter(case=case)),
        pauses=pauses,
        open_pause=open_pause,
        outcomes=_outcomes(case),
        events=list(CaseEvent.objects.filter(case=case).select_related("actor").order_by("at", "id")),
        stage_deadline=stage_due,
        dormancy_deadline=dormant_due,
        next_stages=[(s, str(Stage(s).label)) for s in allowed_next_stages(case.stage)],
    )


@dataclass(frozen=True)
class BundlePage:
    case: Case
    stage_label: str
    allegations: list[Allegation]
    role_counts: list[tuple[str, int]]
    outcomes: list[Outcome]
    events: list[CaseEvent]

    @property
    def includes_statutory_sanction(self) -> bool:
        return any(outcome.includes_statutory_sanction for outcome in self.outcomes)


def bundle_page(case: Case) -> BundlePage:
    """The hearing bundle: allegations, stage, outcomes and stage/decision events; people only as roles."""
    roles = list(Party.objects.filter(case=case).values_list("role", flat=True))
    return BundlePage(
        case=case,
        stage_label=str(Stage(case.stage).label),
        allegations=list(Allegation.objects.filter(case=case)),
        role_counts=[(str(role.label), roles.count(role.value)) for role in ROLE_ORDER if role.value in roles],
        outcomes=_outcomes(case),
        events=list(CaseEvent.objects.filter(case=case, type__in=BUNDLE_EVENT_TYPES).order_by("at", "id")),
    )


@dataclass(frozen=True)
class OutcomeMarker:
    """Whether the case has an outcome and whether any outcome includes a statutory sanction."""

    has_outcome: bool
    statutory: bool


def outcome_markers(case_ids: Collection[int]) -> dict[int, OutcomeMarker]:
    """The marker of each of these cases, in one query (callers have authorised the user for them)."""
    rows = (
        Case.objects.filter(pk__in=case_ids)
        .annotate(
            has_outcome=Exists(Outcome.objects.filter(case=OuterRef("pk"))),
            statutory=Exists(Sanction.objects.filter(outcome__case=OuterRef("pk"), type__statutory=True)),
        )
        .values_list("pk", "has_outcome", "statutory")
    )
    return {pk: OutcomeMarker(has_outcome=has_outcome, statutory=statutory) for pk, has_outcome, statutory in rows}


def outcome_marker(case: Case) -> OutcomeMarker:
    return outcome_markers([case.pk])[case.pk]


def sanction_choices() -> list[tuple[str, str]]:
    """The active catalogue as form choices, each label saying plainly whether it is a statutory sanction.

    A catalogue name that already says so (the shipped "Warning letter (not a statutory sanction)") is
    shown as it is, not with the words twice.
    """
    choices = []
    for kind in SanctionType.objects.filter(active=True):
        if kind.statutory:
            label = _("%(name)s (statutory sanction)") % {"name": kind.name}
            marker = _("(statutory sanction)")
        else:
            label = _("%(name)s (not a statutory sanction)") % {"name": kind.name}
            marker = _("(not a statutory sanction)")
        says_already = marker.strip("()（）").casefold() in str(kind.name).casefold() or "法定處分" in str(kind.name)
        choices.append((kind.code, str(kind.name) if says_already else label))
    return choices
