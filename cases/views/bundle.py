"""The hearing bundle for panel members (the officers' case page is office.views.cases)."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit.reads import record_case_view
from casemgr.clock import now
from cases.access import HEARING_BUNDLE, access_case
from cases.pages import bundle_page
from cases.views.common import acting_user


@login_required
@require_GET
def hearing_bundle(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=HEARING_BUNDLE)
    at = now()
    record_case_view(user, case_id=case.pk, page="hearing_bundle", at=at)
    return render(request, "cases/bundle.html", {"case": case, "page": bundle_page(case), "now": at})
