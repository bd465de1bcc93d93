"""The per-case access report page (audit.report), for the case's supervisors."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import User
from audit.log import record
from audit.reads import ACCESS_REPORT
from audit.report import access_report as build_report
from casemgr.clock import now
from cases.access import SUPERVISE, access_case


@login_required
@require_GET
def access_report(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # behind login_required
    case = access_case(user, public_id, permission=SUPERVISE)
    page_number = request.GET.get("page")
    # Reading who looked at a case is itself a look at it, and appears in the report.
    record(ACCESS_REPORT, actor=user, at=now(), case_id=case.pk, detail={"page": "access_report"})
    report = build_report(case.pk, page_number=page_number)
    return render(request, "cases/access_report.html", {"case": case, "report": report})
