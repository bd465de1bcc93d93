"""A report in words, as a case's summary carries it over (in the language of the officer acting)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from casemgr.vocabulary import MeasureType
from cases.models import ComplainantRequest, Conduct
from intake.models import IntakeReport, Place, ReportWay, Synthetic


def conduct_labels(report: IntakeReport) -> list[str]:
    return [str(Conduct(c).label) for c in report.conducts if c in Conduct.values]


def request_labels(report: IntakeReport) -> list[str]:
    requests = [str(ComplainantRequest.Kind(r).label) for r in report.requests if r in ComplainantRequest.Kind.values]
    return requests + [str(MeasureType(m).label) for m in report.measures if m in MeasureType.values]


def case_summary(report: IntakeReport) -> str:
    lines = [
        _("From online report %(number)s (%(way)s).") % {"number": report.number, "way": ReportWay(report.way).label},
        _("What happened: %(what)s; %(synthetic)s.")
        % {"what": ", ".join(conduct_labels(report)), "synthetic": Synthetic(report.synthetic).label},
        _("Where: %(place)s.") % {"place": Place(report.place).label},
    ]
    if report.happened_on is not None:
        lines.append(_("When: %(date)s.") % {"date": report.happened_on.isoformat()})
    if report.respondent_known:
        who = ", ".join(x for x in (report.respondent_name, report.respondent_number, report.respondent_email) if x)
        lines.append(_("Respondent named in the report: %(who)s.") % {"who": who})
    asked = request_labels(report)
    if asked:
        lines.append(_("Asked for: %(asked)s.") % {"asked": ", ".join(asked)})
    if report.account:
        lines += ["", report.account]
    return "\n".join(lines)
