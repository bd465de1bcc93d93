"""Who e-mails a one-time link. The outbox sits above accounts (it imports accounts' models), so the
app that owns the outbox registers the mailer at start-up (notifications.account_links), as apps
register their message kinds and flag kinds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

from accounts.models import AccountLink

LinkMailer = Callable[[AccountLink, dt.datetime], None]

_mailer: list[LinkMailer] = []


def register_link_mailer(mailer: LinkMailer) -> None:
    """Called once, from an AppConfig.ready(): `mailer(link, at)` queues the link's e-mail in the caller's
    transaction."""
    if _mailer and _mailer[0] is not mailer:
        raise ImproperlyConfigured("two mailers of one-time links are registered")
    _mailer[:] = [mailer]


def queue_link_mail(link: AccountLink, *, at: dt.datetime) -> None:
    if not _mailer:
        raise ImproperlyConfigured("no mailer of one-time links is registered (notifications.apps)")
    _mailer[0](link, at)
