"""Template helpers for showing flags next to cases (the case list uses `worst_flag_by_case`)."""

from __future__ import annotations

from collections.abc import Mapping

from django import template

from oversight.models import Flag

register = template.Library()


@register.filter
def flag_for(flags: Mapping[int, Flag], case_id: int) -> Flag | None:
    """`{{ flags|flag_for:case.pk }}` with `flags` from oversight.selectors.worst_flag_by_case."""
    return flags.get(case_id)


@register.inclusion_tag("oversight/_flag_step.html")
def flag_step(flag: Flag) -> dict[str, Flag]:
    """The overdue step of a flag in words: its kind and, on measure flags, the measure's code."""
    return {"flag": flag}
