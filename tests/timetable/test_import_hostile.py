"""`import_timetable` with files that once gave a traceback or a wrong place: each is refused naming
the file, the line and the reason, and nothing is imported (issue 9, items 1 and 6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management.base import CommandError

from tests.timetable.helpers import run_import, timetable_state, write_csv
from timetable.models import Session

pytestmark = pytest.mark.django_db

GOOD = ["LLAW3102", "T03", "2025-03-20T14:30:00+08:00", "2025-03-20T15:20:00+08:00", "CPD-2.42"]


def _refused(sessions: Path) -> str:
    with pytest.raises(CommandError) as refused:
        run_import(sessions)
    message = str(refused.value)
    assert "Nothing was imported." in message
    assert timetable_state() == (set(), set())
    return message


@pytest.mark.parametrize(
    ("starts_at", "ends_at", "field"),
    [
        ("0001-01-01T00:00:00+08:00", "2025-03-27T15:20:00+08:00", "starts_at"),
        ("2025-03-27T14:30:00+08:00", "9999-12-31T23:59:00+08:00", "ends_at"),
    ],
)
def test_it_refuses_a_year_outside_the_range(tmp_path: Path, starts_at: str, ends_at: str, field: str) -> None:
    rows = [GOOD, ["LLAW3102", "T03", starts_at, ends_at, "CPD-2.42"]]

    message = _refused(write_csv(tmp_path, "sessions.csv", rows))

    value = starts_at if field == "starts_at" else ends_at
    assert f"sessions.csv, line 3: {field}: '{value}' is outside the years this system accepts (1990-2100)." in message


def test_it_refuses_a_nul_character_naming_the_line_and_column(tmp_path: Path) -> None:
    rows = [GOOD, ["LLAW3102", "T03", "2025-03-27T14:30:00+08:00", "2025-03-27T15:20:00+08:00", "CPD\x002.42"]]

    message = _refused(write_csv(tmp_path, "sessions.csv", rows))

    assert "sessions.csv, line 3: location contains a NUL character" in message


def test_it_refuses_a_nul_character_in_enrollments(tmp_path: Path) -> None:
    sessions = write_csv(tmp_path, "sessions.csv", [GOOD])
    rows = [["3035001234", "LLAW3102", "T03"], ["30350\x00", "LLAW3102", "T03"]]
    enrollments = write_csv(tmp_path, "enrollments.csv", rows)

    with pytest.raises(CommandError) as refused:
        run_import(sessions, enrollments)

    assert "enrollments.csv, line 3: student_id contains a NUL character" in str(refused.value)
    assert not Session.objects.exists()


def test_it_reports_a_byte_that_is_not_utf8_on_its_own_line(tmp_path: Path) -> None:
    times = [(f"2025-03-{day:02d}T{hour:02d}:30:00+08:00", f"2025-03-{day:02d}T{hour:02d}:50:00+08:00") for day in
             range(1, 29) for hour in range(8, 20)]
    path = write_csv(tmp_path, "sessions.csv", [["LLAW3102", "T03", start, end, "Room"] for start, end in times])
    lines = path.read_bytes().split(b"\n")
    assert len(b"\n".join(lines[:300])) > 2 * 8192  # the bad byte is past a buffered reader's first chunks
    lines[300] = lines[300].replace(b"Room", b"R\xf6om")  # Latin-1, as an old export might write it
    path.write_bytes(b"\n".join(lines))

    message = _refused(path)

    assert "sessions.csv, line 301: the file is not UTF-8 text (byte 0xf6 at column " in message


def test_it_accepts_a_file_that_starts_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "sessions.csv", [GOOD])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())

    run_import(path)

    assert Session.objects.count() == 1
