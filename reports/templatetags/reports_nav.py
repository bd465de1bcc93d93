"""What the navigation offers: a governance reviewer her pages, others the case pages."""

from __future__ import annotations

from typing import Any

from django import template

from accounts.roles import StaffRole, has_role

register = template.Library()


@register.filter
def is_reviewer(user: Any) -> bool:
    return has_role(user, StaffRole.GOVERNANCE_REVIEWER)


@register.filter
def works_on_cases(user: Any) -> bool:
    """Officers, supervisors and panel members have a case list; a reviewer only has the reports."""
    roles = (StaffRole.CONDUCT_OFFICER, StaffRole.CASE_SUPERVISOR, StaffRole.PANEL_MEMBER)
    return any(has_role(user, role) for role in roles)


@register.filter
def may_record_complaints(user: Any) -> bool:
    return has_role(user, StaffRole.CONDUCT_OFFICER) or has_role(user, StaffRole.CASE_SUPERVISOR)
