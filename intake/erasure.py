"""What the purge (privacy.purge) erases of online reports, registered through casemgr.erasure.

A report that became a case, or was attached to one, goes with that case's purge, its files and
messages with it. A report that never became a case is kept for the schedule's period for intake
reports, counted from its receipt, once it is closed: an open report is still waiting for the office.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Case, F, Field, Q, QuerySet, Value, When

from evidence.storage import remove_blob
from intake.models import OPEN_STATUSES, DepictedPerson, IntakeReport, PossibleReportLink, ReportFile


def _delete_reports(reports: QuerySet[IntakeReport]) -> int:
    # Files still in the report's own storage (those that became evidence were moved, and the evidence
    # is shredded by the case's purge); their blobs go once the purge's transaction has committed.
    blobs = list(
        ReportFile.objects.filter(report__in=reports, evidence__isnull=True).values_list("storage_name", flat=True)
    )
    count = reports.count()
    reports.delete()  # its depicted people, files, messages and possible links with it
    for name in blobs:
        transaction.on_commit(lambda name=name: remove_blob(name))  # type: ignore[misc]
    return count


def erase_case(case_id: int, now: dt.datetime) -> None:
    _delete_reports(IntakeReport.objects.filter(case_id=case_id))
    PossibleReportLink.objects.filter(other_case_id=case_id).delete()


def erase_person(user_id: int, identifiers: Sequence[str], now: dt.datetime) -> None:
    """Blank a purged person's name, number and e-mail wherever a kept report names her."""
    names = [i for i in identifiers if i]
    if not names:
        return
    # One pass over the reports for the six columns (a purge blanks a few people per case).
    columns = [f"{prefix}_{column}" for prefix in ("reporter", "respondent") for column in ("name", "email", "number")]
    naming = Q()
    for column in columns:
        naming |= Q(**{f"{column}__in": names})
    IntakeReport.objects.filter(naming).update(**{column: _blank_if_in(column, names) for column in columns})
    DepictedPerson.objects.filter(Q(name__in=names) | Q(email__in=names) | Q(number__in=names)).delete()


def _blank_if_in(column: str, names: list[str]) -> Case:
    """The column's new value: blank where it is one of `names`, as it was elsewhere."""
    kept = IntakeReport._meta.get_field(column)
    assert isinstance(kept, Field)
    return Case(When(**{f"{column}__in": names}, then=Value("")), default=F(column), output_field=kept)


def purge_old_reports(before: dt.datetime, dry_run: bool) -> int:
    """Closed reports that never became cases, received before `before`."""
    reports = IntakeReport.objects.filter(case__isnull=True, received_at__lt=before).exclude(
        status__in=sorted(OPEN_STATUSES)
    )
    if dry_run:
        return reports.count()
    return _delete_reports(reports)
