"""One-time links to set a password (invitations and password resets): issuing, checking and using them.

The token is 256 bits derived from a random seed with the SECRET_KEY; the database keeps its SHA-256
only (and the seed until the e-mail is sent, accounts.models.AccountLink). A link works once, until it
expires; using one withdraws the person's other open links. Tokens are never logged or audited.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils.crypto import salted_hmac

from accounts.models import AccountLink, User
from audit.log import record

_SALT = "casemgr.accounts.link"


class LinkProblem(enum.Enum):
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class LinkCheck:
    link: AccountLink | None
    problem: LinkProblem | None

    @property
    def ok(self) -> bool:
        return self.link is not None and self.problem is None


def hours_valid(purpose: str) -> int:
    if purpose == AccountLink.Purpose.INVITATION:
        return int(settings.CASEMGR_INVITATION_HOURS)
    return int(settings.CASEMGR_PASSWORD_RESET_HOURS)


def _token_from_seed(seed: str) -> str:
    return salted_hmac(_SALT, seed, algorithm="sha256").hexdigest()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link(user: User, *, purpose: str, created_by: User | None, now: dt.datetime) -> AccountLink:
    """A new link for `user`, valid for the purpose's hours from `now`. The caller audits and sends it."""
    seed = secrets.token_hex(32)
    return AccountLink.objects.create(
        user=user,
        purpose=purpose,
        token_hash=_hash(_token_from_seed(seed)),
        seed=seed,
        created_at=now,
        expires_at=now + dt.timedelta(hours=hours_valid(purpose)),
        created_by=created_by,
    )


def token_of(link: AccountLink) -> str | None:
    """The link's token, while its e-mail is not yet sent (the seed is kept until then); None after."""
    return _token_from_seed(link.seed) if link.seed else None


def forget_seed(link_id: int) -> None:
    """Once the e-mail is sent: from now on nobody, not even with the SECRET_KEY, can rebuild the token."""
    AccountLink.objects.filter(pk=link_id).update(seed="")


def check_link(token: str, *, now: dt.datetime, for_update: bool = False) -> LinkCheck:
    """What the token opens: the link, or why it does not work. Never raises for a bad token."""
    if not token or len(token) > 128:
        return LinkCheck(None, LinkProblem.UNKNOWN)
    query = AccountLink.objects.select_related("user")
    if for_update:
        query = query.select_for_update(of=("self",))
    link = query.filter(token_hash=_hash(token)).first()
    if link is None or not link.user.is_active:
        return LinkCheck(None, LinkProblem.UNKNOWN)
    if link.used_at is not None:
        return LinkCheck(link, LinkProblem.USED)
    if link.revoked_at is not None:
        return LinkCheck(link, LinkProblem.WITHDRAWN)
    if now >= link.expires_at:
        return LinkCheck(link, LinkProblem.EXPIRED)
    return LinkCheck(link, None)


def record_link_refused(check: LinkCheck, *, step: str, now: dt.datetime) -> None:
    """The audit row of a link that did not work (opened or posted): who it was for, never the token."""
    assert check.problem is not None
    link = check.link
    record(
        "auth.one_time_link",
        actor=None,
        at=now,
        outcome="failed",
        target=f"user:{link.user_id}" if link is not None else "",
        detail={
            "step": step,
            "problem": check.problem.value,
            "purpose": link.purpose if link is not None else "",
            "link": link.pk if link is not None else None,
        },
    )


@transaction.atomic
def do_set_password_with_link(token: str, *, password: str, now: dt.datetime) -> LinkCheck:
    """Set the password of the link's person and use the link up; the check says why not otherwise.

    Precondition: `password` passed the password validators (the form runs them; they run again here
    so no caller can skip them: ValidationError). Withdraws the person's other open links. Audited.
    """
    check = check_link(token, now=now, for_update=True)
    if not check.ok:
        record_link_refused(check, step="set_password", now=now)
        return check
    link = check.link
    assert link is not None
    user = link.user
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    link.used_at = now
    link.seed = ""
    link.save(update_fields=["used_at", "seed"])
    AccountLink.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).exclude(pk=link.pk).update(
        revoked_at=now, seed=""
    )
    record(
        "auth.password_set",
        actor=None,
        at=now,
        target=f"user:{user.pk}",
        detail={"purpose": link.purpose, "link": link.pk},
    )
    return check
