"""Working days of the institution: not Saturday or Sunday, not a Hong Kong general holiday, not a
closure day the institution entered.

Hong Kong's general holidays are the `holidays` package's HK public *and* optional categories: the
public category alone holds only the statutory holidays and misses Good Friday, Easter Monday and
others that the Gazette lists as general holidays.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from django.utils import timezone

from casemgr.timerange import FIRST_YEAR, LAST_YEAR

END_OF_DAY = dt.time(23, 59, 59)
# The days the calendar counts: from the first year a person may type to ten years past the last, so
# that a deadline counted from a date typed in 2100 still has a day to fall on. Anything further is
# refused (CalendarRangeError) rather than counted: a typed 1900 or 0001 used to take seconds or
# overflow, and at most FIRST_DAY..LAST_DAY, about 44,000 days, is ever counted.
FIRST_DAY = dt.date(FIRST_YEAR, 1, 1)
LAST_DAY = dt.date(LAST_YEAR + 10, 12, 31)


class CalendarRangeError(ValueError):
    """A day outside FIRST_DAY..LAST_DAY, the span over which working days are counted."""

    def __init__(self, day: object) -> None:
        super().__init__(f"working days are counted from {FIRST_DAY} to {LAST_DAY}, not on {day}")


def _check_day(day: dt.date) -> None:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise CalendarRangeError(day)


# Unbounded, since only the years of FIRST_DAY..LAST_DAY are ever asked for (about 120).
@cache
def _hk_general_holidays(year: int) -> dict[dt.date, str]:
    calendar = holidays.country_holidays("HK", years=year, categories=("public", "optional"))
    return dict(calendar.items())


def institution_tz() -> ZoneInfo:
    # Django's cached zone of TIME_ZONE (cleared when a test changes the setting): asked for
    # hundreds of thousands of times by a large import.
    zone = timezone.get_default_timezone()
    assert isinstance(zone, ZoneInfo)
    return zone


def _weekdays_to(day: dt.date) -> int:
    """Weekdays from 0001-01-01 (a Monday) to `day`, both included."""
    weeks, days = divmod(day.toordinal(), 7)
    return weeks * 5 + min(days, 5)


@dataclass(frozen=True)
class WorkingCalendar:
    closures: dict[dt.date, str] = field(default_factory=dict)
    # Per year, the sorted weekdays that are not working days (holidays and closures): counting a long
    # span is then arithmetic on weekdays minus a bisect per year, not a walk over every day.
    _closed_by_year: dict[int, list[dt.date]] = field(default_factory=dict, init=False, repr=False, compare=False)
    # add_working_days' answers: an import or a policy change asks the same few thousand questions often.
    _added: dict[tuple[dt.date, int], dt.date] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def load(cls) -> WorkingCalendar:
        """The calendar with the closure days currently entered (one query)."""
        from deadlines.models import ClosureDay

        return cls(closures=dict(ClosureDay.objects.values_list("date", "reason")))

    def holiday_name(self, day: dt.date) -> str | None:
        """Why a weekday is not a working day, or None if it is one (weekends are not named).

        Raises CalendarRangeError for a day outside FIRST_DAY..LAST_DAY (as every method here does).
        """
        _check_day(day)
        name = _hk_general_holidays(day.year).get(day)
        if name:
            return name
        return self.closures.get(day)

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and self.holiday_name(day) is None

    def _closed_weekdays(self, year: int) -> list[dt.date]:
        closed = self._closed_by_year.get(year)
        if closed is None:
            days = set(_hk_general_holidays(year)) | {d for d in self.closures if d.year == year}
            closed = sorted(d for d in days if d.weekday() < 5)
            self._closed_by_year[year] = closed
        return closed

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The `count`-th working day after `start` (start itself not counted); `start` if count is 0.

        Raises CalendarRangeError if `start` or the day reached is outside FIRST_DAY..LAST_DAY.
        """
        known = self._added.get((start, count))
        if known is not None:
            return known
        _check_day(start)
        day = start
        remaining = count
        while remaining > 0:
            day += dt.timedelta(days=1)
            if day > LAST_DAY:
                raise CalendarRangeError(f"{count} working days after {start}")
            if self.is_working_day(day):
                remaining -= 1
        self._added[(start, count)] = day
        return day

    def working_days_after(self, start: dt.date, end: dt.date) -> int:
        """Working days d with start < d <= end. Raises CalendarRangeError outside FIRST_DAY..LAST_DAY."""
        if end <= start:
            return 0
        _check_day(start)
        _check_day(end)
        closed = sum(1 for _ in self._closed_between(start, end))
        return _weekdays_to(end) - _weekdays_to(start) - closed

    def skipped_weekdays(self, start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
        """Weekdays in (start, end] that are not working days, with the reason: the basis of a deadline."""
        if end <= start:
            return []
        _check_day(start)
        _check_day(end)
        return [(day, self.holiday_name(day) or "") for day in self._closed_between(start, end)]

    def _closed_between(self, start: dt.date, end: dt.date) -> Iterator[dt.date]:
        """The non-working weekdays d with start < d <= end, in order."""
        for year in range(start.year, end.year + 1):
            closed = self._closed_weekdays(year)
            low = bisect.bisect_right(closed, start) if year == start.year else 0
            high = bisect.bisect_right(closed, end) if year == end.year else len(closed)
            yield from closed[low:high]


def local_date(moment: dt.datetime) -> dt.date:
    """The date of `moment` in institution time. Raises CalendarRangeError for a moment so far off
    that the conversion overflows (years 1 and 9999)."""
    try:
        return moment.astimezone(institution_tz()).date()
    except OverflowError:
        raise CalendarRangeError(moment.isoformat()) from None


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
