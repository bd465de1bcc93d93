"""What parties do on their own pages, and what officers do for them (`do_*`, one transaction each, with
the timeline entry and the audit row). Each assumes the caller fetched the party through
portal.access.access_party (or the case through cases.access for officers).

A party's action on a case that is closed or withdrawn, or after she withdrew, is refused with a clear
message (`PartyRefused`), changes nothing and is recorded on the audit trail (`record_refusal`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accommodations.actions import do_request_measure
from accommodations.models import Measure
from accounts.models import User
from audit.actions import audited, record_action
from audit.reads import record_denied
from casemgr.vocabulary import SEPARATION_MEASURES, MeasureType, Stage
from cases.actions.outcome import do_lodge_appeal
from cases.changes import lock_case, record_case_change
from cases.models import Appeal, Case, CaseAssignment, Outcome, Party, PartyRole, RequestDecision
from cases.workflow import do_change_stage
from deadlines.calendar import WorkingCalendar, local_date
from deadlines.policy import appeal_deadline, review_deadline
from notifications.outbox import Outgoing, queue_notifications
from oversight.models import Flag
from portal.flag_kinds import WAITED_ON
from portal.mail import PARTY_MESSAGE
from portal.models import DelayExplanation, MeasureDisclosure, Message, NoticeRelease, ReviewRequest, Withdrawal

REFUSED = "portal.refused"
MAX_TEXT = 5000


class PartyRefused(ValidationError):
    """The action is not open to the party now; the message says why."""


def record_refusal(party: Party, *, action: str, at: dt.datetime) -> None:
    record_denied(REFUSED, actor=party.person, at=at, case_id=party.case_id, detail={"action": action})


def check_party_may_act(party: Party) -> None:
    """Raise PartyRefused on a closed or withdrawn case, or once she withdrew her complaint."""
    case = party.case
    if case.stage == Stage.CLOSED:
        raise PartyRefused(_("This case is closed, so nothing more can be added to it. Nothing was changed."))
    if case.stage == Stage.WITHDRAWN or Withdrawal.objects.filter(party=party).exists():
        raise PartyRefused(_("This complaint was withdrawn, so nothing more can be added to it. Nothing was changed."))


def check_text(text: str, *, field: str, required: bool = True) -> str:
    text = text.strip()
    if required and not text:
        raise ValidationError({field: _("Please write something here.")})
    if len(text) > MAX_TEXT:
        raise ValidationError({field: _("Please keep it under %(n)s characters.") % {"n": MAX_TEXT}})
    return text


def officer_ids(case: Case) -> list[int]:
    return list(
        CaseAssignment.objects.filter(case=case, capacity=CaseAssignment.Capacity.OFFICER)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


def respondent_of(case: Case) -> Party | None:
    return Party.objects.filter(case=case, role=PartyRole.RESPONDENT).select_related("person").first()


@audited
def do_send_message(party: Party, *, text: str, author: User, at: dt.datetime) -> Message:
    """A message in `party`'s thread, from her (author is her) or from an officer to her. Each raises a
    minimal e-mail to the other side. Raises PartyRefused (her side) or ValidationError ("text")."""
    from_party = author.pk == party.person_id
    if from_party:
        check_party_may_act(party)
    text = check_text(text, field="text")
    lock_case(party.case)
    message = Message.objects.create(party=party, author=author, from_party=from_party, text=text, sent_at=at)
    recipients = officer_ids(party.case) if from_party else [party.person_id]
    queue_notifications(
        [Outgoing(uid, party.case_id, None, PARTY_MESSAGE, subject=f"message:{message.pk}") for uid in recipients],
        at=at,
    )
    words = _("Message from a party.") if from_party else _("Message to a party.")
    # A party's own message is not the office's activity: it must not hold off the dormancy flag.
    record_case_change(
        party.case,
        action="portal.message",
        acting_user=author,
        at=at,
        text=words,
        detail={"action": "portal_message", "message": message.pk, "party": party.pk},
        activity=not from_party,
    )
    return message


@audited
def do_ask_for_measure(party: Party, *, type: str, details: str, at: dt.datetime) -> Measure:
    """A complainant asks for an interim measure herself; its deadlines start at once. A separation
    measure is against the case's respondent."""
    check_party_may_act(party)
    if party.role != PartyRole.COMPLAINANT:
        raise PartyRefused(_("Only a complainant can ask for a measure here."))
    respondent = respondent_of(party.case)
    against = respondent.person if respondent is not None and type in SEPARATION_MEASURES else None
    measure = do_request_measure(
        party.case,
        type=type,
        requested_by=party.person,
        against=against,
        requested_at=at,
        details=check_text(details, field="details", required=False),
        recorded_by=None,
        at=at,
    )
    # do_request_measure runs as a part of this action, so its row is left out: this is the action's row.
    record_action(
        "portal.measure_ask",
        actor=party.person,
        at=at,
        case_id=party.case_id,
        detail={"measure": measure.pk, "type": measure.type},
    )
    return measure


def review_subjects(party: Party) -> dict[str, str]:
    """What she may ask to have reviewed, by subject key: her decided measures, decisions on her requests,
    and delays on steps she waits on."""
    return subjects_for_review(
        Measure.objects.filter(case=party.case, requested_by=party.person),
        RequestDecision.objects.filter(request__party=party).select_related("request"),
        waited_on_flags(party),
    )


def subjects_for_review(
    measures: Iterable[Measure], decisions: Iterable[RequestDecision], flags: Iterable[Flag]
) -> dict[str, str]:
    """`review_subjects` from rows her page has read already: her measures (the decided ones count), the
    decisions on her requests (each with its request) and the flags `waited_on_flags` gives, each in
    its own order."""
    subjects: dict[str, str] = {}
    for measure in measures:
        if measure.decision:
            subjects[f"measure:{measure.pk}"] = _("The decision on %(type)s") % {
                "type": MeasureType(measure.type).label
            }
    for decision in decisions:
        subjects[f"decision:{decision.pk}"] = _("The decision on your request for %(kind)s") % {
            "kind": decision.request.get_kind_display()
        }
    for flag in flags:
        subjects[f"flag:{flag.pk}"] = _("The delay noticed on %(date)s") % {"date": f"{local_date(flag.raised_at)}"}
    return subjects


def waited_on_flags(party: Party, *, open_only: bool = False) -> list[Flag]:
    """Flags on the steps she waits on: her case's stage, and her own measures' steps."""
    mine = Measure.objects.filter(case=party.case, requested_by=party.person).values("pk")
    # One query with an OR of conditions: an OR of two querysets cost Django more to combine than the
    # database to run (1 ms of her page).
    flags = Flag.objects.filter(
        Q(measure__isnull=True, kind=WAITED_ON[0]) | Q(measure__in=mine), case=party.case, kind__in=WAITED_ON
    )
    if open_only:
        flags = flags.filter(closed_at__isnull=True)
    return list(flags.select_related("measure").prefetch_related("explanations").order_by("raised_at", "pk"))


@audited
def do_ask_for_review(party: Party, *, subject: str, reasons: str, at: dt.datetime) -> ReviewRequest:
    """Record her request for a review with its own deadline. Asked twice for the same thing: refused."""
    check_party_may_act(party)
    if subject not in review_subjects(party):
        raise ValidationError({"subject": _("Choose a decision or a delay on your case.")})
    reasons = check_text(reasons, field="reasons")
    lock_case(party.case)
    earlier = ReviewRequest.objects.filter(party=party, subject=subject).first()
    if earlier is not None:
        raise PartyRefused(
            _("You already asked for a review of this on %(date)s; it is being dealt with. Nothing was changed.")
            % {"date": f"{local_date(earlier.asked_at)}"}
        )
    due = review_deadline(WorkingCalendar.load(), party.case.policy, at).due_at
    review = ReviewRequest.objects.create(party=party, subject=subject, reasons=reasons, asked_at=at, due_at=due)
    record_case_change(
        party.case,
        action="portal.review_ask",
        acting_user=party.person,
        at=at,
        text=_("A party asked for a review."),
        detail={"action": "review_requested", "review": review.pk, "party": party.pk},
        audit_detail={"subject": subject},
        activity=False,
    )
    return review


@audited
def do_answer_review(review: ReviewRequest, *, answer: str, acting_user: User, at: dt.datetime) -> ReviewRequest:
    answer = check_text(answer, field="answer")
    lock_case(review.party.case)
    review.refresh_from_db()
    if review.answered_at is not None:
        raise ValidationError({"answer": _("This request for a review is already answered.")})
    review.due_at_answer, review.due_at = review.due_at, None
    review.answer, review.answered_at, review.answered_by = answer, at, acting_user
    review.save(update_fields=["due_at", "due_at_answer", "answer", "answered_at", "answered_by"])
    record_case_change(
        review.party.case,
        action="portal.review_answer",
        acting_user=acting_user,
        at=at,
        text=_("A request for a review was answered."),
        detail={"action": "review_answered", "review": review.pk},
    )
    return review


@audited
def do_withdraw(party: Party, *, reason: str, at: dt.datetime) -> Withdrawal:
    """She withdraws her complaint. When no other complainant remains, the case moves to `withdrawn` if the
    workflow allows it now; otherwise her officer sees the withdrawal and closes what is still open."""
    check_party_may_act(party)
    if party.role != PartyRole.COMPLAINANT:
        raise PartyRefused(_("Only a complainant can withdraw a complaint."))
    case = lock_case(party.case)
    withdrawal = Withdrawal.objects.create(
        party=party, at=at, reason=check_text(reason, field="reason", required=False)
    )
    record_case_change(
        case,
        action="portal.withdraw",
        acting_user=party.person,
        at=at,
        text=_("A complainant withdrew the complaint."),
        detail={"action": "complaint_withdrawn", "party": party.pk},
    )
    others = Party.objects.filter(case=case, role=PartyRole.COMPLAINANT, withdrawal__isnull=True)
    if not others.exists():
        try:
            with transaction.atomic():
                do_change_stage(
                    case, to=Stage.WITHDRAWN, reason=_("The complainant withdrew."), acting_user=party.person, at=at
                )
        except ValidationError:
            pass  # open measures: the officer closes them first (the timeline shows the withdrawal)
    return withdrawal


@audited
def do_release_notice(
    case: Case,
    *,
    text: str,
    notice_date: dt.date,
    hearing_at: dt.datetime | None,
    hearing_place: str,
    acting_user: User,
    at: dt.datetime,
) -> NoticeRelease:
    """Release the notice of allegations, in the words the officer approved, to the respondent; or
    update the hearing of one already released."""
    text = check_text(text, field="text")
    lock_case(case)
    release, created = NoticeRelease.objects.update_or_create(
        case=case,
        defaults={
            "text": text,
            "notice_date": notice_date,
            "hearing_at": hearing_at,
            "hearing_place": hearing_place.strip()[:200],
            "released_at": at,
            "released_by": acting_user,
        },
    )
    record_case_change(
        case,
        action="portal.notice_release",
        acting_user=acting_user,
        at=at,
        text=_("Notice of allegations released to the respondent.")
        if created
        else _("Notice to the respondent updated."),
        detail={"action": "notice_released", "release": release.pk},
    )
    return release


@audited
def do_explain_delay(
    flag: Flag, *, reason: str, expected_at: dt.date, acting_user: User, at: dt.datetime
) -> DelayExplanation:
    """The officer's reason for a delay and the new expected date, shown to the complainant."""
    reason = check_text(reason, field="reason")
    if flag.kind not in WAITED_ON or flag.case_id is None:
        raise ValidationError({"reason": _("This is not a delay a complainant waits on.")})
    if expected_at < local_date(at):
        raise ValidationError({"expected_at": _("The new expected date cannot be in the past.")})
    case = lock_case(flag.case)  # type: ignore[arg-type]
    explanation = DelayExplanation.objects.create(
        flag=flag, reason=reason, expected_at=expected_at, written_at=at, written_by=acting_user
    )
    record_case_change(
        case,
        action="portal.delay_explain",
        acting_user=acting_user,
        at=at,
        text=_("Reason for a delay written for the complainant."),
        detail={"action": "delay_explained", "flag": flag.pk, "explanation": explanation.pk},
    )
    return explanation


@audited
def do_disclose_measure(
    measure: Measure, *, requirement: str, protected: str, acting_user: User, at: dt.datetime
) -> MeasureDisclosure:
    """What the respondent is told of a measure restricting him; whom it protects only if given."""
    requirement = check_text(requirement, field="requirement")
    lock_case(measure.case)
    disclosure, _created = MeasureDisclosure.objects.update_or_create(
        measure=measure,
        defaults={
            "requirement": requirement,
            "protected": protected.strip()[:200],
            "set_at": at,
            "set_by": acting_user,
        },
    )
    record_case_change(
        measure.case,
        action="portal.measure_disclose",
        acting_user=acting_user,
        at=at,
        text=_("Measure %(code)s described to the respondent.") % {"code": measure.code},
        detail={"action": "measure_disclosed", "measure": measure.pk},
    )
    return disclosure


def appeal_due(outcome: Outcome, calendar: WorkingCalendar) -> dt.datetime:
    return appeal_deadline(calendar, outcome.case.policy, outcome.decided_at).due_at


@audited
def do_appeal(party: Party, *, outcome: Outcome, grounds: str, at: dt.datetime) -> Appeal:
    """A party appeals the outcome of her case within the policy's appeal period; once per outcome."""
    check_party_may_act(party)
    if outcome.case_id != party.case_id:
        raise ValidationError({"grounds": _("This is not an outcome of your case.")})
    grounds = check_text(grounds, field="grounds")
    if at > appeal_due(outcome, WorkingCalendar.load()):
        raise PartyRefused(_("The time to appeal this outcome has passed. Nothing was changed."))
    if Appeal.objects.filter(outcome=outcome, lodged_by=party).exists():
        raise PartyRefused(_("You have already appealed this outcome. Nothing was changed."))
    appeal = do_lodge_appeal(outcome, party=party, grounds=grounds, acting_user=party.person, at=at)
    record_action("portal.appeal", actor=party.person, at=at, case_id=party.case_id, detail={"appeal": appeal.pk})
    return appeal
