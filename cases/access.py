"""Who may see and act on a case. Every view and API endpoint fetches cases through these functions.

Access is deny-by-default: a staff role alone grants nothing; object permissions (guardian, direct
foreign-key rows) are granted by assignment (officers), by team (supervisors, through the team's
supervisor group) and by referral (panel members: the hearing bundle only). A missing case and a
forbidden one give the same `Http404`.
"""

from __future__ import annotations

import functools
import uuid
from typing import Any

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User
from accounts.roles import StaffRole, has_role, is_staff_member
from audit.reads import ACCESS, record_denied
from casemgr import clock
from cases.models import Case, CaseAssignment
from cases.models.case import CaseGroupObjectPermission, CaseUserObjectPermission

VIEW = "view_case"
CHANGE = "change_case"
SUPERVISE = "supervise_case"
HEARING_BUNDLE = "view_hearing_bundle"

# The permissions a case role may hold; a user who lost the role loses what it granted.
_ROLE_FOR_PERMISSION = {
    VIEW: (StaffRole.CONDUCT_OFFICER, StaffRole.CASE_SUPERVISOR),
    CHANGE: (StaffRole.CONDUCT_OFFICER, StaffRole.CASE_SUPERVISOR),
    SUPERVISE: (StaffRole.CASE_SUPERVISOR,),
    HEARING_BUNDLE: (StaffRole.PANEL_MEMBER,),
}


class CaseNotFound(Http404):
    """The case does not exist or may not be seen: callers cannot tell which, by design."""


def _parse_public_id(case_id: Any) -> uuid.UUID | None:
    if isinstance(case_id, uuid.UUID):
        return case_id
    try:
        return uuid.UUID(str(case_id))
    except ValueError:
        return None


# The codenames a user holds on one case, granted to her or to one of her groups: guardian's two reads
# (ObjectPermissionChecker.get_perms) in one statement. Every case request runs it; built by the ORM,
# the two were most of the 3-4 ms of access_case (docs/benchmarks.md, "Seventh round").
_CODENAMES = (
    "SELECT p.codename FROM {permission} p JOIN {user_rows} r ON r.permission_id = p.id"
    " WHERE r.content_object_id = %s AND r.user_id = %s AND p.content_type_id = %s"
    " UNION"
    " SELECT p.codename FROM {permission} p JOIN {group_rows} r ON r.permission_id = p.id"
    " JOIN {memberships} m ON m.group_id = r.group_id"
    " WHERE r.content_object_id = %s AND m.user_id = %s AND p.content_type_id = %s"
)


class CasePermissions:
    """What one user holds on cases, as guardian's `ObjectPermissionChecker` answers it (inactive: nothing;
    superuser: everything; otherwise the rows granted to her or her groups), each case read once. A page
    asking several questions about one case passes one; it lives no longer than the request."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self._held: dict[int, frozenset[str]] = {}

    def has_perm(self, permission: str, case: Case) -> bool:
        if not self.user.is_active:
            return False
        if self.user.is_superuser:
            return True
        if case.pk not in self._held:
            self._held[case.pk] = self._read(case)
        return permission in self._held[case.pk]

    def _read(self, case: Case) -> frozenset[str]:
        case_type = ContentType.objects.get_for_model(Case).pk  # cached by Django after the first read
        with connection.cursor() as cursor:
            cursor.execute(_codenames_sql(), [case.pk, self.user.pk, case_type] * 2)
            return frozenset(codename for (codename,) in cursor.fetchall())


@functools.cache
def _codenames_sql() -> str:
    """`_CODENAMES` with the tables' names, filled in once per process."""
    return _CODENAMES.format(
        permission=Permission._meta.db_table,
        user_rows=CaseUserObjectPermission._meta.db_table,
        group_rows=CaseGroupObjectPermission._meta.db_table,
        memberships=User.groups.through._meta.db_table,
    )


def user_may(user: Any, case: Case, permission: str, *, checker: CasePermissions | None = None) -> bool:
    """Whether `user` holds `permission` on `case` (and the role it goes with). A page asking several
    times about one case passes one `checker` (`CasePermissions`), which reads her rows on it once."""
    if not is_staff_member(user):
        return False
    if not any(has_role(user, role) for role in _ROLE_FOR_PERMISSION[permission]):
        return False
    return (checker if checker is not None else CasePermissions(user)).has_perm(permission, case)


def access_case(user: Any, case_id: Any, *, permission: str = VIEW, checker: CasePermissions | None = None) -> Case:
    """The case with public id `case_id` if `user` holds `permission` on it (`checker`: as `user_may`).

    Raises `CaseNotFound` (a 404) alike when the case does not exist and when it is forbidden; either
    way the refusal is on the audit trail, with the case when it exists.
    """
    public_id = _parse_public_id(case_id)
    if public_id is None:
        _record_refusal(user, permission=permission, case=None, requested=None)
        raise CaseNotFound
    case = Case.objects.select_related("team", "policy").filter(public_id=public_id).first()
    if case is None or not user_may(user, case, permission, checker=checker):
        _record_refusal(user, permission=permission, case=case, requested=public_id)
        raise CaseNotFound
    return case


def _record_refusal(user: Any, *, permission: str, case: Case | None, requested: uuid.UUID | None) -> None:
    # The requested id only when it is one (anything else typed into a URL is not kept).
    detail: dict[str, Any] = {"permission": permission}
    if requested is not None:
        detail["requested"] = str(requested)
    record_denied(ACCESS, actor=user, at=clock.now(), case_id=case.pk if case else None, detail=detail)


def cases_visible_to(user: Any) -> QuerySet[Case]:
    """Cases `user` may open as staff: assigned ones for officers, the team's for supervisors.

    Read from the assignment table and the team (indexed) rather than guardian's rows, so the list is
    one query; it agrees with `user_may` because grants and assignments change together.
    """
    if not is_staff_member(user):
        return Case.objects.none()
    return Case.objects.filter(visibility_condition(user))


def visibility_condition(user: Any, *, prefix: str = "") -> Q:
    """`cases_visible_to`'s condition on a case at lookup `prefix` ("" on the case itself, "case__" on a
    row of one): nothing for a person who is not staff."""
    condition = Q(**{f"{prefix}pk__in": []})
    if not is_staff_member(user):
        return condition
    if has_role(user, StaffRole.CONDUCT_OFFICER):
        hers = CaseAssignment.objects.filter(user=user, capacity=CaseAssignment.Capacity.OFFICER)
        condition |= Q(**{f"{prefix}pk__in": hers.values("case_id")})
    if has_role(user, StaffRole.CASE_SUPERVISOR) and user.team_id is not None:
        condition |= Q(**{f"{prefix}team_id": user.team_id})
    return condition


def visible_case_ids(user: Any) -> QuerySet[Any]:
    """The ids of the cases `user` may open (`cases_visible_to`) as a subquery in its cheapest form: for an
    officer who supervises no team, her assignments alone, with no pass over the cases table."""
    supervises = has_role(user, StaffRole.CASE_SUPERVISOR) and user.team_id is not None
    if is_staff_member(user) and has_role(user, StaffRole.CONDUCT_OFFICER) and not supervises:
        return CaseAssignment.objects.filter(user=user, capacity=CaseAssignment.Capacity.OFFICER).values("case_id")
    return cases_visible_to(user).values("pk")


def cases_for_panel_member(user: Any) -> QuerySet[Case]:
    if not has_role(user, StaffRole.PANEL_MEMBER):
        return Case.objects.none()
    return Case.objects.filter(
        pk__in=CaseAssignment.objects.filter(user=user, capacity=CaseAssignment.Capacity.PANEL).values("case_id")
    )
