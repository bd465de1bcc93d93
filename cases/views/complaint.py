"""Recording a new complaint (the case list is office.views.cases)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.roles import StaffRole, has_role
from casemgr.clock import now
from cases.actions.case import AllegationInput
from cases.actions.complaint import do_record_complaint
from cases.forms import ComplaintForm, PartyFormSet
from cases.references import next_reference
from cases.views.common import acting_user, add_action_errors, case_url

DEFAULT_PARTY_ROWS = 4
MAX_PARTY_ROWS = 60


def _may_record(request: HttpRequest) -> bool:
    user = acting_user(request)
    return has_role(user, StaffRole.CONDUCT_OFFICER) or has_role(user, StaffRole.CASE_SUPERVISOR)


def _party_rows(request: HttpRequest) -> int:
    try:
        rows = int(request.GET.get("rows", DEFAULT_PARTY_ROWS))
    except ValueError:
        rows = DEFAULT_PARTY_ROWS
    return max(1, min(rows, MAX_PARTY_ROWS))


def _typed_again(request: HttpRequest) -> tuple[ComplaintForm, BaseFormSet]:  # type: ignore[type-arg]
    """The form as typed so far, unchecked, with more empty rows for people ("More rows")."""
    typed = {name: request.POST.get(name, "") for name in ComplaintForm.base_fields}
    typed["synthetic"] = bool(request.POST.get("synthetic"))  # type: ignore[assignment]
    posted = PartyFormSet(request.POST, prefix="parties")
    rows = []
    if posted.management_form.is_valid():
        for row in posted.forms:
            values = {name: request.POST.get(row.add_prefix(name), "") for name in row.fields}
            if any(value.strip() for value in values.values()):
                rows.append(values)
    parties = PartyFormSet(initial=rows, prefix="parties")
    parties.extra = min(DEFAULT_PARTY_ROWS, max(0, MAX_PARTY_ROWS - len(rows)))
    return ComplaintForm(initial=typed), parties


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    if not _may_record(request):
        raise Http404
    user = acting_user(request)
    if request.method == "POST" and "more_rows" in request.POST:
        form, parties = _typed_again(request)
        context = {"form": form, "parties": parties}
        return render(request, "cases/case_new.html", context)
    data = request.POST if request.method == "POST" else None
    # The next reference of the institution's pattern, which the officer may change.
    form = ComplaintForm(data, initial={"reference": next_reference(at=now())})
    parties = PartyFormSet(data, prefix="parties")
    # Blank rows to fill in; more through ?rows=N or the "More rows" button, which keeps what was typed.
    parties.extra = _party_rows(request)
    if request.method == "POST" and form.is_valid() and parties.is_valid():
        try:
            case = do_record_complaint(
                reference=form.cleaned_data["reference"],
                received_at=form.cleaned_data["received_at"],
                summary=form.cleaned_data["summary"],
                allegations=[
                    AllegationInput(
                        conduct=form.cleaned_data["conduct"],
                        synthetic=form.cleaned_data["synthetic"],
                        description=form.cleaned_data["allegation_description"],
                    )
                ],
                parties=[row.party_input() for row in parties.forms if row.has_changed()],
                acting_user=user,
                at=now(),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Complaint recorded."))
            return redirect(case_url(case))
    context = {"form": form, "parties": parties}
    return render(request, "cases/case_new.html", context)
