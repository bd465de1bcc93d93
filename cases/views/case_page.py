"""The case page for officers and supervisors, and the hearing bundle for panel members."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit.reads import record_case_view
from casemgr.clock import now
from cases.access import HEARING_BUNDLE, SUPERVISE, VIEW, access_case, user_may
from cases.measure_pages import measure_panels
from cases.pages import bundle_page, case_page
from cases.views.common import acting_user
from deadlines.calendar import WorkingCalendar


@login_required
@require_GET
def case_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=VIEW)
    at = now()
    record_case_view(user, case_id=case.pk, page="case_page", at=at)
    calendar = WorkingCalendar.load()
    context = {
        "case": case,
        "page": case_page(case, calendar=calendar),
        "measures": measure_panels(case, calendar=calendar, now=at),
        "may_supervise": user_may(user, case, SUPERVISE),
        "now": at,
    }
    return render(request, "cases/case_detail.html", context)


@login_required
@require_GET
def hearing_bundle(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=HEARING_BUNDLE)
    at = now()
    record_case_view(user, case_id=case.pk, page="hearing_bundle", at=at)
    return render(request, "cases/bundle.html", {"case": case, "page": bundle_page(case), "now": at})
