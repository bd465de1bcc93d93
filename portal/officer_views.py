"""The officer's actions for the parties, posted from the case page. Each fetches the case through
cases.access (CHANGE), finds the row named in the form on that case only, and calls one action."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accommodations.models import Measure
from casemgr.clock import now
from cases.access import CHANGE, access_case
from cases.models import Case, Party, PartyRole
from cases.views.common import acting_user, add_action_errors
from oversight.models import Flag
from portal import actions
from portal.flag_kinds import WAITED_ON
from portal.forms import AnswerReviewForm, DisclosureForm, ExplainDelayForm, ReleaseForm, ReplyForm
from portal.models import NoticeRelease, ReviewRequest


def _case_page(case: Case) -> str:
    return reverse("office:case_detail", kwargs={"public_id": case.public_id}) + "#parties-h"


def _post(
    request: HttpRequest, case: Case, form: forms.Form, run: Callable[[dict[str, Any]], object], done: str
) -> HttpResponse:
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(_case_page(case))
    for errors in form.errors.values():
        for problem in errors:
            messages.error(request, str(problem))
    return redirect(_case_page(case))


@login_required
@require_POST
def reply(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, case_id, permission=CHANGE)

    def run(data: dict[str, Any]) -> object:
        party = Party.objects.filter(
            case=case, pk=data["party"], role__in=(PartyRole.COMPLAINANT, PartyRole.RESPONDENT)
        ).first()
        if party is None:
            raise ValidationError({"text": _("Choose a party of this case.")})
        return actions.do_send_message(party, text=data["text"], author=user, at=now())

    return _post(request, case, ReplyForm(request.POST), run, _("Your answer was sent."))


@login_required
@require_POST
def explain_delay(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, case_id, permission=CHANGE)

    def run(data: dict[str, Any]) -> object:
        flag = Flag.objects.filter(case=case, pk=data["flag"], kind__in=WAITED_ON).first()
        if flag is None:
            raise ValidationError({"reason": _("This is not a delay on this case.")})
        return actions.do_explain_delay(
            flag, reason=data["reason"], expected_at=data["expected_at"], acting_user=user, at=now()
        )

    return _post(request, case, ExplainDelayForm(request.POST), run, _("The reason is now shown to the complainant."))


@login_required
@require_POST
def answer_review(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, case_id, permission=CHANGE)

    def run(data: dict[str, Any]) -> object:
        review = ReviewRequest.objects.filter(party__case=case, pk=data["review"]).select_related("party__case").first()
        if review is None:
            raise ValidationError({"answer": _("This is not a request on this case.")})
        return actions.do_answer_review(review, answer=data["answer"], acting_user=user, at=now())

    return _post(request, case, AnswerReviewForm(request.POST), run, _("The answer was recorded."))


@login_required
@require_POST
def disclose_measure(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, case_id, permission=CHANGE)

    def run(data: dict[str, Any]) -> object:
        measure = Measure.objects.filter(case=case, pk=data["measure"]).select_related("case").first()
        if measure is None:
            raise ValidationError({"requirement": _("This is not a measure on this case.")})
        return actions.do_disclose_measure(
            measure, requirement=data["requirement"], protected=data["protected"], acting_user=user, at=now()
        )

    return _post(request, case, DisclosureForm(request.POST), run, _("The respondent will read this on his page."))


@login_required
@require_http_methods(["GET", "POST"])
def release_notice(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, case_id, permission=CHANGE)
    release = NoticeRelease.objects.filter(case=case).first()
    initial = (
        {
            "text": release.text,
            "notice_date": release.notice_date,
            "hearing_at": release.hearing_at,
            "hearing_place": release.hearing_place,
        }
        if release
        else {}
    )
    form = ReleaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_release_notice(
                case,
                text=data["text"],
                notice_date=data["notice_date"],
                hearing_at=data["hearing_at"],
                hearing_place=data["hearing_place"],
                acting_user=user,
                at=now(),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The respondent can now read the notice on his page."))
            return redirect(_case_page(case))
    return render(request, "portal/release_form.html", {"case": case, "form": form, "release": release})
