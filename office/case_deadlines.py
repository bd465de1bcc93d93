"""Every deadline a case has, in one list for its page: the stage, dormancy, each complainant request,
each interim-measure step and each condition of an outcome, with its due date, basis and state.

Reads only what the case page has already loaded (cases.pages.case_page, accommodations.pages).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from accommodations.pages import MeasurePanel
from cases.pages import CasePage
from deadlines.calendar import local_date

DONE, OVERDUE, PENDING = "done", "overdue", "pending"


@dataclass(frozen=True)
class DeadlineRow:
    what: str
    due_at: dt.datetime | None
    basis: str
    state: str  # DONE, OVERDUE or PENDING
    done_at: dt.datetime | None = None

    @property
    def state_label(self) -> str:
        return {DONE: _("Done"), OVERDUE: _("Overdue"), PENDING: _("Pending")}[self.state]


def _state(due_at: dt.datetime | None, done_at: dt.datetime | None, now: dt.datetime) -> str:
    if done_at is not None:
        return DONE
    return OVERDUE if due_at is not None and due_at < now else PENDING


def case_deadlines(page: CasePage, measures: list[MeasurePanel], *, now: dt.datetime) -> list[DeadlineRow]:
    """The case's deadlines, open ones first by due date, then those done."""
    case = page.case
    rows: list[DeadlineRow] = []
    if case.is_open:
        stage_basis = page.stage_deadline.basis() if page.stage_deadline else ""
        rows.append(
            DeadlineRow(
                _("Leave “%(stage)s”") % {"stage": page.stage_label},
                case.stage_due_at,
                stage_basis,
                _state(case.stage_due_at, None, now),
            )
        )
        dormancy_basis = page.dormancy_deadline.basis(_("the last activity")) if page.dormancy_deadline else ""
        rows.append(
            DeadlineRow(
                _("Next activity (dormancy)"),
                case.dormant_due_at,
                dormancy_basis,
                _state(case.dormant_due_at, None, now),
            )
        )
    for row in page.requests:
        request = row.request
        rows.append(
            DeadlineRow(
                _("Decision on the request: %(kind)s") % {"kind": request.get_kind_display()},
                row.deadline.due_at,
                row.deadline.basis(_("the request")),
                _state(row.deadline.due_at, row.decided_at, now),
                row.decided_at,
            )
        )
    for panel in measures:
        for step in panel.steps:
            if step.due_at is None and step.done_at is None:
                continue
            rows.append(
                DeadlineRow(
                    f"{panel.measure.code}: {step.label}",
                    step.due_at,
                    step.basis,
                    _state(step.due_at, step.done_at, now) if step.status != "done" else DONE,
                    step.done_at,
                )
            )
    for outcome in page.outcomes:
        for sanction in outcome.sanctions.all():
            if sanction.due_at is None:
                continue
            basis = _("set by the outcome of %(date)s") % {"date": f"{local_date(outcome.decided_at):%Y-%m-%d}"}
            rows.append(
                DeadlineRow(
                    _("Compliance: %(sanction)s") % {"sanction": sanction.type.name},
                    sanction.due_at,
                    basis,
                    _state(sanction.due_at, sanction.complied_at, now),
                    sanction.complied_at,
                )
            )
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    return sorted(rows, key=lambda r: (r.state == DONE, r.due_at or far))
