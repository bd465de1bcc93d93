"""Working days of the institution: not Saturday or Sunday, not a Hong Kong general holiday, not a
closure day the institution entered.

Hong Kong's general holidays are the `holidays` package's HK public *and* optional categories: the
public category alone holds only the statutory holidays and misses Good Friday, Easter Monday and
others that the Gazette lists as general holidays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings

END_OF_DAY = dt.time(23, 59, 59)
# Longer spans are not a deadline anyone set but a typing or data error (a year 0001 or 9999 date); counting
# them day by day would take seconds and tell nobody anything.
MAX_SPAN = dt.timedelta(days=366 * 50)


class CalendarSpanError(ValueError):
    """Working days were asked over a span no deadline has (more than MAX_SPAN): the data is wrong."""


def _check_span(start: dt.date, end: dt.date) -> None:
    if abs(end - start) > MAX_SPAN:
        raise CalendarSpanError(f"cannot count working days from {start.isoformat()} to {end.isoformat()}")


@lru_cache(maxsize=64)
def _hk_general_holidays(year: int) -> dict[dt.date, str]:
    calendar = holidays.country_holidays("HK", years=year, categories=("public", "optional"))
    return dict(calendar.items())


def institution_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class WorkingCalendar:
    closures: dict[dt.date, str] = field(default_factory=dict)

    @classmethod
    def load(cls) -> WorkingCalendar:
        """The calendar with the closure days currently entered (one query)."""
        from deadlines.models import ClosureDay

        return cls(closures=dict(ClosureDay.objects.values_list("date", "reason")))

    def holiday_name(self, day: dt.date) -> str | None:
        """Why a weekday is not a working day, or None if it is one (weekends are not named)."""
        name = _hk_general_holidays(day.year).get(day)
        if name:
            return name
        return self.closures.get(day)

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and self.holiday_name(day) is None

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The `count`-th working day after `start` (start itself not counted); `start` if count is 0."""
        day = start
        remaining = count
        while remaining > 0:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_after(self, start: dt.date, end: dt.date) -> int:
        """Working days d with start < d <= end. Raises CalendarSpanError over more than MAX_SPAN."""
        if end <= start:
            return 0
        _check_span(start, end)
        return sum(1 for day in _days(start + dt.timedelta(days=1), end) if self.is_working_day(day))

    def skipped_weekdays(self, start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
        """Weekdays in (start, end] that are not working days, with the reason: the basis of a deadline."""
        result = []
        for day in _days(start + dt.timedelta(days=1), end):
            name = self.holiday_name(day) if day.weekday() < 5 else None
            if name:
                result.append((day, name))
        return result


def _days(first: dt.date, last: dt.date) -> Iterable[dt.date]:
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(institution_tz()).date()


def end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, END_OF_DAY, tzinfo=institution_tz())


def working_days_after_moment(calendar: WorkingCalendar, moment: dt.datetime, count: int) -> dt.datetime:
    """ "N working days after T": the end (23:59:59, institution time) of the Nth working day after T's date."""
    return end_of_day(calendar.add_working_days(local_date(moment), count))


def overdue_working_days(calendar: WorkingCalendar, due_at: dt.datetime, now: dt.datetime) -> int:
    """Working days after the due date up to and including the date of `now` (0 if not yet due)."""
    if now <= due_at:
        return 0
    return calendar.working_days_after(local_date(due_at), local_date(now))
