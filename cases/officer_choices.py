"""The officers the case list's filter offers, kept for a few minutes per user.

Which officers are assigned to any case a user may open is a distinct over every assignment of those
cases: at 100,000 cases 12 ms for an officer and 44 ms for a supervisor, on every load of the home page
(docs/benchmarks.md, "Scale"). The choices change only when someone is admitted to a case or withdrawn
from one (cases.admission) or when cases are imported, and those bump a version the key includes; in
another server process the change shows once the entry expires.
"""

from __future__ import annotations

import contextlib

from django.core.cache import cache

from accounts.models import User
from accounts.roles import roles_of
from cases.access import visible_case_ids
from cases.models import CaseAssignment

KEPT_SECONDS = 300
_VERSION_KEY = "casemgr:officer-choices:version"


def officers_for_filter(user: User) -> list[tuple[int, str]]:
    """The officers assigned to any case `user` may open, as (id, name) choices for the list's filter."""
    # Her roles and team are in the key: a supervisor's cases are her team's, an officer's her own.
    version = cache.get_or_set(_VERSION_KEY, 1, None)
    key = f"casemgr:officer-choices:{version}:{user.pk}:{user.team_id}:{','.join(sorted(roles_of(user)))}"
    choices: list[tuple[int, str]] | None = cache.get(key)
    if choices is None:
        choices = _read_officers(user)
        cache.set(key, choices, KEPT_SECONDS)
    return choices


def forget_officer_choices() -> None:
    """After assignments changed: every user's choices are read again on her next list."""
    with contextlib.suppress(ValueError):  # not set yet: nothing is kept under any version
        cache.incr(_VERSION_KEY)


def _read_officers(user: User) -> list[tuple[int, str]]:
    # The officers' ids first, then their rows: a DISTINCT over the joined rows sorted one wide row per case.
    officer_ids = CaseAssignment.objects.filter(
        case_id__in=visible_case_ids(user), capacity=CaseAssignment.Capacity.OFFICER
    ).values("user_id")
    rows = User.objects.filter(pk__in=officer_ids).order_by("display_name", "username")
    return [(officer.pk, str(officer)) for officer in rows]
