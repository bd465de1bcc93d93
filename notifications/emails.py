"""Rendering notification emails in the recipient's language. Subjects and bodies carry only the case
reference, the overdue step in plain words and a link."""

from __future__ import annotations

from collections.abc import Sequence
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import User
from notifications.models import Notification
from notifications.wording import case_link, headline, sentences


def _language(user: User) -> str:
    return user.preferred_language or settings.LANGUAGE_CODE


def render_notification_email(notification: Notification) -> EmailMessage:
    """The email for one notification. Precondition: recipient and case are loaded and the recipient has
    an email address. The Message-ID is the row's, so a resend after a crash is the same message."""
    recipient = notification.recipient
    with translation.override(_language(recipient)):
        context = {
            "headline": headline(notification),
            "sentences": sentences(notification),
            "link": case_link(notification.case),
        }
        subject = render_to_string("notifications/email/subject.txt", context)
        body = render_to_string("notifications/email/body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        headers={"Message-ID": notification.message_id},
    )


def render_digest_email(recipient: User, notifications: Sequence[Notification]) -> EmailMessage:
    """One email listing several notifications. Precondition: each notification's case is loaded."""
    with translation.override(_language(recipient)):
        items = [{"headline": headline(n), "sentences": sentences(n), "link": case_link(n.case)} for n in notifications]
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
