"""The demo cases, built through the same actions as the web pages so every row has its timeline.

Each case is built in its own transaction and only when its reference is not taken, so seeding twice
changes nothing and an interrupted run leaves no half-built case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from accommodations.actions import do_decide_measure, do_implement_measure, do_request_measure
from accounts.models import User
from casemgr.vocabulary import MeasureDecision, MeasureType, Stage
from cases.actions.case import AllegationInput, do_assign_officer, do_create_case, do_record_event
from cases.actions.outcome import SanctionInput, do_record_outcome
from cases.actions.panel import do_assign_panel_member
from cases.actions.parties import do_add_party
from cases.actions.proceedings import do_record_proceeding
from cases.actions.requests import do_record_request
from cases.models import Case, ComplainantRequest, EventType, ExternalProceeding, PartyRole
from cases.workflow import do_change_stage
from deadlines.calendar import WorkingCalendar
from demo.data.clock import working_days_ago
from portal.actions import do_release_notice, do_send_message


@dataclass(frozen=True)
class DemoContext:
    users: dict[str, User]
    calendar: WorkingCalendar
    now: dt.datetime

    def ago(self, days: int, hour: int = 10) -> dt.datetime:
        return working_days_ago(self.calendar, now=self.now, days=days, hour=hour)


def seed_demo_cases(*, users: dict[str, User], now: dt.datetime) -> list[str]:
    """Create the demo cases that do not exist yet; returns the references created."""
    context = DemoContext(users=users, calendar=WorkingCalendar.load(), now=now)
    created = []
    for reference, build in BUILDERS:
        with transaction.atomic():
            if Case.objects.filter(reference=reference).exists():
                continue
            build(context, reference)
            created.append(reference)
    return created


def _folders_case(c: DemoContext, reference: str) -> None:
    """Like the case that prompted the project: many affected people, stuck in assessment, a separation
    request approved but not carried out while the two still share a tutorial."""
    officer = c.users["officer.chan"]
    received = c.ago(22)
    case = do_create_case(
        reference=reference,
        received_at=received,
        summary="Demo: a classmate found folders of AI-generated intimate images of fellow students.",
        allegations=[
            AllegationInput(conduct="creation", synthetic=True, description="Demo: images made from social media."),
            AllegationInput(conduct="possession", synthetic=True, description="Demo: kept in one folder per person."),
        ],
        acting_user=officer,
        at=received,
    )
    do_assign_officer(case, officer=officer, acting_user=c.users["supervisor.lee"], at=received)
    parties = {
        person_id: do_add_party(case, person=c.users[person_id], role=role, acting_user=officer, at=received)
        for person_id, role in (
            ("9990000101", PartyRole.COMPLAINANT),
            ("9990000102", PartyRole.COMPLAINANT),
            ("9990000103", PartyRole.AFFECTED_PERSON),
            ("9990000199", PartyRole.RESPONDENT),
        )
    }
    do_change_stage(
        case, to=Stage.PRELIMINARY_ASSESSMENT, reason="Demo: assessment started.", acting_user=officer, at=c.ago(21)
    )
    for kind, details in (
        (ComplainantRequest.Kind.COMMITTEE_HEARING, "Demo: asks for a disciplinary committee hearing."),
        (ComplainantRequest.Kind.CLASS_ADJUSTMENT, "Demo: asks not to share a tutorial with the respondent."),
    ):
        do_record_request(
            parties["9990000101"], kind=kind, details=details, requested_at=c.ago(20), acting_user=officer, at=c.ago(20)
        )
    do_record_event(
        case, type=EventType.MEETING, text="Demo: meeting with two complainants.", acting_user=officer, at=c.ago(12)
    )
    # Approved but never carried out: the tutorial they share keeps meeting (see the demo timetable).
    separation = do_request_measure(
        case,
        type=MeasureType.CLASS_SEPARATION,
        requested_by=c.users["9990000101"],
        against=c.users["9990000199"],
        requested_at=c.ago(9),
        details="Demo: asks to be moved out of the respondent's tutorial group.",
        recorded_by=officer,
        at=c.ago(9),
    )
    do_decide_measure(separation, decision=MeasureDecision.APPROVED, reasons="", acting_user=officer, at=c.ago(8))
    do_request_measure(
        case,
        type=MeasureType.TUTOR_NOTIFICATION,
        requested_by=c.users["9990000102"],
        against=None,
        requested_at=c.ago(7),
        details="Demo: asks that her tutors be told she may miss classes.",
        recorded_by=officer,
        at=c.ago(7),
    )
    do_record_proceeding(
        case,
        body=ExternalProceeding.Body.PRIVACY_COMMISSIONER,
        complainant_consent=True,
        reported_at=c.ago(6),
        reference_number="DEMO-PC-001",
        status=ExternalProceeding.Status.UNDER_INVESTIGATION,
        acting_user=officer,
        at=c.ago(6),
    )
    # The parties' pages: a thread with the first complainant, and the notice released to the respondent.
    do_send_message(
        parties["9990000101"],
        text="Demo: I still see him in the Thursday tutorial. Has anything been arranged?",
        author=c.users["9990000101"],
        at=c.ago(5),
    )
    do_send_message(
        parties["9990000101"],
        text="Demo: we are arranging another tutorial group for you and will confirm this week.",
        author=officer,
        at=c.ago(4),
    )
    do_release_notice(
        case,
        text="Demo: it is alleged that you made and kept AI-generated intimate images of fellow students "
        "without their consent.",
        notice_date=c.ago(3).date(),
        hearing_at=None,
        hearing_place="",
        acting_user=officer,
        at=c.ago(3),
    )


def _new_case(c: DemoContext, reference: str) -> None:
    """A fresh complaint, on time: nothing is overdue yet."""
    officer = c.users["officer.wong"]
    received = c.ago(2)
    case = do_create_case(
        reference=reference,
        received_at=received,
        summary="Demo: an altered intimate image was shared in a group chat.",
        allegations=[AllegationInput(conduct="distribution", synthetic=True, description="Demo: one group chat.")],
        acting_user=officer,
        at=received,
    )
    do_assign_officer(case, officer=officer, acting_user=c.users["supervisor.lee"], at=received)
    for person_id, role in (("9990000201", PartyRole.COMPLAINANT), ("9990000299", PartyRole.RESPONDENT)):
        do_add_party(case, person=c.users[person_id], role=role, acting_user=officer, at=received)
    do_request_measure(
        case,
        type=MeasureType.NO_CONTACT_DIRECTIVE,
        requested_by=c.users["9990000201"],
        against=c.users["9990000299"],
        requested_at=c.ago(1),
        details="Demo: asks that the respondent be told not to contact her.",
        recorded_by=officer,
        at=c.ago(1),
    )


def _decided_case(c: DemoContext, reference: str) -> None:
    """Heard and decided; the apology that was a condition of the outcome is overdue and the case is quiet."""
    officer = c.users["officer.chan"]
    received = c.ago(70)
    case = do_create_case(
        reference=reference,
        received_at=received,
        summary="Demo: a threat to post an AI-altered intimate image unless the complainant replied.",
        allegations=[AllegationInput(conduct="threat_to_distribute", synthetic=True, description="Demo: by message.")],
        acting_user=officer,
        at=received,
    )
    do_assign_officer(case, officer=officer, acting_user=c.users["supervisor.lee"], at=received)
    do_assign_officer(case, officer=c.users["officer.wong"], acting_user=c.users["supervisor.lee"], at=c.ago(69))
    for person_id, role in (("9990000301", PartyRole.COMPLAINANT), ("9990000399", PartyRole.RESPONDENT)):
        do_add_party(case, person=c.users[person_id], role=role, acting_user=officer, at=received)
    no_contact = do_request_measure(
        case,
        type=MeasureType.NO_CONTACT_DIRECTIVE,
        requested_by=c.users["9990000301"],
        against=c.users["9990000399"],
        requested_at=c.ago(69),
        recorded_by=officer,
        at=c.ago(69),
    )
    do_decide_measure(no_contact, decision=MeasureDecision.APPROVED, reasons="", acting_user=officer, at=c.ago(68))
    do_implement_measure(
        no_contact,
        implemented_at=c.ago(67),
        note="Demo: directive issued to the respondent.",
        acting_user=officer,
        at=c.ago(67),
    )
    for days, stage in (
        (68, Stage.PRELIMINARY_ASSESSMENT),
        (60, Stage.INVESTIGATION),
        (35, Stage.REFERRED_TO_COMMITTEE),
        (25, Stage.HEARING),
    ):
        do_change_stage(case, to=stage, reason="Demo: next step.", acting_user=officer, at=c.ago(days))
        if stage == Stage.REFERRED_TO_COMMITTEE:
            do_assign_panel_member(
                case, member=c.users["panel.ho"], acting_user=c.users["supervisor.lee"], at=c.ago(days)
            )
    do_record_outcome(
        case,
        sanctions=[
            SanctionInput(type="suspension", months=6),
            SanctionInput(type="apology", due_at=c.ago(12, hour=17)),
        ],
        reasons="Demo: the committee found the allegation proved.",
        acting_user=officer,
        at=c.ago(22),
    )


BUILDERS: tuple[tuple[str, Callable[[DemoContext, str], None]], ...] = (
    ("DEMO-0001", _folders_case),
    ("DEMO-0002", _new_case),
    ("DEMO-0003", _decided_case),
)
