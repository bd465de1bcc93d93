"""Officer actions on a case: each view authorises, validates, calls one do_* and goes back to the case."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from casemgr.clock import now
from cases.access import CHANGE, SUPERVISE, access_case
from cases.actions.case import AllegationInput, do_add_allegation, do_assign_officer, do_record_event
from cases.actions.case import do_unassign_officer as unassign
from cases.actions.complaint import do_add_party_by_id
from cases.actions.panel import do_assign_panel_member, do_remove_panel_member
from cases.actions.parties import do_record_contact
from cases.actions.proceedings import (
    do_pause_investigation,
    do_record_proceeding,
    do_resume_investigation,
    do_update_proceeding,
)
from cases.actions.requests import do_decide_request, do_record_request
from cases.forms import (
    AllegationForm,
    AssignForm,
    ContactForm,
    DecideRequestForm,
    EventForm,
    PanelForm,
    PanelRemoveForm,
    PartyForm,
    PauseForm,
    ProceedingForm,
    ProceedingUpdateForm,
    RequestForm,
    StageForm,
    UnassignForm,
)
from cases.views.common import acting_user, posted, run_case_action
from cases.workflow import do_change_stage

GET_POST = require_http_methods(["GET", "POST"])


@login_required
@GET_POST
def change_stage(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = StageForm(posted(request), case=case)
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Change the stage"),
        success=_("Stage changed."),
        action=lambda: do_change_stage(
            case, to=form.cleaned_data["to"], reason=form.cleaned_data["reason"], acting_user=user, at=now()
        ),
    )


@login_required
@GET_POST
def record_event(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = EventForm(posted(request))
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Add to the chronology"),
        success=_("Added to the chronology."),
        action=lambda: do_record_event(
            case, type=form.cleaned_data["type"], text=form.cleaned_data["text"], acting_user=user, at=now()
        ),
    )


@login_required
@GET_POST
def add_party(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = PartyForm(posted(request))
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Add a person to the case"),
        success=_("Person added to the case."),
        action=lambda: do_add_party_by_id(case, party=form.party_input(), acting_user=user, at=now()),
    )


@login_required
@GET_POST
def record_contact(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = ContactForm(posted(request), case=case)
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Record contact with a person"),
        success=_("Contact recorded."),
        action=lambda: do_record_contact(
            form.cleaned_data["party"],
            informed_at=form.cleaned_data["informed_at"],
            support_offered_at=form.cleaned_data["support_offered_at"],
            acting_user=user,
            at=now(),
        ),
    )


@login_required
@GET_POST
def add_allegation(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = AllegationForm(posted(request))
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Add an allegation"),
        success=_("Allegation added."),
        action=lambda: do_add_allegation(
            case,
            allegation=AllegationInput(
                conduct=form.cleaned_data["conduct"],
                synthetic=form.cleaned_data["synthetic"],
                description=form.cleaned_data["description"],
            ),
            acting_user=user,
            at=now(),
        ),
    )


@login_required
@GET_POST
def assign_officer(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = AssignForm(posted(request), case=case)
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Assign an officer"),
        success=_("Officer assigned."),
        action=lambda: do_assign_officer(case, officer=form.cleaned_data["officer"], acting_user=user, at=now()),
    )


@login_required
@GET_POST
def unassign_officer(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    # Taking an officer off a case is a supervisor's decision.
    user = acting_user(request)
    case = access_case(user, public_id, permission=SUPERVISE)
    form = UnassignForm(posted(request), case=case)
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Take an officer off the case"),
        success=_("Officer no longer assigned."),
        action=lambda: unassign(case, officer=form.cleaned_data["officer"], acting_user=user, at=now()),
    )


@login_required
@GET_POST
def assign_panel(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = PanelForm(posted(request), case=case)
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Give a panel member the hearing bundle"),
        success=_("Panel member given the hearing bundle."),
        action=lambda: do_assign_panel_member(case, member=form.cleaned_data["member"], acting_user=user, at=now()),
    )


@login_required
@GET_POST
def remove_panel(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = PanelRemoveForm(posted(request), case=case)
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Take the hearing bundle away from a panel member"),
        success=_("The panel member no longer has the hearing bundle."),
        action=lambda: do_remove_panel_member(case, member=form.cleaned_data["member"], acting_user=user, at=now()),
    )


@login_required
@GET_POST
def record_request(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = RequestForm(posted(request), case=case)
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Record a complainant's request"),
        success=_("Request recorded."),
        action=lambda: do_record_request(
            form.cleaned_data["party"],
            kind=form.cleaned_data["kind"],
            details=form.cleaned_data["details"],
            requested_at=form.cleaned_data["requested_at"],
            acting_user=user,
            at=now(),
        ),
    )


@login_required
@GET_POST
def decide_request(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = DecideRequestForm(posted(request), case=case)
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Decide on a request"),
        success=_("Decision recorded."),
        action=lambda: do_decide_request(
            form.cleaned_data["request"],
            grants=form.cleaned_data["grants"],
            reasons=form.cleaned_data["reasons"],
            acting_user=user,
            at=now(),
        ),
    )


@login_required
@GET_POST
def record_proceeding(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = ProceedingForm(posted(request))
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Record an external proceeding"),
        success=_("External proceeding recorded."),
        action=lambda: do_record_proceeding(case, acting_user=user, at=now(), **form.cleaned_data),
    )


@login_required
@GET_POST
def update_proceeding(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = ProceedingUpdateForm(posted(request), case=case)
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Update an external proceeding"),
        success=_("External proceeding updated."),
        action=lambda: do_update_proceeding(
            form.cleaned_data["proceeding"],
            status=form.cleaned_data["status"],
            reference_number=form.cleaned_data["reference_number"],
            acting_user=user,
            at=now(),
        ),
    )


@login_required
@GET_POST
def pause_case(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = PauseForm(posted(request))
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Pause the investigation"),
        success=_("Investigation paused."),
        action=lambda: do_pause_investigation(
            case,
            reason=form.cleaned_data["reason"],
            review_at=form.cleaned_data["review_at"],
            acting_user=user,
            at=now(),
        ),
    )


@login_required
@GET_POST
def resume_case(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    case = access_case(user, public_id, permission=CHANGE)
    form = forms.Form(posted(request))
    return run_case_action(
        request,
        case=case,
        form=form,
        title=_("Resume the investigation"),
        success=_("Investigation resumed."),
        action=lambda: do_resume_investigation(case, acting_user=user, at=now()),
    )
