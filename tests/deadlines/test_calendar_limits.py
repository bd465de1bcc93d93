"""The working-day calendar refuses spans it cannot sensibly count, at once, and counts long valid
spans exactly as a day-by-day walk would (issue 9, item 1: a 1900 date made a case page take 4.7 s)."""

from __future__ import annotations

import datetime as dt
import random
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import pytest

from deadlines.calendar import (
    FIRST_DAY,
    LAST_DAY,
    CalendarRangeError,
    WorkingCalendar,
    local_date,
    overdue_working_days,
    working_days_after_moment,
)
from tests.conftest import hkt


@contextmanager
def answers_within(seconds: float) -> Iterator[None]:
    """Fails the test, instead of hanging it, if the block has not finished after `seconds`."""

    def expired(signum: int, frame: FrameType | None) -> None:
        raise AssertionError(f"the calendar was still counting after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _walked(calendar: WorkingCalendar, start: dt.date, end: dt.date) -> int:
    count, day = 0, start + dt.timedelta(days=1)
    while day <= end:
        count += calendar.is_working_day(day)
        day += dt.timedelta(days=1)
    return count


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(1, 1, 1), dt.date(2025, 3, 14)),
        (dt.date(1900, 1, 1), dt.date(2025, 3, 14)),
        (dt.date(2025, 3, 14), dt.date(9999, 12, 31)),
        (dt.date(1989, 12, 31), dt.date(2025, 3, 14)),
    ],
)
def test_it_refuses_to_count_working_days_over_an_absurd_span(start: dt.date, end: dt.date) -> None:
    with answers_within(2), pytest.raises(CalendarRangeError, match="working days are counted from 1990-01-01"):
        WorkingCalendar().working_days_after(start, end)


def test_it_refuses_a_count_of_working_days_that_runs_past_its_last_day() -> None:
    with answers_within(2), pytest.raises(CalendarRangeError):
        WorkingCalendar().add_working_days(dt.date(2025, 3, 14), 1_000_000)


def test_it_refuses_a_deadline_counted_from_year_one() -> None:
    year_one = dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))

    with answers_within(2), pytest.raises(CalendarRangeError):
        working_days_after_moment(WorkingCalendar(), year_one, 10)
    with answers_within(2), pytest.raises(CalendarRangeError):
        local_date(year_one)


def test_it_refuses_the_overdue_days_of_a_due_date_in_1900() -> None:
    with answers_within(2), pytest.raises(CalendarRangeError):
        overdue_working_days(WorkingCalendar(), hkt(1900, 1, 5, 23, 59, 59), hkt(2025, 3, 14, 9))


def test_it_counts_the_whole_range_as_a_day_by_day_walk_does() -> None:
    calendar = WorkingCalendar(closures={dt.date(2025, 3, 19): "Closure", dt.date(2030, 1, 2): "Closure"})

    with answers_within(5):
        counted = calendar.working_days_after(FIRST_DAY, LAST_DAY)

    assert counted == _walked(calendar, FIRST_DAY, LAST_DAY)


def test_it_counts_spans_within_and_across_years_as_a_walk_does() -> None:
    # Closures on a weekday, on a Saturday and on a public holiday (counted once).
    closures = {dt.date(2025, 3, 19): "Closure", dt.date(2025, 3, 22): "Sat", dt.date(2025, 12, 25): "Christmas too"}
    calendar = WorkingCalendar(closures=closures)
    rng = random.Random(9)
    for _ in range(300):
        start = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(1200))
        end = start + dt.timedelta(days=rng.randrange(-3, 800))
        assert calendar.working_days_after(start, end) == _walked(calendar, start, end), (start, end)


def test_it_still_lists_the_days_a_deadline_skipped() -> None:
    calendar = WorkingCalendar(closures={dt.date(2025, 3, 19): "University closure"})

    assert calendar.skipped_weekdays(dt.date(2025, 3, 14), dt.date(2025, 4, 22)) == [
        (dt.date(2025, 3, 19), "University closure"),
        (dt.date(2025, 4, 4), "Tomb-Sweeping Day"),
        (dt.date(2025, 4, 18), "Good Friday"),
        (dt.date(2025, 4, 21), "Easter Monday"),
    ]
