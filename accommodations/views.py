"""Interim measures on a case: request, decide, implement, lift."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accommodations.actions import do_decide_measure, do_implement_measure, do_lift_measure, do_request_measure
from accommodations.forms import MeasureDecideForm, MeasureImplementForm, MeasureLiftForm, MeasureRequestForm
from casemgr.clock import now
from cases.access import CHANGE, access_case
from cases.views.common import acting_user, posted, run_case_action

GET_POST = require_http_methods(["GET", "POST"])


@login_required
@GET_POST
def request_measure(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = MeasureRequestForm(posted(request), case=case)
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Record a request for an interim measure"),
        success=_("Measure request recorded."),
        action=lambda: do_request_measure(
            case,
            type=form.cleaned_data["type"],
            requested_by=form.cleaned_data["requested_by"],
            against=form.cleaned_data["against"],
            requested_at=form.cleaned_data["requested_at"],
            details=form.cleaned_data["details"],
            recorded_by=user,
            at=now(),
        ),
    )


@login_required
@GET_POST
def decide_measure(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = MeasureDecideForm(posted(request), case=case)
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Decide on an interim measure"),
        success=_("Decision on the measure recorded."),
        action=lambda: do_decide_measure(
            form.cleaned_data["measure"],
            decision=form.cleaned_data["decision"],
            reasons=form.cleaned_data["reasons"],
            acting_user=user,
            at=now(),
        ),
    )


@login_required
@GET_POST
def implement_measure(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = MeasureImplementForm(posted(request), case=case)
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Record that a measure is in place"),
        success=_("Implementation recorded."),
        action=lambda: do_implement_measure(
            form.cleaned_data["measure"],
            implemented_at=form.cleaned_data["implemented_at"],
            note=form.cleaned_data["note"],
            acting_user=user,
            at=now(),
        ),
    )


@login_required
@GET_POST
def lift_measure(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = MeasureLiftForm(posted(request), case=case)
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Lift an interim measure"),
        success=_("Measure lifted."),
        action=lambda: do_lift_measure(
            form.cleaned_data["measure"], reason=form.cleaned_data["reason"], acting_user=user, at=now()
        ),
    )
