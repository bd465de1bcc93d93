"""A chronology as a review panel reads it on the page and in the PDF: the same content as the contract's
JSON (reports.chronology), in words of the reader's language, with delays and dormant periods marked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accommodations.models import Measure
from casemgr.vocabulary import FlagKind, MeasureDecision, MeasureType, Stage
from cases.models import PartyRole, SanctionType
from reports.chronology import Chronology

ROLE_LABELS = {
    PartyRole.COMPLAINANT: gettext_lazy("Complainant"),
    PartyRole.RESPONDENT: gettext_lazy("Respondent"),
    PartyRole.WITNESS: gettext_lazy("Witness"),
    PartyRole.AFFECTED_PERSON: gettext_lazy("Affected person"),
}
STATUS_LABELS = {
    "met": gettext_lazy("Met"),
    "missed": gettext_lazy("Missed"),
    "overdue": gettext_lazy("Overdue"),
    "pending": gettext_lazy("Pending"),
}
EVENT_LABELS = {
    "received": gettext_lazy("Complaint received"),
    "note": gettext_lazy("Note recorded"),
    "meeting": gettext_lazy("Meeting recorded"),
    "decision": gettext_lazy("Decision recorded"),
    "message": gettext_lazy("Message recorded"),
    "change": gettext_lazy("Change recorded"),
    "measure_requested": gettext_lazy("Interim measure requested"),
    "measure_implemented": gettext_lazy("Interim measure implemented"),
}


@dataclass(frozen=True)
class PageEntry:
    at: dt.datetime
    text: str
    by: str
    measure: str


@dataclass(frozen=True)
class PageDeadline:
    kind: str
    measure: str
    due_at: dt.datetime
    done_at: dt.datetime | None
    status: str
    status_label: str
    late_working_days: int

    @property
    def late(self) -> bool:
        return self.status in ("missed", "overdue")


@dataclass(frozen=True)
class ChronologyView:
    reference: str
    as_of: dt.datetime
    parties: list[str]
    entries: list[PageEntry]
    deadlines: list[PageDeadline]
    dormant_periods: list[tuple[dt.datetime, dt.datetime, int]]

    @property
    def late_count(self) -> int:
        return sum(1 for d in self.deadlines if d.late)


def _translated_label(label: str, labels: dict[str, str]) -> str:
    return labels.get(label, label)


def chronology_view(chron: Chronology) -> ChronologyView:
    labels = {p.label: f"{ROLE_LABELS[PartyRole(p.role)]} {p.letter}" for p in chron.parties}
    measure_types = dict(Measure.objects.filter(case=chron.case).values_list("code", "type"))
    sanction_names = {t.code: t.name for t in SanctionType.objects.all()}

    def measure_name(code: str) -> str:
        kind = measure_types.get(code)
        return f"{code} ({MeasureType(kind).label})" if kind in MeasureType.values else code

    entries = []
    for e in chron.entries:
        measure = str(e.extra.get("measure", ""))
        if e.what == "stage":
            to = str(e.extra.get("to", ""))
            text = _("Stage changed to %(stage)s") % {"stage": Stage(to).label if to in Stage.values else to}
        elif e.what == "measure_decided":
            decision = str(e.extra.get("decision", ""))
            shown = MeasureDecision(decision).label if decision in MeasureDecision.values else "—"
            text = _("Interim measure decided: %(decision)s") % {"decision": shown}
        elif e.what == "outcome_decided":
            names = ", ".join(sanction_names.get(code, code) for code in e.extra.get("sanctions", []))
            text = _("Outcome decided: %(sanctions)s") % {"sanctions": names}
        elif e.what == "sanction_complied":
            code = str(e.extra.get("sanction", ""))
            text = _("Compliance recorded: %(sanction)s") % {"sanction": sanction_names.get(code, code)}
        else:
            text = str(EVENT_LABELS.get(e.what, e.what))
        by = _translated_label(e.by, labels) if e.by else ""
        entries.append(PageEntry(e.at, text, by, measure_name(measure) if measure else ""))
    deadlines = [
        PageDeadline(
            kind=str(FlagKind(d.kind).label),
            measure=measure_name(d.measure) if d.measure else "",
            due_at=d.due_at,
            done_at=d.done_at,
            status=d.status,
            status_label=str(STATUS_LABELS[d.status]),
            late_working_days=d.late_working_days,
        )
        for d in chron.deadlines
    ]
    return ChronologyView(
        reference=chron.case.reference,
        as_of=chron.as_of,
        parties=[labels[p.label] for p in chron.parties],
        entries=entries,
        deadlines=deadlines,
        dormant_periods=[(g.from_at, g.to_at, g.working_days) for g in chron.dormant_periods],
    )
