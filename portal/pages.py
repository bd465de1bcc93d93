"""What a party's page shows, read for one party (callers fetched her through portal.access).

A complainant reads only her own requests, measures, messages, evidence and delays; never another
complainant's, never internal notes, never people who have not complained. A respondent reads nothing
of the case until the notice of allegations is released.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from accommodations.explain import StepDeadline
from accommodations.models import Measure
from accommodations.pages import MeasurePanel, measure_panels
from accommodations.sessions import counts_shared_sessions
from audit.report import staff_access_by_role
from casemgr.vocabulary import StaffRole
from cases.models import ComplainantRequest, EventType, Outcome, Party, PartyRole, RequestDecision
from deadlines.calendar import WorkingCalendar
from deadlines.models import DeadlinePolicy
from deadlines.policy import Deadline, request_decision_deadline
from evidence.models import Evidence, EvidenceSource
from oversight.models import Flag
from portal.actions import appeal_due, subjects_for_review, waited_on_flags
from portal.models import DelayExplanation, MeasureDisclosure, Message, NoticeRelease, ReviewRequest, Withdrawal
from portal.wording import RESPONDENT_RIGHTS, STAGE_MEANING, STAGE_NAME
from timetable.models import Session, TeachingGroup

MEASURE_STATUS = {
    "requested": _("Waiting for a decision"),
    "approved": _("Approved, being put in place"),
    "declined": _("Declined"),
    "implemented": _("In place"),
    "lifted": _("Ended"),
}
DELAY_WORDS = {
    "stage_overdue": _("Your case has not moved on from its current stage by the date it should have."),
    "measure_decision_overdue": _("The decision on a measure you asked for is late."),
    "measure_implementation_overdue": _("A measure you asked for has not been put in place by its date."),
}


@dataclass(frozen=True)
class Step:
    at: dt.datetime
    label: str


@dataclass(frozen=True)
class MeasureView:
    measure: Measure
    type_label: str
    status_label: str
    steps: list[StepDeadline]
    shared_count: int | None
    next_session: Session | None
    alternatives: list[TeachingGroup]

    @property
    def late(self) -> bool:
        return any(step.status == "overdue" for step in self.steps)


@dataclass(frozen=True)
class RequestView:
    """One thing she asked for, with its decision deadline while it is undecided (as the officer's page)."""

    request: ComplainantRequest
    decisions: list[RequestDecision]
    deadline: Deadline | None  # None once decided
    late: bool  # undecided past its deadline


@dataclass(frozen=True)
class Delay:
    flag: Flag
    words: str
    explanation: DelayExplanation | None


@dataclass
class ComplainantPage:
    party: Party
    stage_label: str
    meaning: str
    steps: list[Step]
    stage_due_at: dt.datetime | None
    stage_late: bool
    measures: list[MeasureView]
    requests: list[RequestView]
    delays: list[Delay]
    reviews: list[ReviewRequest]
    review_subjects: dict[str, str]
    messages: list[Message]
    evidence: list[Evidence]
    withdrawal: Withdrawal | None
    may_act: bool

    @property
    def anything_late(self) -> bool:
        return (
            self.stage_late
            or any(m.late for m in self.measures)
            or any(r.late for r in self.requests)
            or any(d.flag.closed_at is None for d in self.delays)
        )


def case_steps(party: Party) -> list[Step]:
    """The dates of the steps so far: received, and each change of stage (without its internal reason)."""
    case = party.case
    steps = [Step(case.received_at, str(_("Complaint received")))]
    for at, stage in case.events.filter(type=EventType.STAGE).values_list("at", "stage_to"):
        steps.append(Step(at, str(STAGE_NAME[stage])))
    return steps


def measure_view(panel: MeasurePanel) -> MeasureView:
    """Her view of a measure, from what the officer's panel of it reads (accommodations.pages): the same
    deadlines, shared sessions, next session and alternative groups, read for all her measures at once."""
    measure = panel.measure
    return MeasureView(
        measure=measure,
        type_label=panel.type_label,
        status_label=str(MEASURE_STATUS.get(measure.status, measure.status)),
        steps=panel.steps,
        shared_count=len(panel.shared_sessions) if counts_shared_sessions(measure) else None,
        next_session=panel.upcoming[0] if panel.upcoming else None,
        alternatives=[group for course in panel.alternatives for group in course.groups],
    )


def request_view(
    request: ComplainantRequest, *, policy: DeadlinePolicy, calendar: WorkingCalendar, now: dt.datetime
) -> RequestView:
    decisions = list(request.decisions.all())  # prefetched
    deadline = None if decisions else request_decision_deadline(calendar, policy, request.requested_at)
    late = deadline is not None and deadline.due_at < now
    return RequestView(request=request, decisions=decisions, deadline=deadline, late=late)


def complainant_page(party: Party, *, calendar: WorkingCalendar, now: dt.datetime) -> ComplainantPage:
    case = party.case
    requests = list(
        ComplainantRequest.objects.filter(party=party)
        .prefetch_related("decisions__decided_by")
        .order_by("requested_at")
    )
    flags = waited_on_flags(party)
    delays = []
    for flag in flags:
        explanations = list(flag.explanations.all())
        delays.append(Delay(flag, str(DELAY_WORDS.get(flag.kind, "")), explanations[-1] if explanations else None))
    panels = measure_panels(case, calendar=calendar, now=now, requested_by=party.person)
    # In the order review_subjects reads them (RequestDecision's own), from the requests' prefetch.
    decisions = sorted((d for r in requests for d in r.decisions.all()), key=lambda d: (d.decided_at, d.pk))
    withdrawal = Withdrawal.objects.filter(party=party).first()
    return ComplainantPage(
        party=party,
        stage_label=str(STAGE_NAME[case.stage]),
        meaning=str(STAGE_MEANING.get(case.stage, "")),
        steps=case_steps(party),
        stage_due_at=case.stage_due_at,
        stage_late=case.stage_due_at is not None and case.stage_due_at < now,
        measures=[measure_view(panel) for panel in panels],
        requests=[request_view(r, policy=case.policy, calendar=calendar, now=now) for r in requests],
        delays=delays,
        reviews=list(ReviewRequest.objects.filter(party=party)),
        review_subjects=subjects_for_review([p.measure for p in panels], decisions, flags),
        messages=list(Message.objects.filter(party=party).select_related("author")),
        evidence=list(
            Evidence.objects.filter(case=case, source=EvidenceSource.COMPLAINANT, uploaded_by=party.person).order_by(
                "uploaded_at"
            )
        ),
        withdrawal=withdrawal,
        may_act=case.is_open and withdrawal is None,
    )


@dataclass
class RespondentPage:
    party: Party
    release: NoticeRelease | None
    rights: list[str] = field(default_factory=list)
    measures: list[tuple[Measure, MeasureDisclosure]] = field(default_factory=list)
    outcomes: list[tuple[Outcome, dt.datetime, bool, bool]] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    stage_label: str = ""
    meaning: str = ""
    may_act: bool = False


def respondent_page(party: Party, *, calendar: WorkingCalendar, now: dt.datetime) -> RespondentPage:
    """Nothing but an empty page until the notice is released."""
    case = party.case
    release = NoticeRelease.objects.filter(case=case).first()
    if release is None:
        return RespondentPage(party=party, release=None)
    disclosed = (
        MeasureDisclosure.objects.filter(
            measure__case=case, measure__against=party.person, measure__implemented_at__isnull=False
        )
        .filter(measure__lifted_at__isnull=True)
        .select_related("measure")
    )
    outcomes = []
    for outcome in case.outcomes.prefetch_related("sanctions__type", "appeals"):
        due = appeal_due(outcome, calendar)
        appealed = any(a.lodged_by_id == party.pk for a in outcome.appeals.all())
        outcomes.append((outcome, due, appealed, now <= due and not appealed and case.is_open))
    return RespondentPage(
        party=party,
        release=release,
        rights=[str(r) for r in RESPONDENT_RIGHTS],
        measures=[(d.measure, d) for d in disclosed],
        outcomes=outcomes,
        messages=list(Message.objects.filter(party=party).select_related("author")),
        stage_label=str(STAGE_NAME[case.stage]),
        meaning=str(STAGE_MEANING.get(case.stage, "")),
        may_act=case.is_open,
    )


def respondent_sees_case(party: Party) -> bool:
    return party.role != PartyRole.RESPONDENT or NoticeRelease.objects.filter(case=party.case).exists()


@dataclass(frozen=True)
class StaffLook:
    on: dt.date
    role_label: str
    views: int
    evidence: int


def staff_looks(party: Party) -> list[StaffLook]:
    """Who on the staff opened her case, by role and day (audit.report): never a name, never another party
    (looks by people without a staff role, the parties themselves, are not counted)."""
    return [
        StaffLook(on=a.on, role_label=str(StaffRole(a.role).label), views=a.views, evidence=a.evidence)
        for a in staff_access_by_role(party.case_id)
    ]
