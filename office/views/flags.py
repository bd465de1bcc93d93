"""The overdue-flag dashboards: an officer's open flags, most urgent first; a supervisor's team by level."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.roles import StaffRole, has_role, is_staff_member
from audit.reads import PAGE_ACCESS, record_denied
from casemgr.clock import now
from office.selectors import open_flags_visible_to, with_adjustments

PAGE_SIZE = 50
LEVELS = (3, 2, 1)


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
    }
    return render(request, "office/flag_list.html", context)


@login_required
@require_GET
def team_flags(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, StaffRole.CASE_SUPERVISOR):
        record_denied(PAGE_ACCESS, actor=request.user, at=now(), detail={"page": "oversight.team_flags"})
        raise Http404
    # Within a level, the oldest overdue first.
    flags = with_adjustments(
        open_flags_visible_to(request.user).order_by("-level", "-overdue_working_days", "raised_at", "id")
    )
    groups = [(level, [f for f in flags if f.level == level]) for level in LEVELS]
    return render(request, "office/team_flags.html", {"groups": groups, "total": len(flags)})
