"""Who is a party, and the one way a party's page reaches a case: through her own Party row.

A case she is not a complainant or respondent of gives the same 404 as a missing one, and the refusal
is on the audit trail (as cases.access does for staff).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from accounts.roles import is_staff_member
from audit.reads import ACCESS, record_denied
from casemgr import clock

# The same parsing of a public id as staff access, so a malformed id is refused the same way.
from cases.access import _parse_public_id
from cases.models import Party, PartyRole

PARTY_ROLES = (PartyRole.COMPLAINANT, PartyRole.RESPONDENT)


class PartyCaseNotFound(Http404):
    """Not her case, or no such case: by design the same."""


def is_party(user: Any) -> bool:
    """A signed-in person without a staff role: her pages are the parties' pages."""
    return bool(getattr(user, "is_authenticated", False)) and user.is_active and not is_staff_member(user)


def parties_of(user: Any) -> QuerySet[Party]:
    """Her complainant and respondent rows, newest case first."""
    if not is_party(user):
        return Party.objects.none()
    return (
        Party.objects.filter(person=user, role__in=PARTY_ROLES)
        .select_related("case", "case__policy")
        .order_by("-case__received_at", "id")
    )


def access_party(user: Any, case_id: Any, *, role: str | None = None) -> Party:
    """`user`'s own Party row on the case with public id `case_id` (with `role` if given).

    Raises PartyCaseNotFound alike for a missing case and one she is not a party of; recorded as denied.
    """
    public_id = _parse_public_id(case_id)
    party = None
    if public_id is not None:
        rows = parties_of(user).filter(case__public_id=public_id)
        if role is not None:
            rows = rows.filter(role=role)
        party = rows.first()
    if party is None:
        detail: dict[str, Any] = {"permission": "party", **({"requested": str(public_id)} if public_id else {})}
        record_denied(ACCESS, actor=user if is_party(user) else None, at=clock.now(), detail=detail)
        raise PartyCaseNotFound
    return party
