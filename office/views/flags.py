"""The overdue-flag dashboards: an officer's open flags, most urgent first; a supervisor's team by level."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.roles import StaffRole, has_role, is_staff_member
from audit.reads import PAGE_ACCESS, record_denied
from casemgr.clock import now
from office.selectors import open_flags_visible_to, with_adjustments
from oversight.models import Flag, SweepRun

PAGE_SIZE = 50
LEVELS = (3, 2, 1)


@dataclass(frozen=True)
class LevelGroup:
    level: int
    count: int  # open flags at this level, on every page
    flags: list[Flag]  # those on this page
    first_page: int  # the page this level starts on


@login_required
@require_GET
def flag_list(request: HttpRequest) -> HttpResponse:
    if not is_staff_member(request.user):
        record_denied(PAGE_ACCESS, actor=request.user, at=now(), detail={"page": "oversight.flag_list"})
        raise Http404
    page = Paginator(open_flags_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "flags": with_adjustments(page),
        "is_supervisor": has_role(request.user, StaffRole.CASE_SUPERVISOR),
        "last_sweep": SweepRun.objects.first(),
    }
    return render(request, "office/flag_list.html", context)


@login_required
@require_GET
def team_flags(request: HttpRequest) -> HttpResponse:
    """The team's open flags by level, a page at a time (a whole office's backlog was one 750 KB page).

    The page cuts the one urgency order (level, then the longest overdue), so each page shows the
    levels it reaches; every level's heading gives its whole count and the page where it starts.
    """
    if not has_role(request.user, StaffRole.CASE_SUPERVISOR):
        record_denied(PAGE_ACCESS, actor=request.user, at=now(), detail={"page": "oversight.team_flags"})
        raise Http404
    # Within a level, the oldest overdue first.
    flags = open_flags_visible_to(request.user).order_by("-level", "-overdue_working_days", "raised_at", "id")
    counts = dict(flags.order_by().values_list("level").annotate(flags=Count("id")))
    paginator = Paginator(flags, PAGE_SIZE)
    paginator.count = sum(counts.values())  # known from the counts: no second COUNT query
    page = paginator.get_page(request.GET.get("page"))
    on_page = with_adjustments(page.object_list)
    levels = []
    above = 0  # flags at higher levels, which come first
    for level in LEVELS:
        count = counts.get(level, 0)
        flags_here = [f for f in on_page if f.level == level]
        levels.append(LevelGroup(level=level, count=count, flags=flags_here, first_page=above // PAGE_SIZE + 1))
        above += count
    context = {
        "page": page,
        "levels": levels,
        "groups": [(group.level, group.flags) for group in levels],
        "total": paginator.count,
        "last_sweep": SweepRun.objects.first(),
    }
    return render(request, "office/team_flags.html", context)
