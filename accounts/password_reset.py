"""Asking for a password reset: the same answer whether or not an account matches, throttled.

Only people on cases who already chose a password (by an invitation) reset it this way. Staff accounts
are reset by an administrator (a mailed link is one more way into case data); a person never invited
gets nothing, since an e-mail would tell her that she is on a case (an affected person may not know).

A request from an address that asked too often in the last RESET_WINDOW is refused for everyone alike;
a person who was sent RESET_PER_PERSON links in that window gets no further one, silently (the page
says the same).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q

from accounts.link_mail import queue_link_mail
from accounts.links import issue_link
from accounts.models import AccountLink, PasswordResetRequest, User
from accounts.two_factor import must_use_second_factor
from audit.log import record

RESET_WINDOW = dt.timedelta(hours=1)
RESET_PER_SOURCE = 5
RESET_PER_PERSON = 3


def account_for(identifier: str) -> User | None:
    """The active, invited account of a person on a case whose institutional id or e-mail address this is."""
    identifier = identifier.strip()
    if not identifier:
        return None
    matches = list(User.objects.filter(Q(username=identifier) | Q(email__iexact=identifier), is_active=True)[:2])
    if len(matches) != 1:
        return None
    user = matches[0]
    if not user.email or not user.has_usable_password() or must_use_second_factor(user):
        return None
    return user


def source_throttled(source: str, *, now: dt.datetime) -> bool:
    return PasswordResetRequest.objects.filter(source=source, at__gt=now - RESET_WINDOW).count() >= RESET_PER_SOURCE


@transaction.atomic
def do_request_password_reset(identifier: str, *, source: str, now: dt.datetime) -> bool:
    """Queue a reset link for the matching account, if any; False when the source is throttled.

    The return value does not say whether an account matched. Audited either way, without what was
    typed (it may be someone's e-mail address).
    """
    if source_throttled(source, now=now):
        record("auth.password_reset_request", actor=None, at=now, outcome="denied", detail={"throttled": True})
        return False
    PasswordResetRequest.objects.create(source=source, at=now)
    PasswordResetRequest.objects.filter(at__lt=now - dt.timedelta(days=1)).delete()
    user = account_for(identifier)
    sent = False
    if user is not None:
        recent = AccountLink.objects.filter(
            user=user, purpose=AccountLink.Purpose.PASSWORD_RESET, created_at__gt=now - RESET_WINDOW
        ).count()
        if recent < RESET_PER_PERSON:
            link = issue_link(user, purpose=AccountLink.Purpose.PASSWORD_RESET, created_by=None, now=now)
            queue_link_mail(link, at=now)
            sent = True
    record(
        "auth.password_reset_request",
        actor=None,
        at=now,
        target=f"user:{user.pk}" if user is not None else "",
        detail={"sent": sent},
    )
    return True
