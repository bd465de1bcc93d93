"""The intake queue and a report's page, for the intake team's officers and supervisors only."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.log import record
from casemgr.clock import now
from cases.models import Case
from deadlines.calendar import WorkingCalendar
from intake.access import access_case_by_reference, access_report, check_intake_staff, is_intake_supervisor
from intake.actions import (
    do_acknowledge_report,
    do_ask_reporter,
    do_attach_report,
    do_close_report,
    do_open_case_from_report,
)
from intake.files import adopt_report_files
from intake.forms import AcknowledgeForm, AttachForm, CloseForm, LinkForm, OpenCaseForm, QuestionForm
from intake.links import do_link_report
from intake.models import IntakeReport, PossibleReportLink
from intake.pages import queue
from intake.summary import conduct_labels, request_labels


@login_required
@require_GET
def report_queue(request: HttpRequest) -> HttpResponse:
    user = check_intake_staff(request.user, page="intake.queue")
    at = now()
    assert user.team is not None  # intake staff belong to the intake team
    rows = queue(user.team, now=at, calendar=WorkingCalendar.load(), supervisor=is_intake_supervisor(user))
    return render(request, "intake/queue.html", {"rows": rows, "is_supervisor": is_intake_supervisor(user)})


def _forms() -> dict[str, Any]:
    return {
        "acknowledge_form": AcknowledgeForm(),
        "question_form": QuestionForm(),
        "open_form": OpenCaseForm(),
        "attach_form": AttachForm(),
        "close_form": CloseForm(),
    }


def _render_report(request: HttpRequest, report: IntakeReport, *, status: int = 200, **forms: Any) -> HttpResponse:
    supervisor = is_intake_supervisor(request.user)
    context = {
        "report": report,
        "conducts": conduct_labels(report),
        "asked": request_labels(report),
        "depicted": list(report.depicted.all()),
        "files": list(report.files.all()),
        "report_messages": list(report.messages.select_related("author")),
        "links": list(report.possible_links.all()) if supervisor else [],
        "is_supervisor": supervisor,
        **_forms(),
        **forms,
    }
    return render(request, "intake/report_detail.html", context, status=status)


@login_required
@require_GET
def report_detail(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    report = access_report(request.user, report_id)
    record("intake.view", actor=request.user, at=now(), case_id=report.case_id, detail={"report": report.pk})
    return _render_report(request, report)


def _act(
    request: HttpRequest,
    report_id: uuid.UUID,
    *,
    form_class: type[Any],
    form_name: str,
    run: Callable[[IntakeReport, dict[str, Any]], str],
    supervisor: bool = False,
) -> HttpResponse:
    report = access_report(request.user, report_id, supervisor=supervisor)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            done = run(report, form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, done)
            return redirect("intake:report_detail", report_id=report.public_id)
    report.refresh_from_db()
    return _render_report(request, report, status=400, **{form_name: form})


@login_required
@require_POST
def acknowledge(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    def run(report: IntakeReport, data: dict[str, Any]) -> str:
        do_acknowledge_report(report, text=data["text"], acting_user=request.user, at=now())  # type: ignore[arg-type]
        return _("The report was acknowledged; the reporter can read it.")

    return _act(request, report_id, form_class=AcknowledgeForm, form_name="acknowledge_form", run=run)


@login_required
@require_POST
def ask(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    def run(report: IntakeReport, data: dict[str, Any]) -> str:
        do_ask_reporter(report, text=data["text"], acting_user=request.user, at=now())  # type: ignore[arg-type]
        return _("The question was sent to the reporter.")

    return _act(request, report_id, form_class=QuestionForm, form_name="question_form", run=run)


@login_required
@require_POST
def close(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    def run(report: IntakeReport, data: dict[str, Any]) -> str:
        do_close_report(report, reason=data["reason"], acting_user=request.user, at=now())  # type: ignore[arg-type]
        return _("The report was closed; the reporter can read the reason.")

    return _act(request, report_id, form_class=CloseForm, form_name="close_form", run=run)


def _with_files(report: IntakeReport, case: Case, request: HttpRequest) -> None:
    # The vault's uploads are durable transactions of their own: after the case is committed.
    adopt_report_files(report, case=case, acting_user=request.user, at=now())  # type: ignore[arg-type]


@login_required
@require_POST
def open_case(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    opened: list[Case] = []

    def run(report: IntakeReport, data: dict[str, Any]) -> str:
        opened.append(
            do_open_case_from_report(report, reference=data["reference"], acting_user=request.user, at=now())  # type: ignore[arg-type]
        )
        return _("A case was opened from the report.")

    response = _act(request, report_id, form_class=OpenCaseForm, form_name="open_form", run=run)
    if opened:
        report = IntakeReport.objects.get(public_id=report_id)
        _with_files(report, opened[0], request)
        return redirect("office:case_detail", public_id=opened[0].public_id)
    return response


@login_required
@require_POST
def attach(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    attached: list[Case] = []

    def run(report: IntakeReport, data: dict[str, Any]) -> str:
        try:
            case = access_case_by_reference(request.user, data["reference"])
        except Http404:
            raise ValidationError(_("No open case you may change has that reference.")) from None
        attached.append(do_attach_report(report, case=case, acting_user=request.user, at=now()))  # type: ignore[arg-type]
        return _("The report was attached to the case.")

    response = _act(request, report_id, form_class=AttachForm, form_name="attach_form", run=run)
    if attached:
        report = IntakeReport.objects.get(public_id=report_id)
        _with_files(report, attached[0], request)
        return redirect("office:case_detail", public_id=attached[0].public_id)
    return response


@login_required
@require_POST
def link(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    def run(report: IntakeReport, data: dict[str, Any]) -> str:
        found = PossibleReportLink.objects.filter(report=report, public_id=data["link"]).first()
        if found is None:
            raise ValidationError(_("That possible link is not on this report."))
        do_link_report(found, acting_user=request.user, at=now())  # type: ignore[arg-type]
        return _("The reports were linked.")

    return _act(request, report_id, form_class=LinkForm, form_name="link_form", run=run, supervisor=True)
