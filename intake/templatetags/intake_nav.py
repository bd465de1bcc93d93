from typing import Any

from django import template

from intake.access import is_intake_staff

register = template.Library()


@register.filter
def reads_online_reports(user: Any) -> bool:
    """Whether the header shows the intake queue: the intake team's officers and supervisors."""
    return is_intake_staff(user)
