"""Telling tutors: a measure of its own, whose message says only what the tutor must do (e.g. keep two
students in different groups), never what is alleged.

The officer prepares the instruction (it may be prepared again until it is sent) and then sends it: the
notifications outbox e-mails the tutor exactly once, with no name in the subject and only a link to a page
that shows the instruction (accommodations.tutor_messages); the e-mail being sent completes the measure's
implementation step.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from accommodations.actions import do_implement_measure, lock_measure, record_measure_step
from accommodations.models import Measure
from accounts.models import User
from audit.actions import audited
from casemgr.vocabulary import MeasureDecision, MeasureType
from cases.models import Conduct, Party
from notifications.outbox import Outgoing, queue_notifications

# The outbox message kind of an instruction to a tutor (registered in accommodations.tutor_messages).
TUTOR_INSTRUCTION = "tutor_instruction"

# Words that reveal the allegation or the case (English and Traditional Chinese). Each matches at the
# start of a word, so "alleg" catches "allegation", "alleged", "allegedly" and "sex" catches "sexual".
FORBIDDEN_STEMS = (
    r"deep[\s-]?fake",
    "intimate",
    "image",
    "photo",
    "picture",
    "video",
    "nud(?:e|ity)",
    "naked",
    "explicit",
    "porn",
    "sex",
    "alleg",
    "accus",
    "voyeur",
    "harass",
    "abus",
    "victim",
    "complain",
    "respondent",
    "misconduct",
    "disciplinary",
    r"ai[\s-]generated",
    "synthetic",
)
FORBIDDEN = re.compile(r"(?<!\w)(?:" + "|".join(FORBIDDEN_STEMS) + r")\w*", re.IGNORECASE)
FORBIDDEN_ZH = (
    "深偽",
    "深度偽造",
    "私密",
    "影像",
    "相片",
    "照片",
    "裸",
    "色情",
    "性暴力",
    "性侵",
    "性騷擾",
    "指控",
    "投訴",
    "受害",
)
# Copying this many consecutive words of the case summary or an allegation reveals it.
COPIED_WORDS = 4
WORD = re.compile(r"[\w'-]+", re.UNICODE)


def _words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def _copied_phrase(instruction: str, sources: list[str]) -> str | None:
    words = _words(instruction)
    grams = {tuple(words[i : i + COPIED_WORDS]) for i in range(len(words) - COPIED_WORDS + 1)}
    for source in sources:
        source_words = _words(source)
        for i in range(len(source_words) - COPIED_WORDS + 1):
            gram = tuple(source_words[i : i + COPIED_WORDS])
            if gram in grams:
                return " ".join(gram)
    return None


def _forbidden_word(instruction: str) -> str | None:
    match = FORBIDDEN.search(instruction)
    if match:
        return match.group(0)
    for label in Conduct.labels:
        if str(label).lower() in instruction.lower():
            return str(label)
    for word in FORBIDDEN_ZH:
        if word in instruction:
            return word
    return None


def check_tutor_instruction(measure: Measure, *, instruction: str) -> None:
    """Raise ValidationError (`instruction`) unless the text only says what the tutor must do.

    Refused: blank text; words of the allegation vocabulary (deepfake, intimate, image, sexual,
    allegation, complaint, ...); four or more consecutive words copied from the case summary or an
    allegation's description; the name or id of a person on the case other than the two people the
    measure is about (telling a tutor who else is involved reveals the case).
    """
    if not instruction.strip():
        raise ValidationError({"instruction": _("Say what the tutor must do.")})
    word = _forbidden_word(instruction)
    if word:
        raise ValidationError(
            {
                "instruction": _(
                    "The instruction must say only what the tutor must do, never what is alleged: remove “%(word)s”."
                )
                % {"word": word}
            }
        )
    case = measure.case
    sources = [case.summary, *case.allegations.values_list("description", flat=True)]
    phrase = _copied_phrase(instruction, [s for s in sources if s])
    if phrase:
        raise ValidationError(
            {
                "instruction": _(
                    "The instruction repeats the case summary or an allegation (“%(phrase)s”). "
                    "Say only what the tutor must do."
                )
                % {"phrase": phrase}
            }
        )
    concerned = {measure.requested_by_id, measure.against_id}
    others = Party.objects.filter(case=case).exclude(person_id__in=[p for p in concerned if p is not None])
    lowered = instruction.lower()
    for display_name, username in others.values_list("person__display_name", "person__username"):
        for name in (display_name, username):
            if len(name) >= 3 and re.search(r"(?<!\w)" + re.escape(name.lower()) + r"(?!\w)", lowered):
                raise ValidationError(
                    {
                        "instruction": _(
                            "The instruction names a person on the case whom this measure is not about. "
                            "Name only the students the tutor must act for."
                        )
                    }
                )


@audited
def do_prepare_tutor_notification(
    measure: Measure, *, tutor_name: str, tutor_email: str, instruction: str, acting_user: User, at: dt.datetime
) -> Measure:
    """Store the message for a tutor on an approved, not yet implemented "telling tutors" measure, ready
    for the notifications outbox to send. It may be prepared again until it is sent (implemented).

    Raises ValidationError (`type`, `decision`, `tutor_name`, `tutor_email`, `instruction`).
    """
    lock_measure(measure)
    if measure.type != MeasureType.TUTOR_NOTIFICATION:
        raise ValidationError({"type": _("Only a measure telling tutors has a message for a tutor.")})
    if (
        measure.decision != MeasureDecision.APPROVED
        or measure.implemented_at
        or measure.lifted_at
        or measure.tutor_instruction_queued_at
    ):
        raise ValidationError(
            {"decision": _("The message can be prepared once the measure is approved and until it is sent.")}
        )
    if not tutor_name.strip():
        raise ValidationError({"tutor_name": _("Give the tutor's name.")})
    try:
        validate_email(tutor_email)
    except ValidationError:
        raise ValidationError({"tutor_email": _("Give the tutor's email address.")}) from None
    check_tutor_instruction(measure, instruction=instruction)
    measure.tutor_name = tutor_name.strip()
    measure.tutor_email = tutor_email.strip()
    measure.tutor_instruction = instruction.strip()
    measure.tutor_instruction_prepared_at = at
    measure.save(update_fields=["tutor_name", "tutor_email", "tutor_instruction", "tutor_instruction_prepared_at"])
    record_measure_step(
        measure,
        action="measure.tutor_message",
        event="tutor_message_prepared",
        text=_("Message to a tutor prepared for interim measure %(code)s.") % {"code": measure.code},
        acting_user=acting_user,
        at=at,
    )
    return measure


@audited
def do_send_tutor_notification(measure: Measure, *, acting_user: User, at: dt.datetime) -> Measure:
    """Queue the prepared instruction for e-mailing to the tutor (once: the outbox row is unique per
    measure). Its sending completes the implementation step (`complete_tutor_notification`).

    Raises ValidationError (`measure`) unless the measure is an approved "telling tutors" measure with a
    prepared instruction that was not sent yet.
    """
    lock_measure(measure)
    if (
        measure.type != MeasureType.TUTOR_NOTIFICATION
        or measure.decision != MeasureDecision.APPROVED
        or measure.implemented_at
        or measure.lifted_at
    ):
        raise ValidationError({"measure": _("Only an approved measure telling tutors, not yet in place, is sent.")})
    if measure.tutor_instruction_prepared_at is None:
        raise ValidationError({"measure": _("Prepare the message for the tutor first.")})
    if measure.tutor_instruction_queued_at is not None:
        raise ValidationError({"measure": _("The message to the tutor has already been sent.")})
    measure.tutor_instruction_queued_at = at
    measure.tutor_instruction_queued_by = acting_user
    measure.save(update_fields=["tutor_instruction_queued_at", "tutor_instruction_queued_by"])
    queue_notifications(
        [
            Outgoing(
                recipient_id=None,
                case_id=measure.case_id,
                flag_id=None,
                kind=TUTOR_INSTRUCTION,
                subject=f"tutor_instruction:{measure.pk}",
                to_email=measure.tutor_email,
            )
        ],
        at=at,
    )
    record_measure_step(
        measure,
        action="measure.tutor_message_send",
        event="tutor_message_queued",
        text=_("Message to the tutor sent for e-mailing for interim measure %(code)s.") % {"code": measure.code},
        acting_user=acting_user,
        at=at,
    )
    return measure


def complete_tutor_notification(measure: Measure, *, sent_at: dt.datetime) -> Measure | None:
    """The tutor's e-mail was sent: record the measure as implemented at `sent_at`, by the officer who sent
    it. Nothing if the measure was lifted or implemented meanwhile (returns None)."""
    lock_measure(measure)
    if (
        measure.implemented_at is not None
        or measure.lifted_at is not None
        or measure.tutor_instruction_queued_by is None
    ):
        return None
    return do_implement_measure(
        measure,
        implemented_at=sent_at,
        note=_("The instruction was e-mailed to the tutor."),
        acting_user=measure.tutor_instruction_queued_by,
        at=sent_at,
    )
