"""The reports as tables of shown cells: what the pages, the CSV and the PDF all print, so that small
numbers are suppressed the same way everywhere a reviewer looks (reports.suppression)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Team
from casemgr.vocabulary import FlagKind, MeasureType
from cases.models import Conduct, SanctionType
from reports import suppression
from reports.report_json import sorted_deadlines
from reports.selectors import FlagCount, Milestone, OutcomeRow, PeriodFigures
from reports.suppression import Cell, cell, measure_cell, protect
from reports.timeliness import Figures

MILESTONE_LABELS = {
    "first_decision": gettext_lazy("To the first decision on an interim measure"),
    "first_implementation": gettext_lazy("To the first interim measure implemented"),
    "outcome": gettext_lazy("To the outcome"),
}


@dataclass
class Table:
    """A captioned table: a header row and rows whose first cell names the row."""

    key: str
    caption: str
    headers: list[str]
    rows: list[list[Cell]]
    note: str = ""

    @property
    def protects(self) -> bool:
        return any(c.protects for row in self.rows for c in row)


@dataclass
class Bar:
    label: str
    value: float | None
    text: str


@dataclass
class Chart:
    """A bar chart drawn from a table's shown cells (never from the exact figures behind "<5")."""

    key: str
    title: str
    table_key: str
    bars: list[Bar]
    series: str = ""


@dataclass
class Report:
    key: str
    title: str
    first: dt.date
    last: dt.date
    as_of: dt.datetime
    policies: list[tuple[str, dt.date, int]]
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


def label(text: str) -> Cell:
    return Cell(str(text))


def kind_label(kind: str, measure_type: str | None) -> str:
    name = str(FlagKind(kind).label)
    return f"{name}: {MeasureType(measure_type).label}" if measure_type else name


def _deadline_rows(figures: Figures) -> list[list[Cell]]:
    rows = []
    for row in sorted_deadlines(figures):
        total, parts = protect(row.total, [row.met, row.missed, row.overdue, row.pending])
        median = suppression.median(row.median_late_working_days, over=row.late)
        rows.append([label(kind_label(row.kind, row.measure_type)), total, *parts, measure_cell(median)])
    return rows


def deadlines_table(figures: Figures) -> Table:
    return Table(
        "deadlines",
        _("Deadlines: met, missed, overdue and pending"),
        [_("Deadline"), _("All"), _("Met"), _("Missed"), _("Overdue"), _("Pending"), _("Median working days late")],
        _deadline_rows(figures),
        note=_("The median is over the missed and overdue deadlines, and shown only for 5 or more."),
    )


def cases_table(figures: Figures) -> Table:
    total, parts = protect(figures.received, [figures.statutory_sanction, figures.informal_only, figures.none_yet])
    return Table(
        "cases",
        _("Cases and outcomes"),
        [_("Received"), _("Open"), _("Statutory sanction"), _("Informal steps only"), _("No outcome yet")],
        [[total, cell(figures.open), *parts]],
    )


def separation_table(figures: Figures) -> Table:
    return Table(
        "separation",
        _("Shared classes after a class-separation request"),
        [_("Requests"), _("With sessions shared after the request"), _("Sessions shared")],
        [[cell(figures.separation_requests), cell(figures.with_shared_sessions), cell(figures.shared_sessions)]],
    )


def dormancy_table(figures: Figures) -> Table:
    longest = suppression.longest(figures.longest_working_days, cases=figures.cases_dormant)
    return Table(
        "dormancy",
        _("Dormant cases"),
        [_("Cases with a dormant period"), _("Longest gap (working days)")],
        [[cell(figures.cases_dormant), measure_cell(longest)]],
        note=_("A dormant period is a gap between activities longer than the policy's dormancy period."),
    )


def milestones_table(milestones: list[Milestone]) -> Table:
    rows = [
        [
            label(str(MILESTONE_LABELS[m.name])),
            cell(m.cases),
            measure_cell(suppression.median(m.median_working_days, over=m.cases)),
        ]
        for m in milestones
    ]
    return Table(
        "milestones",
        _("Working days from the complaint"),
        [_("Step"), _("Cases that reached it"), _("Median working days")],
        rows,
    )


def _late(figures: Figures) -> int:
    return sum(row.missed + row.overdue for row in figures.deadlines)


def months_table(period: PeriodFigures) -> Table:
    months = list(period.by_month.items())
    received_total, received = protect(period.overall.received, [f.received for _m, f in months])
    late_total, late = protect(_late(period.overall), [_late(f) for _m, f in months])
    rows = [
        [label(month.strftime("%Y-%m")), received[i], late[i]] for i, (month, _figures) in enumerate(months)
    ]
    rows.append([label(_("All months")), received_total, late_total])
    return Table(
        "months",
        _("By month of receipt"),
        [_("Month"), _("Cases received"), _("Deadlines missed or overdue")],
        rows,
    )


def flags_table(counts: list[FlagCount]) -> Table:
    rows = [[label(str(FlagKind(c.kind).label)), label(str(c.level)), label(c.age), cell(c.count)] for c in counts]
    return Table(
        "flags",
        _("Open flags now, by kind, level and working days overdue"),
        [_("Kind"), _("Level"), _("Working days overdue"), _("Flags")],
        rows,
    )


def _bars(table: Table, column: int, *, skip_last: bool = False) -> list[Bar]:
    rows = table.rows[:-1] if skip_last else table.rows
    return [Bar(row[0].text, row[column].value, row[column].text) for row in rows]


def timeliness_report(period: PeriodFigures, flags: list[FlagCount]) -> Report:
    report = Report(
        "timeliness",
        _("Timeliness"),
        period.first,
        period.last,
        period.as_of,
        period.policies,
    )
    months = months_table(period)
    deadlines = deadlines_table(period.overall)
    # Late steps by kind: missed and overdue added per row, suppressed like any count.
    late_rows = [
        [label(kind_label(r.kind, r.measure_type)), cell(r.missed + r.overdue)]
        for r in sorted_deadlines(period.overall)
    ]
    late = Table("late", _("Late steps by kind"), [_("Deadline"), _("Missed or overdue")], late_rows)
    report.tables = [
        cases_table(period.overall),
        deadlines,
        late,
        months,
        milestones_table(period.milestones),
        separation_table(period.overall),
        dormancy_table(period.overall),
        flags_table(flags),
    ]
    report.charts = [
        Chart("chart-months", _("Cases received by month"), "months", _bars(months, 1, skip_last=True)),
        Chart(
            "chart-months-late",
            _("Deadlines missed or overdue by month of receipt"),
            "months",
            _bars(months, 2, skip_last=True),
        ),
        Chart("chart-late", _("Late steps by kind"), "late", _bars(late, 1)),
    ]
    return report


def teams_report(
    by_team: dict[int, Figures], *, overall: Figures, first: dt.date, last: dt.date, as_of: dt.datetime
) -> Report:
    names = dict(Team.objects.filter(pk__in=list(by_team)).values_list("pk", "name"))
    teams = sorted(by_team.items(), key=lambda item: names.get(item[0], ""))
    received_total, received = protect(overall.received, [f.received for _t, f in teams])
    open_total, open_ = protect(overall.open, [f.open for _t, f in teams])
    late_total, late = protect(_late(overall), [_late(f) for _t, f in teams])
    dormant_total, dormant = protect(overall.cases_dormant, [f.cases_dormant for _t, f in teams])
    rows = [
        [label(names.get(team, "")), received[i], open_[i], late[i], dormant[i]] for i, (team, _f) in enumerate(teams)
    ]
    rows.append([label(_("All teams")), received_total, open_total, late_total, dormant_total])
    report = Report("teams", _("Timeliness by team"), first, last, as_of, [])
    report.tables = [
        Table(
            "teams",
            _("By team"),
            [_("Team"), _("Cases received"), _("Open"), _("Deadlines missed or overdue"), _("Dormant cases")],
            rows,
        )
    ]
    for team, figures in teams:
        table = deadlines_table(figures)
        table.key = f"team-{team}"
        table.caption = _("Deadlines of %(team)s") % {"team": names.get(team, "")}
        report.tables.append(table)
    return report


def outcomes_report(rows: list[OutcomeRow], *, first: dt.date, last: dt.date, as_of: dt.datetime) -> Report:
    sanction_types = list(SanctionType.objects.order_by("-statutory", "position", "code"))
    used = [t for t in sanction_types if any(t.code in r.by_sanction for r in rows)]
    table_rows = []
    for r in rows:
        total, parts = protect(r.cases, [r.statutory_sanction, r.informal_only, r.none_yet])
        table_rows.append([label(str(Conduct(r.conduct).label)), total, *parts])
    by_type_rows = [
        [label(str(Conduct(r.conduct).label)), *[cell(r.by_sanction.get(t.code, 0)) for t in used]] for r in rows
    ]
    report = Report("outcomes", _("Outcomes by allegation"), first, last, as_of, [])
    report.tables = [
        Table(
            "outcomes",
            _("Statutory sanctions and informal steps, by the conduct alleged"),
            [_("Conduct alleged"), _("Cases"), _("Statutory sanction"), _("Informal steps only"), _("No outcome yet")],
            table_rows,
            note=_("A case alleging two kinds of conduct is counted under each."),
        ),
        Table(
            "sanctions",
            _("Cases whose outcome included each sanction or step"),
            [_("Conduct alleged")]
            + [f"{t.name} ({_('statutory') if t.statutory else _('informal')})" for t in used],
            by_type_rows,
        ),
    ]
    report.charts = [
        Chart(
            "chart-outcomes",
            _("Cases with a statutory sanction, by the conduct alleged"),
            "outcomes",
            _bars(report.tables[0], 2),
        )
    ]
    return report
