"""The one range of years every time a person or a file gives must fall in.

Forms, the API, the cases file and the timetable CSVs all check against it, so that a typed
0001-01-01 or 9999-12-31 is refused where it is typed, with the field named, instead of being stored.
Far-off years broke what came after: before 1904 Asia/Hong_Kong has a local-mean-time offset that
PostgreSQL stores as a BC timestamp psycopg cannot read back (every later sweep failed), and the
working-day calendar counted days over centuries. 1990 is well before any case a university could
still hold; 2100 leaves room for every deadline and review date.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

FIRST_YEAR = 1990
LAST_YEAR = 2100


class OutOfRange(ValueError):
    """A time outside FIRST_YEAR..LAST_YEAR; the message names the field and the value as given."""

    def __init__(self, *, field: str, value: str) -> None:
        self.field = field
        self.value = value
        super().__init__(out_of_range_message(field=field, value=value))


def is_in_range(moment: dt.datetime) -> bool:
    """Whether `moment`'s date in the institution's time zone is in FIRST_YEAR..LAST_YEAR (a naive
    moment is read as institution time)."""
    # Far-off years are refused before any zone conversion: converting year 1 or 9999 overflows.
    if not FIRST_YEAR - 1 <= moment.year <= LAST_YEAR + 1:
        return False
    local = moment.astimezone(timezone.get_default_timezone()) if moment.utcoffset() is not None else moment
    return FIRST_YEAR <= local.year <= LAST_YEAR


def check_in_range(moment: dt.datetime, *, field: str, value: str | None = None) -> dt.datetime:
    """`moment` itself if it is in range; raises OutOfRange naming `field` and `value` (the text as it
    was given; by default the moment in ISO 8601) otherwise."""
    if not is_in_range(moment):
        raise OutOfRange(field=field, value=moment.isoformat() if value is None else value)
    return moment


def out_of_range_reason(value: str) -> str:
    """Why `value` is refused, without the field (for messages that name the place another way)."""
    return _("%(value)s is outside the years this system accepts (%(first)d-%(last)d).") % {
        "value": value,
        "first": FIRST_YEAR,
        "last": LAST_YEAR,
    }


def out_of_range_message(*, field: str, value: str) -> str:
    """E.g. "received_at: 0001-01-01T00:00 is outside the years this system accepts (1990-2100)."."""
    return _("%(field)s: %(reason)s") % {"field": field, "reason": out_of_range_reason(value)}
