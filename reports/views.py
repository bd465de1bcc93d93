"""The governance reviewer's pages: reports (page, CSV, PDF), the case list without people, chronologies.

Every view starts with reports.access: anyone but a governance reviewer gets the 404 of a page that
does not exist. Figures come from reports.selectors and reports.tables, which the exports share.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from casemgr.clock import now
from cases.views.common import acting_user, add_action_errors
from deadlines.calendar import local_date
from reports.access import access_case_for_review, access_reports
from reports.case_list import review_cases, review_rows
from reports.charts import draw
from reports.chronology import chronology
from reports.chronology_page import chronology_view
from reports.exports import pdf_from_template, report_csv, report_pdf
from reports.forms import CaseListForm, PeriodForm, SampleForm, TeamPeriodForm
from reports.reads import record_chronology_read
from reports.samples import do_draw_review_sample, recent_samples, sample_with_cases
from reports.selectors import open_flag_counts, outcome_figures, period_figures, team_figures
from reports.tables import Report, outcomes_report, teams_report, timeliness_report
from reports.timeliness import Figures

CASE_PAGE_SIZE = 50


def _respond(request: HttpRequest, report: Report, form: PeriodForm, *, generated_at: dt.datetime) -> HttpResponse:
    """The report as a page, or as CSV or PDF with ?format=csv|pdf (the same tables either way)."""
    name = f"{report.key}-{report.first.isoformat()}-{report.last.isoformat()}"
    export = request.GET.get("format", "")
    if export == "csv":
        response = HttpResponse(report_csv(report, generated_at=generated_at), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if export == "pdf":
        response = HttpResponse(report_pdf(report, generated_at=generated_at), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    query = request.GET.copy()
    query.pop("format", None)
    context = {
        "report": report,
        "form": form,
        "charts": {chart.table_key: draw(chart) for chart in report.charts},
        "chart_list": [draw(chart) for chart in report.charts],
        "generated_at": generated_at,
        "query": query.urlencode(),
    }
    return render(request, "reports/report.html", context)


@login_required
@require_GET
def timeliness(request: HttpRequest) -> HttpResponse:
    access_reports(request.user, page="reports.timeliness")
    at = now()
    form = TeamPeriodForm(request.GET or None, today=local_date(at))
    first, last = form.bounds()
    team = form.cleaned_data.get("team") if form.is_valid() else None
    period = period_figures(first=first, last=last, as_of=at, team_id=team.pk if team else None)
    report = timeliness_report(period, open_flag_counts(first=first, last=last))
    if team is not None:
        report.title = _("Timeliness: %(team)s") % {"team": team.name}
    return _respond(request, report, form, generated_at=at)


def _sum(by_team: dict[int, Figures]) -> Figures:
    """The period's totals from its teams' figures (every case belongs to one team)."""
    total = Figures()
    for f in by_team.values():
        total.received += f.received
        total.open += f.open
        total.cases_dormant += f.cases_dormant
        total.deadlines += f.deadlines
    return total


@login_required
@require_GET
def teams(request: HttpRequest) -> HttpResponse:
    access_reports(request.user, page="reports.teams")
    at = now()
    form = PeriodForm(request.GET or None, today=local_date(at))
    first, last = form.bounds()
    by_team = team_figures(first=first, last=last, as_of=at)
    report = teams_report(by_team, overall=_sum(by_team), first=first, last=last, as_of=at)
    return _respond(request, report, form, generated_at=at)


@login_required
@require_GET
def outcomes(request: HttpRequest) -> HttpResponse:
    access_reports(request.user, page="reports.outcomes")
    at = now()
    form = PeriodForm(request.GET or None, today=local_date(at))
    first, last = form.bounds()
    report = outcomes_report(outcome_figures(first=first, last=last, as_of=at), first=first, last=last, as_of=at)
    return _respond(request, report, form, generated_at=at)


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    access_reports(request.user, page="reports.case_list")
    at = now()
    form = CaseListForm(request.GET or None)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    cases = review_cases(first=filters.get("start"), last=filters.get("end"), stage=filters.get("stage", ""))
    page = Paginator(cases, CASE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "rows": review_rows(list(page.object_list), now=at)}
    return render(request, "reports/case_list.html", context)


@login_required
@require_GET
def case_chronology(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access_case_for_review(request.user, case_id)
    at = now()
    chron = chronology(case, as_of=at)
    export = "pdf" if request.GET.get("format") == "pdf" else "page"
    record_chronology_read(actor=request.user, case=case, as_of=at, format=export, at=at)
    context = {"chron": chronology_view(chron), "generated_at": at}
    if export == "pdf":
        pdf = pdf_from_template("reports/print_chronology.html", context)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="chronology-{case.public_id}.pdf"'
        return response
    return render(request, "reports/chronology.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def samples(request: HttpRequest) -> HttpResponse:
    access_reports(request.user, page="reports.samples")
    user = acting_user(request)
    form = SampleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            sample = do_draw_review_sample(
                first=form.cleaned_data["start"],
                last=form.cleaned_data["end"],
                size=form.cleaned_data["size"],
                acting_user=user,
                at=now(),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            return redirect("reports:sample", sample_id=sample.pk)
    context = {"form": form, "samples": recent_samples()}
    return render(request, "reports/samples.html", context)


@login_required
@require_GET
def sample_detail(request: HttpRequest, sample_id: int) -> HttpResponse:
    access_reports(request.user, page="reports.sample")
    found = sample_with_cases(sample_id)
    if found is None:
        raise Http404
    sample, rows = found
    return render(request, "reports/sample.html", {"sample": sample, "rows": rows})
