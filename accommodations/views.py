"""Interim measures on a case: request, decide, implement, lift."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accommodations.actions import (
    do_decide_measure,
    do_implement_measure,
    do_lift_measure,
    do_record_no_measure_offered,
    do_request_measure,
    do_review_measure,
)
from accommodations.adjustments import do_end_adjustment, do_extend_measure_deadline, do_pause_measure_deadline
from accommodations.forms import (
    EndAdjustmentForm,
    MeasureDecideForm,
    MeasureExtendForm,
    MeasureImplementForm,
    MeasureLiftForm,
    MeasurePauseForm,
    MeasureRequestForm,
    MeasureReviewForm,
    NoMeasureOfferedForm,
    TutorMessageForm,
    TutorSendForm,
)
from accommodations.tutor_messages import measure_for_token
from accommodations.tutors import do_prepare_tutor_notification, do_send_tutor_notification
from audit.log import record
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
            ends_at=form.cleaned_data["ends_at"],
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


@login_required
@GET_POST
def pause_deadline(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = MeasurePauseForm(posted(request), case=case)
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Pause the deadline of a measure"),
        success=_("Deadline paused until the review date."),
        action=lambda: do_pause_measure_deadline(
            form.cleaned_data["measure"],
            step=form.cleaned_data["step"],
            reason=form.cleaned_data["reason"],
            review_at=form.cleaned_data["review_at"],
            acting_user=user,
            at=now(),
        ),
    )


@login_required
@GET_POST
def extend_deadline(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = MeasureExtendForm(posted(request), case=case)
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Extend the deadline of a measure"),
        success=_("Deadline extended."),
        action=lambda: do_extend_measure_deadline(
            form.cleaned_data["measure"],
            step=form.cleaned_data["step"],
            reason=form.cleaned_data["reason"],
            review_at=form.cleaned_data["review_at"],
            new_due_at=form.cleaned_data["new_due_at"],
            acting_user=user,
            at=now(),
        ),
    )


@login_required
@GET_POST
def end_adjustment(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = EndAdjustmentForm(posted(request), case=case)
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("End a pause or extension"),
        success=_("The deadline is due again as the policy sets it."),
        action=lambda: do_end_adjustment(form.cleaned_data["adjustment"], acting_user=user, at=now()),
    )


@login_required
@GET_POST
def review_measure(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = MeasureReviewForm(posted(request), case=case)
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Record a review of a measure in force"),
        success=_("Review recorded."),
        action=lambda: do_review_measure(
            form.cleaned_data["measure"], note=form.cleaned_data["note"], acting_user=user, at=now()
        ),
    )


@login_required
@GET_POST
def no_measure_offered(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = NoMeasureOfferedForm(posted(request), case=case)
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Record a request answered with no measure"),
        success=_("The request and why no measure is offered are recorded."),
        action=lambda: do_record_no_measure_offered(
            case,
            type=form.cleaned_data["type"],
            requested_by=form.cleaned_data["requested_by"],
            against=form.cleaned_data["against"],
            requested_at=form.cleaned_data["requested_at"],
            details=form.cleaned_data["details"],
            reasons=form.cleaned_data["reasons"],
            acting_user=user,
            at=now(),
        ),
    )


@login_required
@GET_POST
def prepare_tutor_message(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = TutorMessageForm(posted(request), case=case)
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Prepare the message to a tutor"),
        success=_("Message to the tutor prepared. Check it on the case page, then send it."),
        action=lambda: do_prepare_tutor_notification(
            form.cleaned_data["measure"],
            tutor_name=form.cleaned_data["tutor_name"],
            tutor_email=form.cleaned_data["tutor_email"],
            instruction=form.cleaned_data["instruction"],
            acting_user=user,
            at=now(),
        ),
    )


@login_required
@GET_POST
def send_tutor_message(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = TutorSendForm(posted(request), case=case)
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Send the message to the tutor"),
        success=_("The message is being e-mailed to the tutor; the measure is in place once it is sent."),
        action=lambda: do_send_tutor_notification(form.cleaned_data["measure"], acting_user=user, at=now()),
    )


@require_GET
def tutor_instruction(request: HttpRequest, token: str) -> HttpResponse:
    """The page a tutor's e-mail links to: the instruction only. No account: the signed token is the key,
    and a forged, expired or withdrawn one gets the same 404 as a page that does not exist."""
    measure = measure_for_token(token)
    if measure is None:
        raise Http404
    record("tutor.read", actor=None, at=now(), case_id=measure.case_id, detail={"measure": measure.pk})
    return render(request, "accommodations/tutor_instruction.html", {"instruction": measure.tutor_instruction})
