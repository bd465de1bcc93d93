"""The header's link to a person's own account page (people on cases; staff manage theirs elsewhere)."""

from __future__ import annotations

from typing import Any

from django import template

from accounts.two_factor import must_use_second_factor

register = template.Library()


@register.filter
def has_account_page(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and not must_use_second_factor(user)
