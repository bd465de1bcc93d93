from __future__ import annotations

import datetime as dt

from casemgr.timerange import check_in_range
from deadlines.calendar import institution_tz


class NaiveTime(ValueError):
    """A time without a UTC offset, which the interchange contract rejects."""


def parse_time(value: str, *, field: str = "time") -> dt.datetime:
    """An ISO 8601 time that must carry a UTC offset (the contract rejects times without one) and fall
    in the years the system accepts.

    Raises NaiveTime, casemgr.timerange.OutOfRange (naming `field`), or ValueError if it is no time.
    """
    parsed = dt.datetime.fromisoformat(value)
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise NaiveTime(value)
    return check_in_range(parsed, field=field, value=value)


def format_time(value: dt.datetime) -> str:
    """ISO 8601 in the institution's time zone with its offset, e.g. 2025-03-21T23:59:59+08:00."""
    local = value.astimezone(institution_tz())
    return local.isoformat(timespec="microseconds" if local.microsecond else "seconds")
