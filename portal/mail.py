"""The parties' outbox messages (notifications.kinds): a new message in a case's thread. The subject
names nobody and no case; the link goes to the page where the recipient reads it."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import is_staff_member
from notifications.kinds import MessageKind, register, site_link
from notifications.models import Notification

PARTY_MESSAGE = "party_message"


def _to_staff(notification: Notification) -> bool:
    return notification.recipient is not None and is_staff_member(notification.recipient)


def _headline(notification: Notification) -> str:
    if _to_staff(notification):
        return _("A new message from a party to a case")
    return _("A new message about your case")


def _sentences(notification: Notification) -> list[str]:
    if _to_staff(notification):
        return [_("A party to a case you work on has written to you. Read and answer it on the case page.")]
    return [_("The office handling your case has written to you. Sign in to read it.")]


def _link(notification: Notification) -> str:
    if notification.case is None:
        return site_link("/")
    if _to_staff(notification):
        return site_link(reverse("office:case_detail", kwargs={"public_id": notification.case.public_id}))
    return site_link(reverse("portal:case", kwargs={"case_id": notification.case.public_id}))


def register_messages() -> None:
    register(
        MessageKind(
            name=PARTY_MESSAGE,
            label=gettext_lazy("New message"),
            headline=_headline,
            sentences=_sentences,
            link=_link,
            link_label=gettext_lazy("Open it here:"),
        )
    )
