"""Template helpers: whether the signed-in user is a party (the navigation and the 404 page), and the
parties' panel of the officer's case page (so the office app needs no import of this one)."""

from __future__ import annotations

from typing import Any

from django import template

from accommodations.pages import MeasurePanel
from casemgr.clock import now
from cases.models import Case
from cases.pages import PartyGroup
from deadlines.calendar import WorkingCalendar
from oversight.kinds import kind_label
from portal.access import is_party as _is_party
from portal.officer import officer_panel

register = template.Library()


@register.filter
def is_party(user: Any) -> bool:
    return _is_party(user)


@register.inclusion_tag("portal/_officer_panel.html")
def parties_panel(
    case: Case, calendar: WorkingCalendar, party_groups: list[PartyGroup], measures: list[MeasurePanel]
) -> dict[str, Any]:
    """The panel, from what the case page has read already: its calendar, its parties in their groups
    and its measures' panels."""
    panel = officer_panel(
        case,
        calendar=calendar,
        now=now(),
        parties=[p for group in party_groups for p in group.parties],
        measures=[m.measure for m in measures],
    )
    return {"panel": panel}


@register.filter
def flag_label(kind: str) -> str:
    return kind_label(kind)


@register.filter
def get(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, "")
