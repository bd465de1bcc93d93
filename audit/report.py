"""The per-case access report: who has seen a case and its evidence, when, from where and why.

Callers have authorised the reader (supervise permission). Rows come from the audit trail only: the
case's own rows through the (case_id, seq) index, and exports (which list many cases in one row)
through the partial index on export rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEntry
from audit.reads import ACCESS, ACCESS_REPORT, API_ACCESS, EVIDENCE_DOWNLOAD, EVIDENCE_REVEAL, EXPORT, VIEW

LOOKS = (VIEW, ACCESS_REPORT, EVIDENCE_REVEAL, EVIDENCE_DOWNLOAD)
PAGE_SIZE = 50

ACTION_LABELS = {
    VIEW: _("Opened the case"),
    ACCESS_REPORT: _("Read this access report"),
    EVIDENCE_REVEAL: _("Revealed evidence"),
    EVIDENCE_DOWNLOAD: _("Downloaded evidence"),
    EXPORT: _("Exported the case"),
    ACCESS: _("Asked to open the case"),
    API_ACCESS: _("Asked the API for the case"),
}
PAGE_LABELS = {
    "case_page": _("case page"),
    "hearing_bundle": _("hearing bundle"),
    "access_report": _("access report"),
    "api.case_detail": _("API: case"),
    "api.case_timeline": _("API: timeline"),
    "api.case_measures": _("API: interim measures"),
}


def access_rows(case_id: int) -> QuerySet[AuditEntry]:
    """Every look at the case: views, evidence reveals and downloads, exports, and refused attempts."""
    own = Q(case_id=case_id) & (Q(action__in=LOOKS) | Q(outcome=AuditEntry.Outcome.DENIED))
    exported = Q(case_id__isnull=True, action=EXPORT, detail__cases__contains=[case_id])
    return AuditEntry.objects.filter(own | exported)


@dataclass(frozen=True)
class PersonSummary:
    actor_id: int | None
    username: str
    name: str
    views: int
    reveals: int
    downloads: int
    exports: int
    denied: int
    first_at: dt.datetime
    last_at: dt.datetime


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    username: str
    what: str
    where_in_case: str
    denied: bool
    outcome: str
    source: str
    reason: str


def _entry(row: AuditEntry) -> Entry:
    page = str(row.detail.get("page", "")) if isinstance(row.detail, dict) else ""
    return Entry(
        at=row.at,
        username=row.actor_username,
        what=str(ACTION_LABELS.get(row.action, row.action)),
        where_in_case=str(PAGE_LABELS.get(page, page)),
        denied=row.outcome == AuditEntry.Outcome.DENIED,
        outcome=row.get_outcome_display(),
        source=row.source,
        reason=row.reason,
    )


@dataclass(frozen=True)
class AccessReport:
    people: list[PersonSummary]
    page: Page[AuditEntry]
    entries: list[Entry]


def access_report(case_id: int, *, page_number: str | int | None) -> AccessReport:
    """The report for the case: one summary row per person (most recent first) and a page of the entries,
    newest first. A fixed number of queries whatever the size of the trail."""
    rows = access_rows(case_id)
    ok = Q(outcome=AuditEntry.Outcome.OK)
    grouped = (
        rows.values("actor_id", "actor_username")
        .annotate(
            views=Count("pk", filter=ok & Q(action__in=(VIEW, ACCESS_REPORT))),
            reveals=Count("pk", filter=ok & Q(action=EVIDENCE_REVEAL)),
            downloads=Count("pk", filter=ok & Q(action=EVIDENCE_DOWNLOAD)),
            exports=Count("pk", filter=ok & Q(action=EXPORT)),
            denied=Count("pk", filter=Q(outcome=AuditEntry.Outcome.DENIED)),
            first_at=Min("at"),
            last_at=Max("at"),
        )
        .order_by("-last_at", "actor_username")
    )
    groups = list(grouped)
    page = Paginator(rows.order_by("-seq"), PAGE_SIZE).get_page(page_number)
    actor_ids = {g["actor_id"] for g in groups if g["actor_id"] is not None}
    # The user model through Django, not accounts: the trail sits below every app that writes to it.
    names = dict(get_user_model().objects.filter(pk__in=actor_ids).values_list("pk", "display_name"))
    people = [
        PersonSummary(
            actor_id=g["actor_id"],
            username=g["actor_username"],
            name=names.get(g["actor_id"], "") if g["actor_id"] is not None else "",
            views=g["views"],
            reveals=g["reveals"],
            downloads=g["downloads"],
            exports=g["exports"],
            denied=g["denied"],
            first_at=g["first_at"],
            last_at=g["last_at"],
        )
        for g in groups
    ]
    return AccessReport(people=people, page=page, entries=[_entry(row) for row in page])
