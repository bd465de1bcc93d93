"""The e-mails of one-time sign-in links (accounts.links): an invitation and a password reset.

Subjects carry no name and no case reference. The link is built at send time from the seed the link
keeps until then, on CASEMGR_SITE_URL; once sent, the seed is forgotten, so the token exists only in
the person's mailbox. These are mail-only kinds: never in the notification list or a digest.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.link_mail import register_link_mailer
from accounts.links import forget_seed, hours_valid, token_of
from accounts.models import AccountLink
from notifications.kinds import MessageKind, register, site_link
from notifications.models import Notification
from notifications.outbox import Outgoing, queue_notifications

INVITATION = "account_invitation"
RESET_KIND = "password_reset"
_KIND_OF_PURPOSE: dict[str, str] = {
    AccountLink.Purpose.INVITATION: INVITATION,
    AccountLink.Purpose.PASSWORD_RESET: RESET_KIND,
}


def _link_of(notification: Notification) -> AccountLink | None:
    _prefix, _, link_id = notification.subject.partition(":")
    return AccountLink.objects.filter(pk=int(link_id)).first() if link_id.isdigit() else None


def _url(notification: Notification) -> str:
    link = _link_of(notification)
    token = token_of(link) if link is not None else None
    if token is None:
        # Already sent once (a resend after a crash): the token cannot be rebuilt; the reset form can.
        return site_link(reverse("password_reset"))
    return site_link(reverse("account_link", kwargs={"token": token}))


def _hours(notification: Notification) -> int:
    link = _link_of(notification)
    return hours_valid(link.purpose if link is not None else AccountLink.Purpose.PASSWORD_RESET)


def _sent(notification: Notification, at: dt.datetime) -> None:
    link = _link_of(notification)
    if link is not None:
        forget_seed(link.pk)


def _invitation_headline(notification: Notification) -> str:
    return _("Your invitation to the case system")


def _reset_headline(notification: Notification) -> str:
    return _("Resetting your password")


def _invitation_sentences(notification: Notification) -> list[str]:
    return [
        _("The university's conduct office invites you to follow your case online and to write to the office."),
        _("Use the link below to choose a password. It works once, and only for the next %(hours)s hours.")
        % {"hours": _hours(notification)},
        _("If the link has expired, ask the conduct office for a new one."),
    ]


def _reset_sentences(notification: Notification) -> list[str]:
    return [
        _("Someone asked to reset the password of your account. If it was not you, you can ignore this message."),
        _("Use the link below to choose a new password. It works once, and only for the next %(hours)s hours.")
        % {"hours": _hours(notification)},
    ]


def queue_link_mail(link: AccountLink, at: dt.datetime) -> None:
    """The outbox row of a link's e-mail, in the caller's transaction."""
    queue_notifications(
        [
            Outgoing(
                recipient_id=link.user_id,
                case_id=None,
                flag_id=None,
                kind=_KIND_OF_PURPOSE[link.purpose],
                subject=f"link:{link.pk}",
            )
        ],
        at=at,
    )


def register_messages() -> None:
    register(
        MessageKind(
            name=INVITATION,
            label=gettext_lazy("Invitation to sign in"),
            headline=_invitation_headline,
            sentences=_invitation_sentences,
            link=_url,
            link_label=gettext_lazy("Choose your password here:"),
            on_sent=_sent,
            mail_only=True,
        )
    )
    register(
        MessageKind(
            name=RESET_KIND,
            label=gettext_lazy("Password reset"),
            headline=_reset_headline,
            sentences=_reset_sentences,
            link=_url,
            link_label=gettext_lazy("Choose a new password here:"),
            on_sent=_sent,
            mail_only=True,
        )
    )
    register_link_mailer(queue_link_mail)
