"""The per-case access report: who has seen a case and its evidence, when, from where and why.

Callers have authorised the reader (supervise permission). Rows come from the audit trail only: the
case's own rows through the (case_id, seq) index, and exports (which list many cases in one row)
through the trail's case index (AuditEntryCase), plain lookups that every database runs. The trail
holds people by id; names are read from the accounts at display.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEntry, AuditEntryCase
from audit.reads import ACCESS, ACCESS_REPORT, API_ACCESS, EVIDENCE_DOWNLOAD, EVIDENCE_REVEAL, EXPORT, VIEW
from casemgr.vocabulary import StaffRole

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
    exports = AuditEntryCase.objects.filter(case_id=case_id, entry__action=EXPORT).values("entry_id")
    return AuditEntry.objects.filter(own | Q(pk__in=exports))


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
        username=row.actor.username if row.actor is not None else "",
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
        rows.values("actor_id", "actor__username", "actor__display_name")
        .annotate(
            views=Count("pk", filter=ok & Q(action__in=(VIEW, ACCESS_REPORT))),
            reveals=Count("pk", filter=ok & Q(action=EVIDENCE_REVEAL)),
            downloads=Count("pk", filter=ok & Q(action=EVIDENCE_DOWNLOAD)),
            exports=Count("pk", filter=ok & Q(action=EXPORT)),
            denied=Count("pk", filter=Q(outcome=AuditEntry.Outcome.DENIED)),
            first_at=Min("at"),
            last_at=Max("at"),
        )
        .order_by("-last_at", "actor__username")
    )
    groups = list(grouped)
    # Newest first by when written: rows linked later still sort where they were written.
    page = Paginator(rows.select_related("actor").order_by("-id"), PAGE_SIZE).get_page(page_number)
    people = [
        PersonSummary(
            actor_id=g["actor_id"],
            username=g["actor__username"] or "",
            name=g["actor__display_name"] or "",
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


@dataclass(frozen=True)
class StaffAccess:
    """Staff of one role who opened the case on one day: no names, no ids (for the parties' portal)."""

    on: dt.date  # the institution's day
    role: str  # a StaffRole value
    views: int  # case pages, API reads and the case's access report
    evidence: int  # evidence revealed or downloaded


def staff_access_by_role(case_id: int) -> list[StaffAccess]:
    """Who on the staff opened the case, by role and day only, oldest day first (roles in StaffRole's
    order). Looks by people without a staff role (the parties themselves) are left out; a person with
    several roles counts under the first; roles are the ones people hold now. Two queries."""
    looks = AuditEntry.objects.filter(
        case_id=case_id,
        outcome=AuditEntry.Outcome.OK,
        action__in=(VIEW, ACCESS_REPORT, EVIDENCE_REVEAL, EVIDENCE_DOWNLOAD),
        actor__isnull=False,
    )
    per_day = list(
        looks.annotate(on=TruncDate("at", tzinfo=timezone.get_default_timezone()))
        .values("actor_id", "on")
        .annotate(
            views=Count("pk", filter=Q(action__in=(VIEW, ACCESS_REPORT))),
            evidence=Count("pk", filter=Q(action__in=(EVIDENCE_REVEAL, EVIDENCE_DOWNLOAD))),
        )
        .order_by()
    )
    order = {role: position for position, role in enumerate(StaffRole.values)}
    roles: dict[int, str] = {}
    memberships = Group.objects.filter(user__pk__in={row["actor_id"] for row in per_day}, name__in=StaffRole.values)
    for user_id, role in memberships.values_list("user__pk", "name"):
        if user_id not in roles or order[role] < order[roles[user_id]]:
            roles[user_id] = role
    totals: dict[tuple[dt.date, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in per_day:
        held = roles.get(row["actor_id"])
        if held is not None:
            counts = totals[(row["on"], held)]
            counts[0] += row["views"]
            counts[1] += row["evidence"]
    return [
        StaffAccess(on=on, role=role, views=views, evidence=evidence)
        for (on, role), (views, evidence) in sorted(totals.items(), key=lambda item: (item[0][0], order[item[0][1]]))
    ]
