"""What the intake team does with a report, and what the reporter does on a return visit.

Every function is one audited action (audit.actions) writing its row with ids only; callers have
authorised the user (intake.access) or, for the reporter, checked the number and key (intake.report_keys).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import override

from accommodations.actions import do_request_measure
from accounts.models import User
from accounts.services import do_create_person
from audit.actions import audited, record_action
from cases.actions.case import AllegationInput, do_assign_officer, do_create_case, do_record_event
from cases.actions.parties import do_add_party
from cases.actions.requests import do_record_request
from cases.models import Case, EventType, Party, PartyRole
from intake.flag_kinds import report_key
from intake.invitations import invite_reporter
from intake.models import IntakeReport, ReportMessage, ReportStatus, ReportWay, Synthetic
from intake.summary import case_summary
from oversight.settle import settle_flags


def check_open(report: IntakeReport) -> None:
    if not report.is_open:
        raise ValidationError({"report": _("This report has already been dealt with.")})


def check_text(text: str, *, field: str, message: str) -> str:
    if not text.strip():
        raise ValidationError({field: message})
    return text.strip()


def _audit(action: str, report: IntakeReport, *, actor: User | None, at: dt.datetime, **detail: object) -> None:
    record_action(
        action,
        actor=actor,
        at=at,
        case_id=report.case_id,
        target=str(report.public_id),
        detail={"report": report.pk, **detail},
    )


def _settle(report: IntakeReport, at: dt.datetime) -> None:
    settle_flags(at=at, step_keys=[report_key(report.pk)])


def _message(report: IntakeReport, kind: str, text: str, *, author: User | None, at: dt.datetime) -> ReportMessage:
    return ReportMessage.objects.create(report=report, kind=kind, text=text, author=author, at=at)


@audited
def do_acknowledge_report(report: IntakeReport, *, text: str, acting_user: User, at: dt.datetime) -> IntakeReport:
    """The reporter sees the acknowledgement (and, if anonymous, is asked whether she may be contacted)."""
    check_open(report)
    if report.acknowledged_at is not None:
        raise ValidationError({"report": _("This report has already been acknowledged.")})
    report.acknowledged_at = at
    report.acknowledgement_due_at = None
    report.status = ReportStatus.ACKNOWLEDGED
    report.save(update_fields=["acknowledged_at", "acknowledgement_due_at", "status"])
    with override(report.language):
        default = _("We have received your report and a conduct officer is looking at it.")
    _message(report, ReportMessage.Kind.ACKNOWLEDGEMENT, text.strip() or default, author=acting_user, at=at)
    _settle(report, at)
    _audit("intake.acknowledge", report, actor=acting_user, at=at)
    return report


@audited
def do_ask_reporter(report: IntakeReport, *, text: str, acting_user: User, at: dt.datetime) -> ReportMessage:
    check_open(report)
    question = check_text(text, field="text", message=_("Write the question."))
    message = _message(report, ReportMessage.Kind.QUESTION, question, author=acting_user, at=at)
    _audit("intake.ask", report, actor=acting_user, at=at, message=message.pk)
    return message


@audited
def do_reporter_message(report: IntakeReport, *, text: str, at: dt.datetime) -> ReportMessage:
    """A message from the reporter, who signed in with the report's number and key."""
    if report.status == ReportStatus.CLOSED:
        raise ValidationError({"text": _("This report is closed: messages can no longer be sent.")})
    answer = check_text(text, field="text", message=_("Write your message."))
    message = _message(report, ReportMessage.Kind.ANSWER, answer, author=None, at=at)
    _audit("intake.reporter_message", report, actor=None, at=at, message=message.pk)
    return message


@audited
def do_record_contact_choice(report: IntakeReport, *, willing: bool, details: str, at: dt.datetime) -> IntakeReport:
    """An anonymous reporter says whether she may be contacted, and how."""
    if willing and not details.strip():
        raise ValidationError({"details": _("Say how we may contact you.")})
    report.contact_willing = willing
    report.contact_details = details.strip() if willing else ""
    report.save(update_fields=["contact_willing", "contact_details"])
    _audit("intake.contact_choice", report, actor=None, at=at, willing=willing)
    return report


@audited
def do_close_report(report: IntakeReport, *, reason: str, acting_user: User, at: dt.datetime) -> IntakeReport:
    """Close the report without a case; the reporter reads the reason."""
    check_open(report)
    why = check_text(reason, field="reason", message=_("Give the reason the reporter will read."))
    report.status = ReportStatus.CLOSED
    report.closed_at = at
    report.close_reason = why
    report.acknowledgement_due_at = None
    report.save(update_fields=["status", "closed_at", "close_reason", "acknowledgement_due_at"])
    _message(report, ReportMessage.Kind.CLOSING, why, author=acting_user, at=at)
    _settle(report, at)
    _audit("intake.close", report, actor=acting_user, at=at)
    return report


def _person(report: IntakeReport, *, name: str, email: str, number: str, index: str) -> User:
    """The account of someone a report names: found by number or e-mail, or created (no usable password)."""
    number, email = number.strip(), email.strip()
    if number:
        found = User.objects.filter(username=number).first()
        if found is not None:
            return found
    if email:
        found = User.objects.filter(email__iexact=email).order_by("pk").first()
        if found is not None:
            return found
    username = number or email or f"{report.number}-{index}".lower()
    return do_create_person(person_id=username, email=email, name=name.strip(), kind="student" if number else "")


def _carry_people(report: IntakeReport, case: Case, *, acting_user: User, at: dt.datetime) -> Party | None:
    """Put the report's people on `case`: the named reporter as complainant (with her requests), someone
    reporting for others as a witness, the people shown as identified affected people, and the respondent
    when the report identifies one. Returns the reporter's party, if she is one."""
    present = set(Party.objects.filter(case=case).values_list("person_id", "role"))

    def add(person: User, role: str) -> Party | None:
        if (person.pk, role) in present:
            return None
        present.add((person.pk, role))
        return do_add_party(case, person=person, role=role, acting_user=acting_user, at=at)

    respondent = None
    if report.respondent_number.strip() or report.respondent_email.strip():
        respondent = _person(
            report,
            name=report.respondent_name or report.respondent_number,
            email=report.respondent_email,
            number=report.respondent_number,
            index="respondent",
        )
        add(respondent, PartyRole.RESPONDENT)
    reporter_party = None
    if report.reporter_email or report.reporter_number:
        reporter = _person(
            report,
            name=report.reporter_name,
            email=report.reporter_email,
            number=report.reporter_number,
            index="reporter",
        )
        role = PartyRole.COMPLAINANT if report.way == ReportWay.NAMED else PartyRole.WITNESS
        reporter_party = add(reporter, role)
        if reporter_party is not None and role == PartyRole.COMPLAINANT:
            for kind in report.requests:
                do_record_request(
                    reporter_party,
                    kind=kind,
                    details="",
                    requested_at=report.received_at,
                    acting_user=acting_user,
                    at=at,
                )
            for measure in report.measures:
                do_request_measure(
                    case,
                    type=measure,
                    requested_by=reporter,
                    against=respondent,
                    requested_at=report.received_at,
                    recorded_by=acting_user,
                    at=at,
                )
            invite_reporter(report, person=reporter, case=case, acting_user=acting_user, at=at)
    for index, depicted in enumerate(report.depicted.all(), start=1):
        person = _person(report, name=depicted.name, email=depicted.email, number=depicted.number, index=f"p{index}")
        add(person, PartyRole.AFFECTED_PERSON)
    return reporter_party if reporter_party is not None and reporter_party.role == PartyRole.COMPLAINANT else None


def _taken_forward(report: IntakeReport, case: Case, *, acting_user: User, at: dt.datetime) -> None:
    report.case = case
    report.status = ReportStatus.CASE_OPENED
    if report.acknowledged_at is None:
        report.acknowledged_at = at
    report.acknowledgement_due_at = None
    report.save(update_fields=["case", "status", "acknowledged_at", "acknowledgement_due_at"])
    with override(report.language):
        text = _("Your report is being taken forward by the conduct office as a case.")
    _message(report, ReportMessage.Kind.CASE_OPENED, text, author=acting_user, at=at)
    _settle(report, at)


@audited
def do_open_case_from_report(report: IntakeReport, *, reference: str, acting_user: User, at: dt.datetime) -> Case:
    """Open a new case with the report's data; its received time is the report's. The officer is assigned.
    The report's files follow with `intake.files.adopt_report_files`, after this action commits."""
    check_open(report)
    case = do_create_case(
        reference=reference.strip(),
        received_at=report.received_at,
        summary=case_summary(report),
        allegations=[
            AllegationInput(conduct=conduct, synthetic=report.synthetic == Synthetic.AI) for conduct in report.conducts
        ],
        acting_user=acting_user,
        at=at,
        team=acting_user.team,
    )
    do_assign_officer(case, officer=acting_user, acting_user=None, at=at)
    _carry_people(report, case, acting_user=acting_user, at=at)
    _taken_forward(report, case, acting_user=acting_user, at=at)
    _audit("intake.open_case", report, actor=acting_user, at=at)
    return case


@audited
def do_attach_report(report: IntakeReport, *, case: Case, acting_user: User, at: dt.datetime) -> Case:
    """Attach the report to an existing case (e.g. a second complainant against the same respondent).
    Precondition: `acting_user` may change `case` (the view fetched it with cases.access)."""
    check_open(report)
    if not case.is_open:
        raise ValidationError({"reference": _("That case is closed.")})
    _carry_people(report, case, acting_user=acting_user, at=at)
    do_record_event(
        case,
        type=EventType.NOTE,
        text=_("An online report was attached to the case.") + "\n\n" + case_summary(report),
        acting_user=acting_user,
        at=at,
    )
    _taken_forward(report, case, acting_user=acting_user, at=at)
    _audit("intake.attach", report, actor=acting_user, at=at)
    return case
