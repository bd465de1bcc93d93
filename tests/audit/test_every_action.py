"""Every `do_*` action in the codebase writes exactly one audit row, with who, what and when.

The first test walks the project's modules for functions named `do_*`: a new action fails it until it
has a scenario here (or is listed, with a reason, as covered elsewhere or exempt), so none is forgotten.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError

from accommodations.actions import (
    do_decide_measure,
    do_implement_measure,
    do_lift_measure,
    do_record_no_measure_offered,
    do_request_measure,
    do_review_measure,
)
from accommodations.adjustments import do_end_adjustment, do_extend_measure_deadline, do_pause_measure_deadline
from accommodations.models import Measure
from accommodations.tutors import do_prepare_tutor_notification, do_send_tutor_notification
from accounts.models import User
from audit.models import AuditEntry
from cases.actions.case import (
    AllegationInput,
    do_add_allegation,
    do_assign_officer,
    do_create_case,
    do_record_event,
    do_unassign_officer,
)
from cases.actions.complaint import PartyInput, do_add_party_by_id, do_record_complaint
from cases.actions.outcome import (
    SanctionInput,
    do_decide_appeal,
    do_lodge_appeal,
    do_record_compliance,
    do_record_outcome,
)
from cases.actions.panel import do_assign_panel_member, do_remove_panel_member
from cases.actions.parties import do_add_party, do_record_contact
from cases.actions.proceedings import (
    do_pause_investigation,
    do_record_proceeding,
    do_resume_investigation,
    do_update_proceeding,
)
from cases.actions.requests import do_decide_request, do_record_request
from cases.models import Case, Party, PartyRole
from cases.workflow import do_change_stage
from deadlines.models import ClosureDay, MeasureDeadlineRule, StageDeadlineRule
from notifications.actions import do_set_daily_digest
from oversight.policy_changes import (
    do_create_policy,
    do_delete_closure_day,
    do_delete_stage_rule,
    do_save_closure_day,
    do_update_acknowledgement,
    do_update_dormancy,
    do_update_escalation_levels,
    do_update_measure_rule,
    do_update_stage_rule,
)
from privacy import requests as data_requests
from privacy.holds import do_lift_legal_hold, do_set_legal_hold
from reports.samples import do_draw_review_sample
from tests.conftest import hkt
from tests.timetable.helpers import write_csv
from timetable.importer import do_import_timetable

BEFORE = hkt(2025, 3, 17, 9, 0)  # when the scenario's preparations happen
AT = hkt(2025, 3, 17, 10, 0)  # when the audited action happens


@dataclass
class World:
    case: Case
    officer: User
    other_officer: User
    supervisor: User
    panel_member: User
    complainant: User
    respondent: User
    tmp_path: Path

    def party(self, person: User) -> Party:
        return Party.objects.get(case=self.case, person=person)

    def measure(self, type: str = "class_separation") -> Measure:
        return do_request_measure(
            self.case,
            type=type,
            requested_by=self.complainant,
            against=self.respondent,
            requested_at=BEFORE,
            recorded_by=self.officer,
            at=BEFORE,
        )

    def approved(self, type: str = "class_separation") -> Measure:
        return do_decide_measure(
            self.measure(type), decision="approved", reasons="", acting_user=self.officer, at=BEFORE
        )

    def outcome(self) -> Any:
        do_change_stage(self.case, to="investigation", reason="", acting_user=self.officer, at=BEFORE)
        return do_record_outcome(
            self.case,
            sanctions=[SanctionInput("reprimand"), SanctionInput("apology", due_at=hkt(2025, 4, 30))],
            reasons="Decided.",
            acting_user=self.officer,
            at=BEFORE,
        )


@dataclass(frozen=True)
class Expect:
    """The action to run (prepared), the audit action it must write, by whom, and whether it names the case."""

    run: Callable[[], object]
    action: str
    actor: User | None
    on_case: bool = True


Scenario = Callable[[World], Expect]


def _create(w: World) -> Expect:
    def run() -> Case:
        return do_create_case(
            reference="IBSA-2025-0100",
            received_at=AT,
            summary="Confidential summary",
            allegations=[],
            acting_user=w.officer,
            at=AT,
        )

    return Expect(run, "case.create", w.officer, on_case=False)


def _complaint(w: World) -> Expect:
    def run() -> Case:
        return do_record_complaint(
            reference="IBSA-2025-0101",
            received_at=AT,
            summary="Confidential summary",
            allegations=[AllegationInput("creation", synthetic=True)],
            parties=[
                PartyInput(person_id=w.complainant.username, role=PartyRole.COMPLAINANT),
                PartyInput(person_id="3035007777", role=PartyRole.AFFECTED_PERSON, name="Student C"),
            ],
            acting_user=w.officer,
            at=AT,
        )

    return Expect(run, "complaint.record", w.officer, on_case=False)


def _allegation(w: World) -> Expect:
    allegation = AllegationInput("distribution", synthetic=True)
    return Expect(
        lambda: do_add_allegation(w.case, allegation=allegation, acting_user=w.officer, at=AT),
        "allegation.add",
        w.officer,
    )


def _assign(w: World) -> Expect:
    return Expect(
        lambda: do_assign_officer(w.case, officer=w.other_officer, acting_user=w.supervisor, at=AT),
        "case.assign",
        w.supervisor,
    )


def _unassign(w: World) -> Expect:
    return Expect(
        lambda: do_unassign_officer(w.case, officer=w.officer, acting_user=w.supervisor, at=AT),
        "case.unassign",
        w.supervisor,
    )


def _event(w: World) -> Expect:
    return Expect(
        lambda: do_record_event(w.case, type="note", text="Met the complainant.", acting_user=w.officer, at=AT),
        "event.record",
        w.officer,
    )


def _party_by_id(w: World) -> Expect:
    party = PartyInput(person_id="3035008888", role=PartyRole.WITNESS, name="Student W")
    return Expect(lambda: do_add_party_by_id(w.case, party=party, acting_user=w.officer, at=AT), "party.add", w.officer)


def _party(w: World) -> Expect:
    return Expect(
        lambda: do_add_party(w.case, person=w.other_officer, role=PartyRole.WITNESS, acting_user=w.officer, at=AT),
        "party.add",
        w.officer,
    )


def _contact(w: World) -> Expect:
    party = w.party(w.complainant)
    return Expect(
        lambda: do_record_contact(party, informed_at=AT, support_offered_at=None, acting_user=w.officer, at=AT),
        "party.contact",
        w.officer,
    )


def _stage(w: World) -> Expect:
    return Expect(
        lambda: do_change_stage(w.case, to="investigation", reason="Enough to go on.", acting_user=w.officer, at=AT),
        "case.stage",
        w.officer,
    )


def _outcome(w: World) -> Expect:
    do_change_stage(w.case, to="investigation", reason="", acting_user=w.officer, at=BEFORE)
    sanctions = [SanctionInput("no_further_action")]
    return Expect(
        lambda: do_record_outcome(w.case, sanctions=sanctions, reasons="Reasons.", acting_user=w.officer, at=AT),
        "outcome.record",
        w.officer,
    )


def _compliance(w: World) -> Expect:
    sanction = w.outcome().sanctions.get(type__code="apology")
    return Expect(
        lambda: do_record_compliance(sanction, complied_at=AT, acting_user=w.officer, at=AT),
        "sanction.comply",
        w.officer,
    )


def _appeal(w: World) -> Expect:
    outcome = w.outcome()
    party = w.party(w.respondent)
    return Expect(
        lambda: do_lodge_appeal(outcome, party=party, grounds="Grounds.", acting_user=w.officer, at=AT),
        "appeal.lodge",
        w.officer,
    )


def _decide_appeal(w: World) -> Expect:
    appeal = do_lodge_appeal(
        w.outcome(), party=w.party(w.respondent), grounds="Grounds.", acting_user=w.officer, at=BEFORE
    )
    return Expect(
        lambda: do_decide_appeal(appeal, result="upheld", acting_user=w.officer, at=AT), "appeal.decide", w.officer
    )


def _panel(w: World) -> Expect:
    return Expect(
        lambda: do_assign_panel_member(w.case, member=w.panel_member, acting_user=w.supervisor, at=AT),
        "panel.assign",
        w.supervisor,
    )


def _remove_panel(w: World) -> Expect:
    do_assign_panel_member(w.case, member=w.panel_member, acting_user=w.supervisor, at=BEFORE)
    return Expect(
        lambda: do_remove_panel_member(w.case, member=w.panel_member, acting_user=w.supervisor, at=AT),
        "panel.remove",
        w.supervisor,
    )


def _proceeding(w: World) -> Expect:
    def run() -> object:
        return do_record_proceeding(
            w.case,
            body="privacy_commissioner",
            complainant_consent=True,
            reported_at=AT,
            reference_number="PCPD 1",
            status="reported",
            acting_user=w.officer,
            at=AT,
        )

    return Expect(run, "proceeding.record", w.officer)


def _update_proceeding(w: World) -> Expect:
    proceeding = do_record_proceeding(
        w.case,
        body="police",
        complainant_consent=True,
        reported_at=None,
        reference_number="",
        status="considering",
        acting_user=w.officer,
        at=BEFORE,
    )
    return Expect(
        lambda: do_update_proceeding(
            proceeding, status="reported", reference_number="RN 1", acting_user=w.officer, at=AT
        ),
        "proceeding.update",
        w.officer,
    )


def _pause(w: World) -> Expect:
    return Expect(
        lambda: do_pause_investigation(
            w.case, reason="Police asked.", review_at=hkt(2025, 4, 17), acting_user=w.officer, at=AT
        ),
        "case.pause",
        w.officer,
    )


def _resume(w: World) -> Expect:
    do_pause_investigation(w.case, reason="Police asked.", review_at=hkt(2025, 4, 17), acting_user=w.officer, at=BEFORE)
    return Expect(lambda: do_resume_investigation(w.case, acting_user=w.officer, at=AT), "case.resume", w.officer)


def _request(w: World) -> Expect:
    party = w.party(w.complainant)
    return Expect(
        lambda: do_record_request(
            party,
            kind="committee_hearing",
            details="Asked for a hearing.",
            requested_at=AT,
            acting_user=w.officer,
            at=AT,
        ),
        "request.record",
        w.officer,
    )


def _decide_request(w: World) -> Expect:
    request = do_record_request(
        w.party(w.complainant),
        kind="class_adjustment",
        details="Details.",
        requested_at=BEFORE,
        acting_user=w.officer,
        at=BEFORE,
    )
    return Expect(
        lambda: do_decide_request(request, grants="granted", reasons="Reasons.", acting_user=w.officer, at=AT),
        "request.decide",
        w.officer,
    )


def _request_measure(w: World) -> Expect:
    def run() -> Measure:
        return do_request_measure(
            w.case,
            type="no_contact_directive",
            requested_by=w.complainant,
            against=w.respondent,
            requested_at=AT,
            recorded_by=w.officer,
            at=AT,
        )

    return Expect(run, "measure.request", w.officer)


def _decide_measure(w: World) -> Expect:
    measure = w.measure()
    return Expect(
        lambda: do_decide_measure(measure, decision="approved", reasons="", acting_user=w.officer, at=AT),
        "measure.decide",
        w.officer,
    )


def _no_measure(w: World) -> Expect:
    def run() -> Measure:
        return do_record_no_measure_offered(
            w.case,
            type="housing_change",
            requested_by=w.complainant,
            against=None,
            requested_at=AT,
            reasons="Reasons: not in university housing.",
            acting_user=w.officer,
            at=AT,
        )

    return Expect(run, "measure.no_measure_offered", w.officer)


def _implement(w: World) -> Expect:
    measure = w.approved()
    return Expect(
        lambda: do_implement_measure(measure, implemented_at=AT, note="", acting_user=w.officer, at=AT),
        "measure.implement",
        w.officer,
    )


def _review(w: World) -> Expect:
    measure = do_implement_measure(w.approved(), implemented_at=BEFORE, note="", acting_user=w.officer, at=BEFORE)
    return Expect(
        lambda: do_review_measure(measure, note="Still needed.", acting_user=w.officer, at=AT),
        "measure.review",
        w.officer,
    )


def _lift(w: World) -> Expect:
    measure = w.approved()
    return Expect(
        lambda: do_lift_measure(measure, reason="No longer needed.", acting_user=w.officer, at=AT),
        "measure.lift",
        w.officer,
    )


def _tutor_message(w: World) -> Expect:
    measure = w.approved("tutor_notification")
    return Expect(
        lambda: do_prepare_tutor_notification(
            measure,
            tutor_name="Dr Tutor",
            tutor_email="tutor@uni.example",
            instruction="Please keep these two students in different tutorial groups.",
            acting_user=w.officer,
            at=AT,
        ),
        "measure.tutor_message",
        w.officer,
    )


def _send_tutor_message(w: World) -> Expect:
    measure = w.approved("tutor_notification")
    do_prepare_tutor_notification(
        measure,
        tutor_name="Dr Tutor",
        tutor_email="tutor@uni.example",
        instruction="Please keep these two students in different tutorial groups.",
        acting_user=w.officer,
        at=BEFORE,
    )
    return Expect(
        lambda: do_send_tutor_notification(measure, acting_user=w.officer, at=AT),
        "measure.tutor_message_send",
        w.officer,
    )


def _pause_deadline(w: World) -> Expect:
    measure = w.measure()
    return Expect(
        lambda: do_pause_measure_deadline(
            measure, step="decision", reason="Waiting.", review_at=hkt(2025, 3, 24), acting_user=w.officer, at=AT
        ),
        "deadline.pause",
        w.officer,
    )


def _extend_deadline(w: World) -> Expect:
    measure = w.measure()
    return Expect(
        lambda: do_extend_measure_deadline(
            measure,
            step="decision",
            reason="Waiting.",
            review_at=hkt(2025, 3, 24),
            new_due_at=hkt(2025, 3, 28),
            acting_user=w.officer,
            at=AT,
        ),
        "deadline.extend",
        w.officer,
    )


def _end_adjustment(w: World) -> Expect:
    adjustment = do_pause_measure_deadline(
        w.measure(), step="decision", reason="Waiting.", review_at=hkt(2025, 3, 24), acting_user=w.officer, at=BEFORE
    )
    return Expect(
        lambda: do_end_adjustment(adjustment, acting_user=w.officer, at=AT), "deadline.end_adjustment", w.officer
    )


def _measure_rule(w: World) -> Expect:
    rule = MeasureDeadlineRule.objects.get(policy=w.case.policy, measure_type="class_separation")
    return Expect(
        lambda: do_update_measure_rule(
            rule, decision_working_days=3, implementation_working_days=6, acting_user=w.supervisor, at=AT
        ),
        "policy.measure_rule",
        w.supervisor,
        on_case=False,
    )


def _stage_rule(w: World) -> Expect:
    rule = StageDeadlineRule.objects.get(policy=w.case.policy, stage="investigation")
    return Expect(
        lambda: do_update_stage_rule(rule, basis="entered", working_days=30, acting_user=w.supervisor, at=AT),
        "policy.stage_rule",
        w.supervisor,
        on_case=False,
    )


def _delete_stage_rule(w: World) -> Expect:
    rule = StageDeadlineRule.objects.get(policy=w.case.policy, stage="investigation")
    return Expect(
        lambda: do_delete_stage_rule(rule, acting_user=w.supervisor, at=AT),
        "policy.stage_rule_delete",
        w.supervisor,
        on_case=False,
    )


def _dormancy(w: World) -> Expect:
    return Expect(
        lambda: do_update_dormancy(w.case.policy, dormancy_working_days=10, acting_user=w.supervisor, at=AT),
        "policy.dormancy",
        w.supervisor,
        on_case=False,
    )


def _acknowledgement(w: World) -> Expect:
    return Expect(
        lambda: do_update_acknowledgement(
            w.case.policy, acknowledgement_working_days=5, acting_user=w.supervisor, at=AT
        ),
        "policy.acknowledgement",
        w.supervisor,
        on_case=False,
    )


def _escalation(w: World) -> Expect:
    return Expect(
        lambda: do_update_escalation_levels(
            w.case.policy, level_2_after_working_days=3, level_3_after_working_days=6, acting_user=w.supervisor, at=AT
        ),
        "policy.escalation",
        w.supervisor,
        on_case=False,
    )


def _policy(w: World) -> Expect:
    return Expect(
        lambda: do_create_policy(
            name="2025 policy", effective_from=dt.date(2025, 9, 1), copy_from=w.case.policy, acting_user=None, at=AT
        ),
        "policy.create",
        None,
        on_case=False,
    )


def _closure(w: World) -> Expect:
    return Expect(
        lambda: do_save_closure_day(
            ClosureDay(), date=dt.date(2025, 3, 19), reason="Typhoon.", acting_user=w.supervisor, at=AT
        ),
        "calendar.closure_save",
        w.supervisor,
        on_case=False,
    )


def _delete_closure(w: World) -> Expect:
    closure = do_save_closure_day(
        ClosureDay(), date=dt.date(2025, 3, 19), reason="Typhoon.", acting_user=w.supervisor, at=BEFORE
    )
    return Expect(
        lambda: do_delete_closure_day(closure, acting_user=w.supervisor, at=AT),
        "calendar.closure_delete",
        w.supervisor,
        on_case=False,
    )


def _digest(w: World) -> Expect:
    return Expect(
        lambda: do_set_daily_digest(w.officer, daily_digest=True, at=AT),
        "notifications.preference",
        w.officer,
        on_case=False,
    )


def _timetable(w: World) -> Expect:
    row = ["LLAW3102", "T01", "2025-03-20T14:30:00+08:00", "2025-03-20T15:20:00+08:00", "CPD-3.28"]
    sessions = write_csv(w.tmp_path, "sessions.csv", [row])
    return Expect(
        lambda: do_import_timetable(sessions_path=sessions, enrollments_path=None, at=AT, acting_user=w.supervisor),
        "timetable.import",
        w.supervisor,
        on_case=False,
    )


def _review_sample(w: World) -> Expect:
    return Expect(
        lambda: do_draw_review_sample(
            first=dt.date(2025, 1, 1), last=dt.date(2025, 12, 31), size=5, acting_user=w.supervisor, at=AT
        ),
        "review.sample",
        w.supervisor,
        on_case=False,
    )


def _hold(w: World) -> Expect:
    return Expect(
        lambda: do_set_legal_hold(w.case, reason="Litigation.", acting_user=w.supervisor, at=AT),
        "privacy.legal_hold_set",
        w.supervisor,
    )


def _lift_hold(w: World) -> Expect:
    do_set_legal_hold(w.case, reason="Litigation.", acting_user=w.supervisor, at=BEFORE)
    return Expect(
        lambda: do_lift_legal_hold(w.case, acting_user=w.supervisor, at=AT), "privacy.legal_hold_lifted", w.supervisor
    )


def _data_request(w: World, *, at: dt.datetime = BEFORE) -> Any:
    return data_requests.do_record_request(
        person=w.complainant,
        kind="access",
        received_at=BEFORE,
        details="",
        identity_checked_at=None,
        identity_check="",
        acting_user=w.supervisor,
        at=at,
    )


def _record_data_request(w: World) -> Expect:
    return Expect(lambda: _data_request(w, at=AT), "privacy.request_record", w.supervisor, on_case=False)


def _data_request_step(action: str, step: Callable[[World, Any], object]) -> Scenario:
    def scenario(w: World) -> Expect:
        request = _data_request(w)
        return Expect(lambda: step(w, request), action, w.supervisor, on_case=False)

    return scenario


SCENARIOS: dict[str, Scenario] = {
    "privacy.holds.do_set_legal_hold": _hold,
    "privacy.holds.do_lift_legal_hold": _lift_hold,
    "privacy.requests.do_record_request": _record_data_request,
    "privacy.requests.do_record_identity_check": _data_request_step(
        "privacy.request_identity",
        lambda w, r: data_requests.do_record_identity_check(
            r, checked_at=AT, how="Student card.", acting_user=w.supervisor, at=AT
        ),
    ),
    "privacy.requests.do_record_extension_notice": _data_request_step(
        "privacy.request_notice",
        lambda w, r: data_requests.do_record_extension_notice(r, reason="Archive.", acting_user=w.supervisor, at=AT),
    ),
    "privacy.requests.do_decide_request": _data_request_step(
        "privacy.request_decide",
        lambda w, r: data_requests.do_decide_request(
            r, decision="complied", reason="", section="", acting_user=w.supervisor, at=AT
        ),
    ),
    "privacy.requests.do_record_release": _data_request_step(
        "privacy.request_release",
        lambda w, r: data_requests.do_record_release(r, note="Notes redacted.", acting_user=w.supervisor, at=AT),
    ),
    "cases.actions.case.do_create_case": _create,
    "cases.actions.case.do_add_allegation": _allegation,
    "cases.actions.case.do_assign_officer": _assign,
    "cases.actions.case.do_unassign_officer": _unassign,
    "cases.actions.case.do_record_event": _event,
    "cases.actions.complaint.do_add_party_by_id": _party_by_id,
    "cases.actions.complaint.do_record_complaint": _complaint,
    "cases.actions.outcome.do_record_outcome": _outcome,
    "cases.actions.outcome.do_record_compliance": _compliance,
    "cases.actions.outcome.do_lodge_appeal": _appeal,
    "cases.actions.outcome.do_decide_appeal": _decide_appeal,
    "cases.actions.panel.do_assign_panel_member": _panel,
    "cases.actions.panel.do_remove_panel_member": _remove_panel,
    "cases.actions.parties.do_add_party": _party,
    "cases.actions.parties.do_record_contact": _contact,
    "cases.actions.proceedings.do_record_proceeding": _proceeding,
    "cases.actions.proceedings.do_update_proceeding": _update_proceeding,
    "cases.actions.proceedings.do_pause_investigation": _pause,
    "cases.actions.proceedings.do_resume_investigation": _resume,
    "cases.actions.requests.do_record_request": _request,
    "cases.actions.requests.do_decide_request": _decide_request,
    "cases.workflow.do_change_stage": _stage,
    "accommodations.actions.do_request_measure": _request_measure,
    "accommodations.actions.do_decide_measure": _decide_measure,
    "accommodations.actions.do_record_no_measure_offered": _no_measure,
    "accommodations.actions.do_implement_measure": _implement,
    "accommodations.actions.do_review_measure": _review,
    "accommodations.actions.do_lift_measure": _lift,
    "accommodations.tutors.do_prepare_tutor_notification": _tutor_message,
    "accommodations.tutors.do_send_tutor_notification": _send_tutor_message,
    "accommodations.adjustments.do_pause_measure_deadline": _pause_deadline,
    "accommodations.adjustments.do_extend_measure_deadline": _extend_deadline,
    "accommodations.adjustments.do_end_adjustment": _end_adjustment,
    "oversight.policy_changes.do_update_measure_rule": _measure_rule,
    "oversight.policy_changes.do_update_stage_rule": _stage_rule,
    "oversight.policy_changes.do_delete_stage_rule": _delete_stage_rule,
    "oversight.policy_changes.do_update_dormancy": _dormancy,
    "oversight.policy_changes.do_update_acknowledgement": _acknowledgement,
    "oversight.policy_changes.do_update_escalation_levels": _escalation,
    "oversight.policy_changes.do_create_policy": _policy,
    "oversight.policy_changes.do_save_closure_day": _closure,
    "oversight.policy_changes.do_delete_closure_day": _delete_closure,
    "notifications.actions.do_set_daily_digest": _digest,
    "timetable.importer.do_import_timetable": _timetable,
    "reports.samples.do_draw_review_sample": _review_sample,
}

# Actions tested by their own areas' tests, which check their audit rows.
COVERED_ELSEWHERE = {
    "evidence.actions.do_record_reveal": "tests/evidence (the reveal row is the action itself)",
    "evidence.actions.do_record_download": "tests/evidence (the download row is the action itself)",
    "evidence.actions.do_set_depicted": "tests/evidence",
    "evidence.upload.do_upload_evidence": "tests/evidence",
    "evidence.linking.do_link_cases": "tests/evidence",
    "evidence.rotation.do_rotate_evidence_keys": "tests/evidence",
    "accounts.two_factor.do_enrol_device": "tests/security (auth.two_factor_enrolment rows)",
    "accounts.two_factor.do_verify_device": "tests/security (auth.two_factor rows)",
    "accounts.two_factor.do_remove_device": "tests/accounts (auth.two_factor_removal rows)",
    "accounts.invitations.do_invite_party": "tests/accounts (auth.invitation rows)",
    "accounts.links.do_set_password_with_link": "tests/accounts (auth.password_set rows)",
    "accounts.password_reset.do_request_password_reset": "tests/accounts (auth.password_reset_request rows)",
    "audit.redaction.do_redact_case_entries": "tests/audit/test_redaction.py (an audit.redact row seals the erasure)",
    "audit.redaction.do_redact_person_entries": "tests/audit/test_redaction.py (an audit.redact row seals the erasure)",
    "audit.redaction.do_trim_before": "tests/audit/test_redaction.py (its audit.trim row anchors the kept trail)",
    "intake.submit.do_submit_report": "tests/intake/test_audit.py (one intake.submit row, no personal data)",
    "intake.actions.do_acknowledge_report": "tests/intake/test_audit.py",
    "intake.actions.do_ask_reporter": "tests/intake/test_audit.py",
    "intake.actions.do_reporter_message": "tests/intake/test_audit.py",
    "intake.actions.do_record_contact_choice": "tests/intake/test_audit.py",
    "intake.actions.do_close_report": "tests/intake/test_audit.py",
    "intake.actions.do_open_case_from_report": "tests/intake/test_audit.py",
    "intake.actions.do_attach_report": "tests/intake/test_audit.py",
    "intake.links.do_link_report": "tests/intake/test_audit.py",
}
# Not audited, and why.
EXEMPT = {
    "accounts.services.do_create_staff": "account provisioning (seed, import, admin); not case data",
    "accounts.services.do_create_person": "an account for a person on a case: always inside an audited action",
    "notifications.actions.do_mark_read": "a person marking their own notice read: no case data changes",
    "notifications.actions.do_mark_all_read": "a person marking their own notices read: no case data changes",
}


def _project_actions() -> dict[str, object]:
    """Every function named do_* defined in the project's apps, by dotted name."""
    found: dict[str, object] = {}
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.parent != base:  # the project's own apps, not installed packages (.venv is inside BASE_DIR)
            continue
        for info in pkgutil.walk_packages([config.path], prefix=f"{config.name}."):
            if ".migrations" in info.name or ".tests" in info.name:
                continue
            module = importlib.import_module(info.name)
            for name, value in inspect.getmembers(module, inspect.isfunction):
                if name.startswith("do_") and value.__module__ == info.name:
                    found[f"{info.name}.{name}"] = value
    return found


def test_every_action_in_the_codebase_has_an_audit_scenario() -> None:
    actions = _project_actions()
    assert len(actions) >= 40  # the walk found the actions (and did not silently find none)
    forgotten = sorted(set(actions) - set(SCENARIOS) - set(COVERED_ELSEWHERE) - set(EXEMPT))
    assert not forgotten, f"do_* actions with no audit scenario in {__name__}: {forgotten}"
    stale = sorted((set(SCENARIOS) | set(COVERED_ELSEWHERE) | set(EXEMPT)) - set(actions))
    assert not stale, f"listed actions that no longer exist: {stale}"


@pytest.fixture
def world(case, officer, other_officer, supervisor, panel_member, complainant, respondent, tmp_path) -> World:
    return World(case, officer, other_officer, supervisor, panel_member, complainant, respondent, tmp_path)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_each_action_writes_exactly_one_audit_row(world: World, name: str) -> None:
    expect = SCENARIOS[name](world)
    last = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0

    result = expect.run()

    rows = list(AuditEntry.objects.filter(seq__gt=last))
    assert [r.action for r in rows] == [expect.action]
    row = rows[0]
    assert (row.at, row.outcome, row.source) == (AT, "ok", "system")
    actor = expect.actor
    assert (row.actor_id, row.actor_username) == ((actor.pk, actor.username) if actor else (None, ""))
    if expect.on_case:
        assert row.case_id == world.case.pk
    elif isinstance(result, Case):
        assert row.case_id == result.pk
    else:
        assert row.case_id is None  # policy, calendar, timetable and preferences are not about one case
    # Ids and codes only: no free text of the action is copied into the trail.
    flat = repr(row.detail)
    for text in ("Confidential", "Police asked", "Met the complainant", "Grounds", "Typhoon", "Student", "Reasons"):
        assert text not in flat


def test_an_action_that_fails_validation_writes_no_row(world: World) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        do_change_stage(world.case, to="hearing", reason="", acting_user=world.officer, at=AT)
    with pytest.raises(ValidationError):
        do_decide_measure(world.measure(), decision="declined", reasons=" ", acting_user=world.officer, at=AT)
    # The measure's request above is the only row added.
    assert list(AuditEntry.objects.order_by("seq")[before:].values_list("action", flat=True)) == ["measure.request"]
    assert not AuditEntry.objects.filter(action__in=["case.stage", "measure.decide"]).exists()


def test_a_composite_action_writes_one_row_but_every_timeline_entry(world: World) -> None:
    before = AuditEntry.objects.count()
    case = SCENARIOS["cases.actions.complaint.do_record_complaint"](world).run()
    assert isinstance(case, Case)
    assert AuditEntry.objects.count() == before + 1
    row = AuditEntry.objects.get(action="complaint.record")
    assert row.detail == {"allegations": 1, "parties": list(case.parties.order_by("pk").values_list("pk", flat=True))}
    # The parts still appear in the chronology: recorded, and each person added.
    assert case.events.count() == 3
