from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rest_framework.permissions import BasePermission

from accounts.roles import is_staff_member

if TYPE_CHECKING:
    from rest_framework.request import Request


class IsStaffMember(BasePermission):
    """The API is for case staff; object access is then checked by the access functions."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and is_staff_member(request.user))
