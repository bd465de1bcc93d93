"""Rendering notification emails in the recipient's language, with the words of the message's kind
(notifications.kinds): subjects and bodies carry no name, allegation or free text, only a link."""

from __future__ import annotations

from collections.abc import Sequence
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import User
from notifications.kinds import message_kind
from notifications.models import Notification


def language_of(user: User | None) -> str:
    return (user.preferred_language if user is not None else "") or settings.LANGUAGE_CODE


def entry(notification: Notification) -> dict[str, object]:
    """What a notification says, in the active language: headline, sentences and link."""
    kind = message_kind(notification.kind)
    return {
        "notification": notification,
        "headline": kind.headline(notification),
        "sentences": kind.sentences(notification),
        "link": kind.link(notification),
        "link_label": str(kind.link_label),
    }


def render_notification_email(notification: Notification) -> EmailMessage:
    """The email for one notification. Precondition: recipient and case are loaded and there is an address.
    The Message-ID is the row's, so a resend after a crash is the same message."""
    with translation.override(language_of(notification.recipient)):
        context = entry(notification)
        subject = render_to_string("notifications/email/subject.txt", context)
        body = render_to_string("notifications/email/body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.address],
        headers={"Message-ID": notification.message_id},
    )


def render_digest_email(recipient: User, notifications: Sequence[Notification]) -> EmailMessage:
    """One email listing several notifications. Precondition: each notification's case is loaded."""
    with translation.override(language_of(recipient)):
        items = [entry(n) for n in notifications]
        context = {"count": len(items), "items": items}
        subject = render_to_string("notifications/email/digest_subject.txt", context)
        body = render_to_string("notifications/email/digest_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        headers={"Message-ID": make_msgid(domain="casemgr.notifications")},
    )
