"""What the navigation offers the data protection officer: her pages, and no case pages."""

from __future__ import annotations

from typing import Any

from django import template

from accounts.roles import StaffRole, has_role

register = template.Library()


@register.filter
def is_privacy_officer(user: Any) -> bool:
    return has_role(user, StaffRole.DATA_PROTECTION_OFFICER)
