"""Staff roles are groups named as in the interchange vocabulary (casemgr.vocabulary.StaffRole)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from casemgr.vocabulary import StaffRole

if TYPE_CHECKING:
    from accounts.models import User


__all__ = ["StaffRole", "has_role", "is_staff_member", "roles_of"]


def has_role(user: Any, role: StaffRole) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return role.value in _role_names(user)


def is_staff_member(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(_role_names(user))


def _role_names(user: User) -> set[str]:
    # Cached on the user object for the request: role checks run on every page.
    cached: set[str] | None = getattr(user, "_casemgr_roles", None)
    if cached is None:
        valid = set(StaffRole.values)
        cached = {name for name in user.groups.values_list("name", flat=True) if name in valid}
        setattr(user, "_casemgr_roles", cached)  # noqa: B010
    return cached


def roles_of(user: Any) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(_role_names(user))
