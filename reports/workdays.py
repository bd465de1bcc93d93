"""Keeping the working-day ordinal table (reports.models.WorkingDay) in step with the calendar.

The table is derived data: it is rebuilt, not edited, whenever the closure days or the holiday data
differ from the ones it was built from (a fingerprint of both is kept), or when a report needs days it
does not cover yet. Checking costs two small queries, so every report calls `ensure_working_days`
first and nothing in deadlines/ has to remember to refresh it.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import holidays
from django.db import connection, transaction

from deadlines.calendar import WorkingCalendar
from reports.models import WorkingDay, WorkingDayTable

# Any fixed 64-bit key: the advisory lock that lets one process rebuild the table at a time.
_REBUILD_LOCK_KEY = 0x7265_706F_7274_7331
# Built a little wider than asked so that a report of the next month does not rebuild it again.
_MARGIN = dt.timedelta(days=366)


def _fingerprint(calendar: WorkingCalendar) -> str:
    closures = ",".join(f"{day.isoformat()}" for day in sorted(calendar.closures))
    version = getattr(holidays, "__version__", "")
    return hashlib.sha256(f"holidays={version};closures={closures}".encode()).hexdigest()


def ensure_working_days(first: dt.date, last: dt.date) -> None:
    """Make the WorkingDay table cover `first`..`last` under the current calendar (rebuilding if needed)."""
    calendar = WorkingCalendar.load()
    fingerprint = _fingerprint(calendar)
    state = WorkingDayTable.objects.first()
    if _covers(state, fingerprint, first, last):
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_REBUILD_LOCK_KEY])
        state = WorkingDayTable.objects.select_for_update().first()
        if _covers(state, fingerprint, first, last):
            return  # another process rebuilt it while this one waited
        start, end = first - _MARGIN, last + _MARGIN
        if state is not None and state.fingerprint == fingerprint:
            start, end = min(start, state.first_day), max(end, state.last_day)
        WorkingDay.objects.all().delete()
        WorkingDay.objects.bulk_create(_rows(calendar, start, end), batch_size=5000)
        WorkingDayTable.objects.all().delete()
        WorkingDayTable.objects.create(first_day=start, last_day=end, fingerprint=fingerprint)


def _covers(state: WorkingDayTable | None, fingerprint: str, first: dt.date, last: dt.date) -> bool:
    if state is None or state.fingerprint != fingerprint:
        return False
    return state.first_day <= first and last <= state.last_day


def _rows(calendar: WorkingCalendar, start: dt.date, end: dt.date) -> list[WorkingDay]:
    rows = []
    ordinal = 0
    day = start
    while day <= end:
        working = calendar.is_working_day(day)
        ordinal += int(working)
        rows.append(WorkingDay(day=day, ordinal=ordinal, working=working))
        day += dt.timedelta(days=1)
    return rows
