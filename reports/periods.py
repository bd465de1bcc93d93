"""Report periods: a month, a quarter, an academic year (1 September to 31 August) or any range."""

from __future__ import annotations

import datetime as dt

ACADEMIC_YEAR_START_MONTH = 9


def month_of(day: dt.date) -> tuple[dt.date, dt.date]:
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date]:
    start_month = 3 * ((day.month - 1) // 3) + 1
    first = dt.date(day.year, start_month, 1)
    _start, last = month_of(dt.date(day.year, start_month + 2, 1))
    return first, last


def academic_year_of(day: dt.date) -> tuple[dt.date, dt.date]:
    year = day.year if day.month >= ACADEMIC_YEAR_START_MONTH else day.year - 1
    return dt.date(year, ACADEMIC_YEAR_START_MONTH, 1), dt.date(year + 1, ACADEMIC_YEAR_START_MONTH, 1) - dt.timedelta(
        days=1
    )
