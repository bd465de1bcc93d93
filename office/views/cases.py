"""The case list and the case page for officers and supervisors."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accommodations.pages import measure_panels
from accounts.invitations import last_invitations
from accounts.roles import StaffRole, has_role, is_staff_member
from audit.reads import record_case_view
from casemgr.clock import now
from cases.access import CHANGE, SUPERVISE, VIEW, CasePermissions, access_case, user_may
from cases.forms import CaseFilterForm
from cases.models import Party
from cases.officer_choices import officers_for_filter
from cases.pages import PartyGroup, case_page, hearing_bundles, outcome_markers
from cases.pages import case_list as list_cases
from cases.views.common import acting_user
from deadlines.calendar import WorkingCalendar
from office.case_deadlines import case_deadlines
from office.queue import HORIZON_WORKING_DAYS, MAX_ITEMS, work_queue
from office.views.invitations import INVITABLE_ROLES
from oversight.selectors import worst_flag_by_case
from privacy.holds import active_hold

PAGE_SIZE = 25


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not is_staff_member(user):
        # A complainant or respondent (no staff role) has her own list of her cases.
        return redirect("portal:my_cases")
    form = CaseFilterForm(request.GET or None, officers=officers_for_filter(user))
    filters = form.cleaned_data if form.is_valid() else {}
    cases = list_cases(
        user,
        mine=bool(filters.get("mine")),
        stage=filters.get("stage", ""),
        reference=filters.get("q", ""),
        conduct=filters.get("conduct", ""),
        officer_id=filters.get("officer"),
        min_level=filters.get("level"),
        sort=filters.get("sort") or "urgency",
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = [case.pk for case in page]
    flags = worst_flag_by_case(shown)
    markers = outcome_markers(shown)
    may_record = has_role(user, StaffRole.CONDUCT_OFFICER) or has_role(user, StaffRole.CASE_SUPERVISOR)
    # The home page of officers and supervisors: what is overdue or due soon comes before the list (not
    # once she is filtering or paging the list itself).
    home = may_record and not request.GET
    queue = work_queue(user, now=now(), calendar=WorkingCalendar.load()) if home else None
    context = {
        "queue": queue,
        "horizon_days": HORIZON_WORKING_DAYS,
        "queue_cut": queue is not None and len(queue) >= MAX_ITEMS,
        "queue_max": MAX_ITEMS,
        "form": form,
        "page": page,
        "rows": [(case, flags.get(case.pk), markers[case.pk]) for case in page],
        "bundles": list(hearing_bundles(user)) if has_role(user, StaffRole.PANEL_MEMBER) else [],
        "may_record": may_record,
    }
    return render(request, "office/case_list.html", context)


def _invitations(groups: list[PartyGroup]) -> list[tuple[Party, dt.datetime | None]]:
    """Each complainant and respondent, with when they were last invited to sign in (None: never)."""
    parties = [p for g in groups if g.role in INVITABLE_ROLES for p in g.parties]
    invited = last_invitations([p.person for p in parties])
    return [(p, invited.get(p.person_id)) for p in parties]


@login_required
@require_GET
def case_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    checker = CasePermissions(user)  # the page's three questions about this case, one read
    case = access_case(user, public_id, permission=VIEW, checker=checker)
    at = now()
    record_case_view(user, case_id=case.pk, page="case_page", at=at)
    calendar = WorkingCalendar.load()
    page = case_page(case, calendar=calendar)
    measures = measure_panels(case, calendar=calendar, now=at)
    context = {
        "case": case,
        "page": page,
        "invitations": _invitations(page.party_groups),
        "may_invite": user_may(user, case, CHANGE, checker=checker),
        "measures": measures,
        "deadlines": case_deadlines(page, measures, now=at),
        "may_supervise": user_may(user, case, SUPERVISE, checker=checker),
        "legal_hold": active_hold(case),
        "calendar": calendar,
        "now": at,
    }
    return render(request, "office/case_detail.html", context)
