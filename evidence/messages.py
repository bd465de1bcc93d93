"""The outbox message evidence matching sends (notifications.kinds): a possible link between two cases,
to each case's supervisors, about their own case only."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.kinds import MessageKind, register, site_link
from notifications.models import Notification, NotificationKind


def _reference(notification: Notification) -> str:
    return notification.case.reference if notification.case is not None else ""


def _headline(notification: Notification) -> str:
    return _("%(reference)s: a possible link to another case") % {"reference": _reference(notification)}


def _sentences(notification: Notification) -> list[str]:
    # Nothing of the other case: not its reference, summary or evidence.
    return [
        _("A possible link between %(reference)s and another case needs a supervisor's review.")
        % {"reference": _reference(notification)}
    ]


def _link(notification: Notification) -> str:
    if notification.case is None:
        return site_link("/")
    return site_link(reverse("office:case_detail", kwargs={"public_id": notification.case.public_id}))


def register_messages() -> None:
    register(
        MessageKind(
            name=NotificationKind.POSSIBLE_LINK.value,
            label=NotificationKind.POSSIBLE_LINK.label,
            headline=_headline,
            sentences=_sentences,
            link=_link,
        )
    )
