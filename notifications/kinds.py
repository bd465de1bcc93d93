"""The kinds of message the outbox carries, each registered by the app that sends it.

The outbox (models, sending, digests) is the same for every message; what a message says, where its link
goes and what happens once it is sent belong to the app that queues it. Each app registers its kinds in
its AppConfig.ready() (e.g. oversight: overdue steps; evidence: possible links), so the outbox never
imports the apps above it.

Wording rules for every kind: the headline is the e-mail subject, so it never carries a name, an
allegation or any free text; the body says what happened in plain words and links to where to read more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from notifications.models import Notification


DEFAULT_LINK_LABEL = _("Open the case to see what is due:")


@dataclass(frozen=True)
class MessageKind:
    name: str
    label: str | Promise
    # Each is called with the row (its recipient and case loaded) in the recipient's language.
    headline: Callable[[Notification], str]
    sentences: Callable[[Notification], list[str]]
    link: Callable[[Notification], str]
    # The line before the link in the e-mail body.
    link_label: str | Promise = DEFAULT_LINK_LABEL
    # Called in the transaction that marks the row sent (e.g. a tutor's instruction sent completes its step).
    on_sent: Callable[[Notification, dt.datetime], None] | None = None
    # A message only for the person's mailbox, sent at once: never in the notification list or a digest
    # (a one-time sign-in link must not be readable by whoever holds a signed-in session).
    mail_only: bool = False


_KINDS: dict[str, MessageKind] = {}


def register(kind: MessageKind) -> None:
    existing = _KINDS.get(kind.name)
    if existing is not None and existing != kind:
        raise ImproperlyConfigured(f"two message kinds are registered as {kind.name!r}")
    _KINDS[kind.name] = kind


def message_kind(name: str) -> MessageKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise ImproperlyConfigured(f"no message kind {name!r} is registered (an app's AppConfig.ready)") from None


def registered_kinds() -> list[MessageKind]:
    return sorted(_KINDS.values(), key=lambda k: k.name)


def mail_only_kinds() -> list[str]:
    """The names of the kinds that never show in the notification list or a digest."""
    return sorted(name for name, kind in _KINDS.items() if kind.mail_only)


def site_link(path: str) -> str:
    """An absolute link for e-mails, on CASEMGR_SITE_URL (the address people reach the system at)."""
    return f"{settings.CASEMGR_SITE_URL}{path}"
