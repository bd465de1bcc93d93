"""What the site navigation offers a member of staff, once she is fully signed in."""

from __future__ import annotations

from typing import Any

from django import template

from accounts.roles import StaffRole, has_role, is_staff_member
from accounts.two_factor import is_verified, requires_second_factor

register = template.Library()


@register.filter
def signed_in_fully(user: Any) -> bool:
    """Signed in and past the second factor where one is needed: until then every link in the navigation
    would only lead back to the two-factor page."""
    if not getattr(user, "is_authenticated", False):
        return False
    return not requires_second_factor(user) or is_verified(user)


@register.filter
def sees_flags(user: Any) -> bool:
    """Officers and supervisors have the overdue-step pages (office.views.flags)."""
    return is_staff_member(user) and (
        has_role(user, StaffRole.CONDUCT_OFFICER) or has_role(user, StaffRole.CASE_SUPERVISOR)
    )
