"""The privacy notice (public), the legal hold of a case, and the data protection officer's pages.

Deny by default: the officer's pages are for the data protection officer only (a 404 for anyone else);
a case's hold page for its supervisors and the officer (privacy.access)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from django_stubs_ext import StrOrPromise

from accounts.models import User
from audit.actions import record_action
from casemgr.clock import now
from cases.views.common import acting_user, add_action_errors, posted
from privacy import forms as privacy_forms
from privacy.access import access_case_hold, hold_case_by_reference, is_officer
from privacy.holds import active_hold, do_lift_legal_hold, do_set_legal_hold
from privacy.models import DataRequest, LegalHold, RetentionSchedule
from privacy.person_export import export_person
from privacy.requests import (
    do_decide_request,
    do_record_extension_notice,
    do_record_identity_check,
    do_record_release,
    do_record_request,
)

GET_POST = require_http_methods(["GET", "POST"])


@require_GET
def notice(request: HttpRequest) -> HttpResponse:
    """What is collected, why, who sees it, how long it is kept, how to ask for it (DPP5). Public."""
    schedule = RetentionSchedule.objects.prefetch_related("rules").first()
    return render(request, "privacy/notice.html", {"schedule": schedule})


def _officer(request: HttpRequest) -> User:
    user = acting_user(request)
    if not is_officer(user):
        raise Http404
    return user


def _run(request: HttpRequest, form: forms.Form, action: Callable[[], object], success: str) -> bool:
    if request.method == "POST" and form.is_valid():
        try:
            action()
        except ValidationError as error:
            add_action_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, success)
            return True
    return False


@login_required
@GET_POST
def case_hold(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Set or lift the case's legal hold (its supervisors and the data protection officer)."""
    user = acting_user(request)
    case = access_case_hold(user, public_id)
    hold = active_hold(case)
    if hold is None:
        form: forms.Form = privacy_forms.HoldForm(posted(request))
        done = _run(
            request,
            form,
            lambda: do_set_legal_hold(case, reason=form.cleaned_data["reason"], acting_user=user, at=now()),
            _("The case is on legal hold."),
        )
    else:
        form = forms.Form(posted(request))
        done = _run(
            request, form, lambda: do_lift_legal_hold(case, acting_user=user, at=now()), _("The legal hold is lifted.")
        )
    if done:
        return redirect("privacy:holds") if is_officer(user) else redirect("office:case_detail", case.public_id)
    return render(request, "privacy/case_hold.html", {"case": case, "hold": hold, "form": form})


@login_required
@GET_POST
def holds(request: HttpRequest) -> HttpResponse:
    """Every case on legal hold (by reference only), and a hold set by reference."""
    user = _officer(request)
    form = privacy_forms.HoldByReferenceForm(posted(request))

    def set_hold() -> None:
        case = hold_case_by_reference(user, form.cleaned_data["reference"])
        if case is None:
            raise ValidationError({"reference": _("There is no case with this reference.")})
        do_set_legal_hold(case, reason=form.cleaned_data["reason"], acting_user=user, at=now())

    if _run(request, form, set_hold, _("The case is on legal hold.")):
        return redirect("privacy:holds")
    active = (
        LegalHold.objects.filter(lifted_at__isnull=True).select_related("case", "set_by").order_by("case__reference")
    )
    return render(request, "privacy/holds.html", {"holds": active, "form": form})


@login_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    _officer(request)
    context = {
        "requests": DataRequest.objects.order_by("-decided_at", "due_at", "id")[:200],
        "holds": LegalHold.objects.filter(lifted_at__isnull=True).count(),
        "now": now(),
    }
    return render(request, "privacy/request_list.html", context)


@login_required
@GET_POST
def request_new(request: HttpRequest) -> HttpResponse:
    user = _officer(request)
    form = privacy_forms.RequestForm(posted(request))
    created: list[DataRequest] = []

    def record() -> None:
        data = form.cleaned_data
        person = User.objects.filter(username=data["person"].strip()).exclude(person_kind="").first()
        if person is None:
            raise ValidationError({"person": _("There is no person with this id on any case.")})
        created.append(
            do_record_request(
                person=person,
                kind=data["kind"],
                received_at=data["received_at"],
                details=data["details"],
                identity_checked_at=data["identity_checked_at"],
                identity_check=data["identity_check"],
                acting_user=user,
                at=now(),
            )
        )

    if _run(request, form, record, _("Request recorded.")):
        return redirect("privacy:request_detail", created[0].public_id)
    return render(request, "privacy/form.html", {"form": form, "title": _("Record a data request")})


def _request(public_id: uuid.UUID) -> DataRequest:
    found = DataRequest.objects.select_related("person", "handled_by").filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


@login_required
@require_GET
def request_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    _officer(request)
    data_request = _request(public_id)
    export = export_person(data_request.person) if data_request.kind == DataRequest.Kind.ACCESS else None
    context = {
        "request_row": data_request,
        "withheld": export["withheld"] if export else None,
        "identity_form": privacy_forms.IdentityForm(),
        "notice_form": privacy_forms.NoticeForm(),
        "decision_form": privacy_forms.DecisionForm(),
        "release_form": privacy_forms.ReleaseForm(),
        "may_notice": data_request.is_open and now() <= data_request.due_at and not data_request.extension_notice_at,
    }
    return render(request, "privacy/request_detail.html", context)


_STEPS: dict[str, tuple[type[forms.Form], StrOrPromise]] = {
    "identity": (privacy_forms.IdentityForm, gettext_lazy("Identity check recorded.")),
    "notice": (privacy_forms.NoticeForm, gettext_lazy("Notice under s19(2) recorded.")),
    "decide": (privacy_forms.DecisionForm, gettext_lazy("Answer recorded.")),
    "release": (privacy_forms.ReleaseForm, gettext_lazy("Release recorded.")),
}


@login_required
@GET_POST
def request_step(request: HttpRequest, public_id: uuid.UUID, step: str) -> HttpResponse:
    user = _officer(request)
    data_request = _request(public_id)
    if step not in _STEPS:
        raise Http404
    form_class, success = _STEPS[step]
    form = form_class(posted(request))

    def act() -> None:
        data, at = form.cleaned_data, now()
        if step == "identity":
            do_record_identity_check(
                data_request, checked_at=data["checked_at"], how=data["how"], acting_user=user, at=at
            )
        elif step == "notice":
            do_record_extension_notice(data_request, reason=data["reason"], acting_user=user, at=at)
        elif step == "decide":
            do_decide_request(
                data_request,
                decision=data["decision"],
                reason=data["reason"],
                section=data["section"],
                acting_user=user,
                at=at,
            )
        else:
            do_record_release(data_request, note=data["note"], acting_user=user, at=at)

    if _run(request, form, act, str(success)):
        return redirect("privacy:request_detail", data_request.public_id)
    return render(request, "privacy/form.html", {"form": form, "title": str(success)})


def _export_download(request: HttpRequest, public_id: uuid.UUID, *, pdf: bool) -> HttpResponse:
    user = _officer(request)
    data_request = _request(public_id)
    if data_request.kind != DataRequest.Kind.ACCESS:
        raise Http404
    document = export_person(data_request.person)
    at = now()
    record_action(
        "privacy.export_person",
        actor=user,
        at=at,
        target=f"user:{data_request.person_id}",
        detail={"request": data_request.pk, "format": "pdf" if pdf else "json"},
    )
    name = f"data-access-{data_request.public_id}"
    if pdf:
        body = _pdf(document, generated_at=at)
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    else:
        response = HttpResponse(
            json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    response["Cache-Control"] = "no-store"
    return response


def _pdf(document: dict[str, object], *, generated_at: dt.datetime) -> bytes:
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]  # loads pango, which only exports need

    html = render_to_string("privacy/print_export.html", {"doc": document, "generated_at": generated_at})
    stylesheet = finders.find("privacy/print.css")
    assert isinstance(stylesheet, str), "the print stylesheet ships with the app"
    pdf: bytes = HTML(string=html, base_url=None).write_pdf(stylesheets=[CSS(filename=stylesheet)])
    return pdf


@login_required
@require_GET
def export_json(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _export_download(request, public_id, pdf=False)


@login_required
@require_GET
def export_pdf(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _export_download(request, public_id, pdf=True)
