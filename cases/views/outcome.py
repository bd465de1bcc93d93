"""Recording an outcome, compliance with its conditions, and appeals."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from casemgr.clock import now
from cases.access import CHANGE, access_case
from cases.actions.outcome import (
    SanctionInput,
    do_decide_appeal,
    do_lodge_appeal,
    do_record_compliance,
    do_record_outcome,
)
from cases.forms import AppealForm, ComplianceForm, DecideAppealForm, OutcomeForm, SanctionFormSet
from cases.pages import sanction_choices
from cases.views.common import acting_user, add_action_errors, case_url, posted, render_case_form, run_case_action

GET_POST = require_http_methods(["GET", "POST"])


def _sanction_input(row: dict[str, Any]) -> SanctionInput:
    amount: Decimal | None = row.get("amount")
    return SanctionInput(
        type=row["type"],
        amount=amount,
        months=row.get("months"),
        courses=row.get("courses", ""),
        due_at=row.get("due_at"),
    )


@login_required
@GET_POST
def record_outcome(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = OutcomeForm(posted(request))
    sanctions = SanctionFormSet(posted(request), prefix="sanctions", form_kwargs={"catalogue": sanction_choices()})
    if request.method == "POST" and form.is_valid() and sanctions.is_valid():
        try:
            do_record_outcome(
                case,
                sanctions=[_sanction_input(row.cleaned_data) for row in sanctions.forms if row.has_changed()],
                reasons=form.cleaned_data["reasons"],
                decided_at=form.cleaned_data["decided_at"],
                decision_maker=form.cleaned_data["decision_maker"],
                finding=form.cleaned_data["finding"],
                acting_user=user,
                at=now(),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Outcome recorded."))
            return redirect(case_url(case))
    return render_case_form(
        request,
        case=case,
        title=_("Record the outcome"),
        form=form,
        template="cases/outcome_form.html",
        extra={"sanctions": sanctions},
    )


@login_required
@GET_POST
def record_compliance(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = ComplianceForm(posted(request), case=case)
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Record compliance with a condition"),
        success=_("Compliance recorded."),
        action=lambda: do_record_compliance(
            form.cleaned_data["sanction"], complied_at=form.cleaned_data["complied_at"], acting_user=user, at=now()
        ),
    )


@login_required
@GET_POST
def lodge_appeal(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = AppealForm(posted(request), case=case)
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Lodge an appeal"),
        success=_("Appeal lodged."),
        action=lambda: do_lodge_appeal(
            form.cleaned_data["outcome"],
            party=form.cleaned_data["party"],
            grounds=form.cleaned_data["grounds"],
            acting_user=user,
            at=now(),
        ),
    )


@login_required
@GET_POST
def decide_appeal(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = DecideAppealForm(posted(request), case=case)
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Decide an appeal"),
        success=_("Appeal decided."),
        action=lambda: do_decide_appeal(
            form.cleaned_data["appeal"], result=form.cleaned_data["result"], acting_user=user, at=now()
        ),
    )
