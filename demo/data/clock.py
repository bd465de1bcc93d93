"""Demo moments relative to now, counted in the institution's working days so that flags appear."""

from __future__ import annotations

import datetime as dt

from deadlines.calendar import WorkingCalendar, institution_tz, local_date


def working_days_ago(calendar: WorkingCalendar, *, now: dt.datetime, days: int, hour: int = 10) -> dt.datetime:
    """`hour` o'clock (institution time) on the working day `days` working days before now's date.

    With `days=0` it is today at `hour`, which may be later than `now`: callers use days >= 1 for the past.
    """
    day = local_date(now)
    remaining = days
    while remaining > 0:
        day -= dt.timedelta(days=1)
        if calendar.is_working_day(day):
            remaining -= 1
    return dt.datetime.combine(day, dt.time(hour), tzinfo=institution_tz())
