"""The privacy notice (public) and the data protection officer's pages (deny by default: the role only)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.roles import StaffRole, has_role
from privacy.models import DataRequest, LegalHold, RetentionSchedule


@require_GET
def notice(request: HttpRequest) -> HttpResponse:
    """What is collected, why, who sees it, how long it is kept, how to ask for it (DPP5). Public."""
    schedule = RetentionSchedule.objects.prefetch_related("rules").first()
    return render(request, "privacy/notice.html", {"schedule": schedule})


def _officer(request: HttpRequest) -> None:
    if not has_role(request.user, StaffRole.DATA_PROTECTION_OFFICER):
        raise Http404


@login_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    _officer(request)
    context = {
        "requests": DataRequest.objects.order_by("decided_at", "due_at", "id")[:200],
        "holds": LegalHold.objects.filter(lifted_at__isnull=True).select_related("case")[:200],
    }
    return render(request, "privacy/request_list.html", context)
