"""The case list and recording a new complaint."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import StaffRole, has_role, is_staff_member
from casemgr.clock import now
from cases.actions.case import AllegationInput
from cases.actions.complaint import do_record_complaint
from cases.forms import CaseFilterForm, ComplaintForm, PartyFormSet
from cases.pages import case_list as list_cases
from cases.pages import hearing_bundles
from cases.views.common import acting_user, add_action_errors, case_url
from oversight.selectors import worst_flag_by_case

PAGE_SIZE = 25
DEFAULT_PARTY_ROWS = 4
MAX_PARTY_ROWS = 60


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not is_staff_member(user):
        raise Http404
    form = CaseFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    cases = list_cases(
        user, mine=bool(filters.get("mine")), stage=filters.get("stage", ""), reference=filters.get("q", "")
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    flags = worst_flag_by_case([case.pk for case in page])
    context = {
        "form": form,
        "page": page,
        "rows": [(case, flags.get(case.pk)) for case in page],
        "bundles": list(hearing_bundles(user)) if has_role(user, StaffRole.PANEL_MEMBER) else [],
        "may_record": _may_record(request),
    }
    return render(request, "cases/case_list.html", context)


def _may_record(request: HttpRequest) -> bool:
    user = acting_user(request)
    return has_role(user, StaffRole.CONDUCT_OFFICER) or has_role(user, StaffRole.CASE_SUPERVISOR)


def _party_rows(request: HttpRequest) -> int:
    try:
        rows = int(request.GET.get("rows", DEFAULT_PARTY_ROWS))
    except ValueError:
        rows = DEFAULT_PARTY_ROWS
    return max(1, min(rows, MAX_PARTY_ROWS))


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    if not _may_record(request):
        raise Http404
    user = acting_user(request)
    data = request.POST if request.method == "POST" else None
    form = ComplaintForm(data)
    parties = PartyFormSet(data, prefix="parties")
    # Blank rows to fill in; more through ?rows=N, since the page works without scripts.
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
    context = {"form": form, "parties": parties, "more_rows": parties.total_form_count() + DEFAULT_PARTY_ROWS}
    return render(request, "cases/case_new.html", context)
