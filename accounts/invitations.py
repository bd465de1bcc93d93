"""Inviting a person on a case (a complainant or respondent) to set a password and sign in."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from accounts.link_mail import queue_link_mail
from accounts.links import issue_link
from accounts.models import AccountLink, User
from audit.log import record


class CannotInvite(Exception):
    """The person cannot be invited (no e-mail address, or the account is switched off)."""


def check_invitable(user: User) -> None:
    """Raises CannotInvite when the invitation could not reach anyone."""
    if not user.is_active:
        raise CannotInvite("inactive")
    if not user.email:
        raise CannotInvite("no_email")


@transaction.atomic
def do_invite_party(
    *, case_party_user: User, invited_by: User | None, now: dt.datetime, case_id: int | None = None
) -> AccountLink:
    """Queue an invitation e-mail with a one-time link (CASEMGR_INVITATION_HOURS) to set a password.

    Precondition: the caller has checked that `invited_by` may act on the person's case (the office's
    case page asks for the change permission; intake code acts for the office). `case_id` only names the
    case on the audit row. Raises CannotInvite (nothing written). Earlier open links keep working until
    one of them is used; then the others stop.
    """
    check_invitable(case_party_user)
    link = issue_link(case_party_user, purpose=AccountLink.Purpose.INVITATION, created_by=invited_by, now=now)
    queue_link_mail(link, at=now)
    record(
        "auth.invitation",
        actor=invited_by,
        at=now,
        case_id=case_id,
        target=f"user:{case_party_user.pk}",
        detail={"link": link.pk},
    )
    return link


def last_invitations(users: list[User]) -> dict[int, dt.datetime]:
    """When each of `users` was last invited, by user id (for the case page)."""
    found: dict[int, dt.datetime] = {}
    rows = AccountLink.objects.filter(user__in=users, purpose=AccountLink.Purpose.INVITATION).values_list(
        "user_id", "created_at"
    )
    for user_id, created_at in rows:
        if user_id not in found or created_at > found[user_id]:
            found[user_id] = created_at
    return found
