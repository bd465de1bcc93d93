"""The e-mail to a tutor and the page its link opens.

The e-mail carries no name, reference or instruction: only a link with a signed token naming the measure,
valid for TUTOR_LINK_DAYS and only while the measure is in force. The page shows the instruction, which
was checked to say only what the tutor must do (accommodations.tutors.check_tutor_instruction).
"""

from __future__ import annotations

import datetime as dt

from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accommodations.models import Measure
from accommodations.tutors import TUTOR_INSTRUCTION, complete_tutor_notification
from notifications.kinds import MessageKind, register, site_link
from notifications.models import Notification

TUTOR_LINK_DAYS = 60
_SALT = "casemgr.tutor-instruction"


def tutor_token(measure: Measure) -> str:
    return signing.dumps({"measure": measure.pk}, salt=_SALT, compress=True)


def measure_for_token(token: str) -> Measure | None:
    """The measure whose instruction the token opens, or None if the token is forged, expired, or the
    measure is no longer in force (lifted) or has no instruction."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=dt.timedelta(days=TUTOR_LINK_DAYS))
    except signing.BadSignature:
        return None
    measure_id = data.get("measure") if isinstance(data, dict) else None
    if not isinstance(measure_id, int):
        return None
    return (
        Measure.objects.filter(pk=measure_id, lifted_at__isnull=True, tutor_instruction_queued_at__isnull=False)
        .exclude(tutor_instruction="")
        .first()
    )


def _measure_of(notification: Notification) -> Measure | None:
    _kind, _, measure_id = notification.subject.partition(":")
    return Measure.objects.filter(pk=int(measure_id)).first() if measure_id.isdigit() else None


def _headline(notification: Notification) -> str:
    return _("An instruction from the conduct office")


def _sentences(notification: Notification) -> list[str]:
    return [
        _("The conduct office asks you to make an arrangement for students in your teaching."),
        _("Please read the instruction and keep it confidential."),
    ]


def _link(notification: Notification) -> str:
    measure = _measure_of(notification)
    if measure is None:
        return site_link("/")
    return site_link(reverse("tutor_instruction", kwargs={"token": tutor_token(measure)}))


def _sent(notification: Notification, at: dt.datetime) -> None:
    measure = _measure_of(notification)
    if measure is not None:
        complete_tutor_notification(measure, sent_at=at)


def register_messages() -> None:
    register(
        MessageKind(
            name=TUTOR_INSTRUCTION,
            label=gettext_lazy("Instruction to a tutor"),
            headline=_headline,
            sentences=_sentences,
            link=_link,
            link_label=gettext_lazy("Read the instruction here:"),
            on_sent=_sent,
        )
    )
