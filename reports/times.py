"""Times and dates as the reports print and read them."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError

from deadlines.calendar import institution_tz


def format_time(value: dt.datetime) -> str:
    """ISO 8601 to the second with the institution's UTC offset, as `flags --json` prints times."""
    return value.astimezone(institution_tz()).isoformat(timespec="seconds")


def parse_date_option(name: str, value: str) -> dt.date:
    """A YYYY-MM-DD date given to a command option; raises CommandError naming the option."""
    try:
        if len(value) != 10:
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{name}: {value!r} is not a date; give it as YYYY-MM-DD, e.g. 2025-01-31") from None


def parse_time_option(name: str, value: str) -> dt.datetime:
    """An ISO 8601 time with a UTC offset given to a command option; raises CommandError naming it."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{name}: {value!r} is not an ISO 8601 time, e.g. 2025-07-15T09:00:00+08:00") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise CommandError(f"{name}: {value!r} has no UTC offset; give one, e.g. 2025-07-15T09:00:00+08:00")
    return moment
