"""Sending a report: what the public form gives, checked, stored, and the acknowledgement deadline set."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.actions import AUDITED, action_scope, record_action
from casemgr.vocabulary import MeasureType
from cases.models import ComplainantRequest, Conduct
from deadlines.calendar import WorkingCalendar
from deadlines.policy import policy_in_force
from evidence.storage import remove_blob
from intake.access import intake_team_or_default
from intake.acknowledgement import due_at_for
from intake.files import store_report_file
from intake.links import find_possible_links
from intake.models import DepictedPerson, IntakeReport, Place, ReportWay, Synthetic
from intake.report_keys import hash_key, new_key, new_number


@dataclass(frozen=True)
class PersonInput:
    name: str
    email: str = ""
    number: str = ""


@dataclass(frozen=True)
class UploadInput:
    content: bytes
    filename: str


@dataclass(frozen=True)
class ReportInput:
    way: str
    conducts: list[str]
    synthetic: str
    account: str
    place: str
    happened_on: dt.date | None = None
    reporter: PersonInput | None = None
    respondent: PersonInput | None = None
    depicted: list[PersonInput] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    files: list[UploadInput] = field(default_factory=list)
    language: str = "en"


@dataclass(frozen=True)
class Receipt:
    """What the reporter is shown once: the number and the key (never stored in clear)."""

    report: IntakeReport
    number: str
    key: str


def check_report(data: ReportInput, *, at: dt.datetime) -> None:
    """Raise ValidationError naming the field of the first problem."""
    if data.way not in ReportWay.values:
        raise ValidationError({"way": _("Choose how you are reporting.")})
    if not data.conducts:
        raise ValidationError({"conducts": _("Choose at least one thing that happened.")})
    if any(c not in Conduct.values for c in data.conducts):
        raise ValidationError({"conducts": _("Choose from the list of what happened.")})
    if data.synthetic not in Synthetic.values:
        raise ValidationError({"synthetic": _("Say whether the images are real, made with AI, or you don't know.")})
    if data.place not in Place.values:
        raise ValidationError({"place": _("Say where it happened, or that you don't know.")})
    if data.happened_on is not None and data.happened_on > at.date():
        raise ValidationError({"happened_on": _("The date cannot be in the future.")})
    if data.way == ReportWay.NAMED and (
        data.reporter is None or not data.reporter.name.strip() or not data.reporter.email.strip()
    ):
        raise ValidationError({"reporter_email": _("Give your name and institutional e-mail to report in your name.")})
    if data.way == ReportWay.ON_BEHALF and not any(p.name.strip() for p in data.depicted):
        raise ValidationError({"depicted": _("Name at least one person who is shown, or report in another way.")})
    if any(r not in ComplainantRequest.Kind.values for r in data.requests):
        raise ValidationError({"requests": _("Choose from the list of requests.")})
    if any(m not in MeasureType.values for m in data.measures):
        raise ValidationError({"measures": _("Choose from the list of measures.")})


def do_submit_report(data: ReportInput, *, at: dt.datetime) -> Receipt:
    """Store a report sent from the public form, with its files encrypted, its acknowledgement deadline
    and its possible links; one audit row "intake.submit" (no personal data). Raises ValidationError with
    nothing stored. Runs in its own durable transaction: files written before it are removed if it fails."""
    check_report(data, at=at)
    number, key = new_number(), new_key()
    reporter = data.reporter if data.way != ReportWay.ANONYMOUS else None
    respondent = data.respondent
    written: list[str] = []
    try:
        with transaction.atomic(durable=True), action_scope():
            report = IntakeReport(
                number=number,
                key_hash=hash_key(key),
                way=data.way,
                received_at=at,
                team=intake_team_or_default(),
                policy=policy_in_force(at),
                language=data.language,
                reporter_name=reporter.name.strip() if reporter else "",
                reporter_email=reporter.email.strip() if reporter else "",
                reporter_number=reporter.number.strip() if reporter else "",
                conducts=list(dict.fromkeys(data.conducts)),
                synthetic=data.synthetic,
                account=data.account.strip(),
                happened_on=data.happened_on,
                place=data.place,
                respondent_known=respondent is not None,
                respondent_name=respondent.name.strip() if respondent else "",
                respondent_number=respondent.number.strip() if respondent else "",
                respondent_email=respondent.email.strip() if respondent else "",
                requests=list(dict.fromkeys(data.requests)),
                measures=list(dict.fromkeys(data.measures)),
            )
            report.acknowledgement_due_at = due_at_for(report, WorkingCalendar.load())
            report.save()
            DepictedPerson.objects.bulk_create(
                DepictedPerson(
                    report=report, name=p.name.strip(), email=p.email.strip(), number=p.number.strip(), position=i
                )
                for i, p in enumerate(d for d in data.depicted if d.name.strip())
            )
            for upload in data.files:
                stored = store_report_file(report, content=upload.content, filename=upload.filename, at=at)
                written.append(stored.storage_name)
            links = find_possible_links(report, at=at)
            record_action(
                "intake.submit",
                actor=None,
                at=at,
                target=str(report.public_id),
                detail={"report": report.pk, "way": report.way, "files": len(written), "possible_links": len(links)},
            )
    except BaseException:
        for name in written:
            remove_blob(name)
        raise
    return Receipt(report=report, number=number, key=key)


# It writes its audit row in its own durable transaction, as @audited would.
AUDITED.add(do_submit_report)
