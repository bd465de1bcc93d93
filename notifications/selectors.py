"""Reading a person's own notifications."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from notifications.kinds import mail_only_kinds
from notifications.models import Notification, NotificationPreference


def notifications_for(user: Any) -> QuerySet[Notification]:
    """The user's own notifications, newest first, with the case for the reference and link."""
    return Notification.objects.filter(recipient_id=user.pk).exclude(kind__in=mail_only_kinds()).select_related("case")


def unread_count(user: Any) -> int:
    unread = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    return unread.exclude(kind__in=mail_only_kinds()).count()


def preference_of(user: Any) -> NotificationPreference:
    """The user's preference, unsaved default (separate emails) if they never chose."""
    found = NotificationPreference.objects.filter(user_id=user.pk).first()
    return found or NotificationPreference(user_id=user.pk, daily_digest=False)
