"""The outbox messages about flags (notifications.kinds): to staff when a step is overdue or escalated, and
to the people waiting on a step when it is overdue and when it is done. The words of each step come from
its flag kind (oversight.kinds)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.kinds import MessageKind, register, site_link
from notifications.models import Notification, NotificationKind
from oversight.kinds import flag_kind

LEVEL_SENTENCE = {
    1: gettext_lazy("You are told because you are assigned to the case."),
    2: gettext_lazy("It has been escalated to the team's supervisors."),
    3: gettext_lazy("It has been escalated to governance review."),
}


def _reference(notification: Notification) -> str:
    return notification.case.reference if notification.case is not None else ""


def _staff_headline(notification: Notification) -> str:
    step = str(flag_kind(notification.step_kind).title)
    if notification.case is None:
        return _("%(step)s (level %(level)s)") % {"step": step, "level": notification.level}
    return _("%(reference)s: %(step)s (level %(level)s)") % {
        "reference": _reference(notification),
        "step": step,
        "level": notification.level,
    }


def _staff_sentences(notification: Notification) -> list[str]:
    sentences = [str(flag_kind(notification.step_kind).staff_sentence)]
    level = LEVEL_SENTENCE.get(notification.level)
    if level and notification.case is not None:
        sentences.append(str(level))
    return sentences


def _staff_link(notification: Notification) -> str:
    if notification.case is not None:
        return site_link(reverse("office:case_detail", kwargs={"public_id": notification.case.public_id}))
    if notification.flag is not None:
        return site_link(flag_kind(notification.step_kind).staff_link(notification.flag))
    return site_link("/")


def _waiting_link(notification: Notification) -> str:
    # The person waiting is a party: her own case page, not the office's (which she may not open).
    if notification.case is not None:
        return site_link(reverse("portal:case", kwargs={"case_id": notification.case.public_id}))
    if notification.flag is not None:
        return site_link(flag_kind(notification.step_kind).waiting_link(notification.flag))
    return site_link("/")


# No reference in a party's subject line: an e-mail subject is read on lock screens and shared devices.
def _overdue_headline(notification: Notification) -> str:
    return _("Your case: something you are waiting for is late")


def _done_headline(notification: Notification) -> str:
    return _("Your case: something you were waiting for was done")


def _overdue_sentences(notification: Notification) -> list[str]:
    return [
        str(flag_kind(notification.step_kind).waiting_overdue_sentence),
        _("The staff responsible have been told."),
    ]


def _done_sentences(notification: Notification) -> list[str]:
    return [str(flag_kind(notification.step_kind).waiting_done_sentence)]


def register_messages() -> None:
    register(
        MessageKind(
            name=NotificationKind.STEP_OVERDUE.value,
            label=NotificationKind.STEP_OVERDUE.label,
            headline=_staff_headline,
            sentences=_staff_sentences,
            link=_staff_link,
        )
    )
    register(
        MessageKind(
            name=NotificationKind.REQUEST_OVERDUE.value,
            label=NotificationKind.REQUEST_OVERDUE.label,
            headline=_overdue_headline,
            sentences=_overdue_sentences,
            link=_waiting_link,
            link_label=gettext_lazy("Open your case to see where it stands:"),
        )
    )
    register(
        MessageKind(
            name=NotificationKind.REQUEST_DONE.value,
            label=NotificationKind.REQUEST_DONE.label,
            headline=_done_headline,
            sentences=_done_sentences,
            link=_waiting_link,
            link_label=gettext_lazy("Open your case to see where it stands:"),
        )
    )
