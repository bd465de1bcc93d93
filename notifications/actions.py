"""What a person does with their own notifications. Only ever the acting user's own rows."""

from __future__ import annotations

import datetime as dt

from accounts.models import User
from audit.actions import audited, record_action
from notifications.models import Notification, NotificationPreference


def do_mark_read(user: User, *, notification_id: int, at: dt.datetime) -> bool:
    """Mark one of the user's own notifications read; False if there is no such unread one of theirs."""
    updated = Notification.objects.filter(pk=notification_id, recipient=user, read_at__isnull=True).update(read_at=at)
    return updated == 1


def do_mark_all_read(user: User, *, at: dt.datetime) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=at)


@audited
def do_set_daily_digest(user: User, *, daily_digest: bool, at: dt.datetime) -> NotificationPreference:
    """Choose one daily digest (True) or separate emails (False). Pending messages follow the new choice."""
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"daily_digest": daily_digest}
    )
    record_action("notifications.preference", actor=user, at=at, detail={"daily_digest": daily_digest})
    return preference
