"""Every report as CSV and as PDF (WeasyPrint), with its period, the policy versions in force and the
time it was generated; the chronology as PDF. Both are made from the same tables the pages show."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from reports.charts import draw
from reports.tables import Report
from reports.times import format_time

PRINT_STYLESHEET = "reports/print.css"


def report_heading(report: Report, *, generated_at: dt.datetime) -> list[tuple[str, str]]:
    """The lines that say what a report covers: period, as of, policies, generated."""
    policies = "; ".join(
        _("%(name)s (in force from %(date)s, dormant after %(days)s working days)")
        % {"name": name, "date": since.isoformat(), "days": days}
        for name, since, days in report.policies
    )
    return [
        (_("Report"), report.title),
        (_("Cases received"), f"{report.first.isoformat()} – {report.last.isoformat()}"),
        (_("As of"), format_time(report.as_of)),
        (_("Deadline policies in force"), policies or "—"),
        (_("Generated"), format_time(generated_at)),
        (_("Small numbers"), _("1 to 4 are shown as <5; * is hidden so that a total does not give one away.")),
    ]


def report_csv(report: Report, *, generated_at: dt.datetime) -> bytes:
    """The report as CSV (UTF-8 with a byte-order mark, so that spreadsheets read the Chinese right)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for name, value in report_heading(report, generated_at=generated_at):
        writer.writerow([name, value])
    for table in report.tables:
        writer.writerow([])
        writer.writerow([table.caption])
        writer.writerow(table.headers)
        for row in table.rows:
            writer.writerow([c.text for c in row])
        if table.note:
            writer.writerow([table.note])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def pdf_from_template(template: str, context: dict[str, Any]) -> bytes:
    """A PDF of `template` (a page made for print), styled by the print stylesheet only."""
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]  # loads pango, which only exports need

    html = render_to_string(template, context)
    stylesheet = finders.find(PRINT_STYLESHEET)
    assert isinstance(stylesheet, str), "the print stylesheet ships with the app"
    pdf: bytes = HTML(string=html, base_url=None).write_pdf(stylesheets=[CSS(filename=stylesheet)])
    return pdf


def report_pdf(report: Report, *, generated_at: dt.datetime) -> bytes:
    return pdf_from_template(
        "reports/print_report.html",
        {
            "report": report,
            "heading": report_heading(report, generated_at=generated_at),
            "charts": [draw(c) for c in report.charts],
        },
    )
