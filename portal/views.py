"""The parties' own pages: her case list, her case, and what she may do on it. Thin: fetch her Party row
(portal.access), validate a form, call one action, redirect with a message."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import is_staff_member
from casemgr.clock import now
from cases.models import Party, PartyRole
from cases.views.common import acting_user, add_action_errors
from deadlines.calendar import WorkingCalendar
from evidence.models import EvidenceSource
from evidence.upload import do_upload_evidence
from portal import actions
from portal.access import access_party, parties_of
from portal.forms import AppealForm, InformationForm, MeasureForm, MessageForm, ReviewForm, WithdrawForm
from portal.pages import complainant_page, respondent_page, respondent_sees_case, staff_looks

MAX_UPLOAD = 20 * 1024 * 1024


@login_required
def landing(request: HttpRequest) -> HttpResponse:
    """Where sign-in leads: staff to the office's case list, parties to their own cases."""
    if is_staff_member(request.user):
        return redirect("office:case_list")
    return redirect("portal:my_cases")


@login_required
@require_GET
def my_cases(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if is_staff_member(user):
        raise Http404
    return render(request, "portal/my_cases.html", {"parties": list(parties_of(user))})


def _case_url(party: Party) -> str:
    return reverse("portal:case", kwargs={"case_id": party.case.public_id})


@login_required
@require_GET
def case_page(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    party = access_party(user, case_id)
    at, calendar = now(), WorkingCalendar.load()
    if party.role == PartyRole.RESPONDENT:
        page: Any = respondent_page(party, calendar=calendar, now=at)
        return render(request, "portal/respondent_case.html", {"page": page, "message_form": MessageForm(), "now": at})
    page = complainant_page(party, calendar=calendar, now=at)
    return render(request, "portal/complainant_case.html", {"page": page, "message_form": MessageForm(), "now": at})


@login_required
@require_GET
def staff_access(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Who on the staff opened her case, by role and day only (issue 13, transparency)."""
    party = access_party(acting_user(request), case_id)
    if not respondent_sees_case(party):
        raise Http404
    return render(request, "portal/staff_access.html", {"party": party, "looks": staff_looks(party)})


def _act(
    request: HttpRequest,
    party: Party,
    form: forms.Form,
    *,
    action: str,
    run: Callable[[dict[str, Any]], object],
    done: str,
    template: str,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """The common part of her action pages: refused (audited) on a closed case, errors on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except actions.PartyRefused as refusal:
            actions.record_refusal(party, action=action, at=now())
            messages.error(request, " ".join(refusal.messages))
            return redirect(_case_url(party))
        except ValidationError as error:
            # A file that fails the evidence checks, a type that is not a measure...: on the trail too.
            actions.record_refusal(party, action=f"{action}.invalid", at=now())
            add_action_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(_case_url(party))
    elif request.method != "POST" and not party.case.is_open:
        messages.info(request, _("This case is closed or withdrawn: nothing more can be added to it."))
    return render(request, template, {"party": party, "form": form, **(context or {})})


@login_required
@require_POST
def send_message(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    party = access_party(acting_user(request), case_id)
    if not respondent_sees_case(party):
        raise Http404
    form = MessageForm(request.POST)

    def run(data: dict[str, Any]) -> object:
        return actions.do_send_message(party, text=data["text"], author=party.person, at=now())

    return _act(
        request,
        party,
        form,
        action="message",
        run=run,
        done=_("Your message was sent to your officer."),
        template="portal/message_form.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def ask_measure(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    party = access_party(acting_user(request), case_id, role=PartyRole.COMPLAINANT)
    form = MeasureForm(request.POST or None)

    def run(data: dict[str, Any]) -> object:
        return actions.do_ask_for_measure(party, type=data["type"], details=data["details"], at=now())

    return _act(
        request,
        party,
        form,
        action="measure",
        run=run,
        done=_("Your request was recorded. Its deadlines are shown on your case page."),
        template="portal/measure_form.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def ask_review(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    party = access_party(acting_user(request), case_id, role=PartyRole.COMPLAINANT)
    form = ReviewForm(request.POST or None, subjects=actions.review_subjects(party))

    def run(data: dict[str, Any]) -> object:
        return actions.do_ask_for_review(party, subject=data["subject"], reasons=data["reasons"], at=now())

    return _act(
        request,
        party,
        form,
        action="review",
        run=run,
        done=_("Your request for a review was recorded. Its deadline is shown on your case page."),
        template="portal/review_form.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_information(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    party = access_party(acting_user(request), case_id, role=PartyRole.COMPLAINANT)
    form = InformationForm(request.POST or None, request.FILES or None)

    def run(data: dict[str, Any]) -> object:
        actions.check_party_may_act(party)
        upload = data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError({"file": _("The file is too large.")})
        return do_upload_evidence(
            party.case,
            content=upload.read(),
            filename=upload.name,
            description=data["description"],
            depicts=None,
            source=EvidenceSource.COMPLAINANT,
            acting_user=party.person,
            at=now(),
        )

    return _act(
        request,
        party,
        form,
        action="information",
        run=run,
        done=_("Thank you. The file was added to your case."),
        template="portal/information_form.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    party = access_party(acting_user(request), case_id, role=PartyRole.COMPLAINANT)
    form = WithdrawForm(request.POST or None)

    def run(data: dict[str, Any]) -> object:
        return actions.do_withdraw(party, reason=data["reason"], at=now())

    return _act(
        request,
        party,
        form,
        action="withdraw",
        run=run,
        done=_("Your complaint was withdrawn."),
        template="portal/withdraw_form.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def appeal(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    party = access_party(acting_user(request), case_id, role=PartyRole.RESPONDENT)
    page = respondent_page(party, calendar=WorkingCalendar.load(), now=now())
    if page.release is None:
        raise Http404
    open_outcomes = [outcome for outcome, _due, _appealed, may in page.outcomes if may]
    form = AppealForm(request.POST or None)

    def run(data: dict[str, Any]) -> object:
        if not open_outcomes:
            raise actions.PartyRefused(_("There is no outcome you can appeal now. Nothing was changed."))
        return actions.do_appeal(party, outcome=open_outcomes[-1], grounds=data["grounds"], at=now())

    return _act(
        request,
        party,
        form,
        action="appeal",
        run=run,
        done=_("Your appeal was recorded."),
        template="portal/appeal_form.html",
        context={"page": page},
    )
