"""`import_timetable` refuses bad files as a whole, naming the file, the line and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management.base import CommandError

from tests.timetable.helpers import run_import, timetable_state, write_csv

GOOD_SESSIONS = [
    ["LLAW3102", "T03", "2025-03-20T14:30:00+08:00", "2025-03-20T15:20:00+08:00", "CPD-2.42"],
    ["LLAW3102", "T03", "2025-03-27T14:30:00+08:00", "2025-03-27T15:20:00+08:00", "CPD-2.42"],
]
# Differs from what is imported first, so a half-applied import would show.
CHANGED_SESSIONS = [
    ["LLAW3102", "T03", "2025-03-20T14:30:00+08:00", "2025-03-20T15:50:00+08:00", "CPD-9.99"],
    ["LLAW3102", "T04", "2025-03-21T14:30:00+08:00", "2025-03-21T15:20:00+08:00", "CPD-2.42"],
]
GOOD_ENROLLMENTS = [["3035001234", "LLAW3102", "T03"], ["3035009999", "LLAW3102", "T03"]]
CHANGED_ENROLLMENTS = [["3035001234", "LLAW3102", "T04"], ["3035000001", "LLAW3102", "T03"]]
SESSION_HEADER = ("course_code", "group", "starts_at", "ends_at", "location")


def _session(starts_at: str = "2025-04-03T14:30:00+08:00", ends_at: str = "2025-04-03T15:20:00+08:00") -> list[str]:
    return ["LLAW3102", "T04", starts_at, ends_at, "CPD-2.42"]


BAD_SESSIONS = {
    "wrong header": ([_session()], ("course", "group", "starts_at", "ends_at", "location"), 1, "header"),
    "missing column": (
        [["LLAW3102", "T04", "2025-04-03T14:30:00+08:00", "2025-04-03T15:20:00+08:00"]],
        SESSION_HEADER[:4],
        1,
        "header",
    ),
    "end before start": ([_session(ends_at="2025-04-03T14:00:00+08:00")], None, 2, "ends_at must be after starts_at"),
    "end equal to start": ([_session(ends_at="2025-04-03T14:30:00+08:00")], None, 2, "ends_at must be after"),
    "time without offset": ([_session(starts_at="2025-04-03T14:30:00")], None, 2, "starts_at has no UTC offset"),
    "end without offset": ([_session(ends_at="2025-04-03T15:20:00")], None, 2, "ends_at has no UTC offset"),
    "unparseable time": ([_session(starts_at="next Thursday 2:30pm")], None, 2, "starts_at is not an ISO 8601 time"),
    "empty group": (
        [["LLAW3102", " ", "2025-04-03T14:30:00+08:00", "2025-04-03T15:20:00+08:00", "X"]],
        None,
        2,
        "group is empty",
    ),
    "empty course": (
        [["", "T04", "2025-04-03T14:30:00+08:00", "2025-04-03T15:20:00+08:00", "X"]],
        None,
        2,
        "course_code is empty",
    ),
    "too few fields": ([["LLAW3102", "T04", "2025-04-03T14:30:00+08:00"]], None, 2, "expected 5 fields, found 3"),
    # 06:30Z is 14:30+08:00: the same session written twice (lines 4 and 5, after two good rows).
    "duplicate": (
        [_session(), _session("2025-04-03T06:30:00Z", "2025-04-03T07:20:00Z")],
        None,
        3,
        "duplicate session: same course_code, group and starts_at as line 4",
    ),
}


@pytest.fixture
def imported(db: None, tmp_path: Path) -> tuple[set[tuple[object, ...]], set[tuple[object, ...]]]:
    first = tmp_path / "first"
    first.mkdir()
    run_import(write_csv(first, "sessions.csv", GOOD_SESSIONS), write_csv(first, "enrollments.csv", GOOD_ENROLLMENTS))
    return timetable_state()


def _refused(sessions: Path | None, enrollments: Path | None) -> str:
    with pytest.raises(CommandError) as refused:
        run_import(sessions, enrollments)
    assert refused.value.returncode != 0
    assert "Nothing was imported." in str(refused.value)
    return str(refused.value)


@pytest.mark.parametrize(("rows", "header", "line", "reason"), BAD_SESSIONS.values(), ids=BAD_SESSIONS.keys())
def test_it_refuses_a_bad_sessions_file_and_changes_nothing(
    imported: object, tmp_path: Path, rows: list[list[str]], header: tuple[str, ...] | None, line: int, reason: str
) -> None:
    sessions = write_csv(
        tmp_path, "sessions.csv", [*CHANGED_SESSIONS, *rows] if header is None else rows, header=header
    )
    # Bad rows come after the good ones, so count the good rows in the line number.
    expected_line = line if header is not None else line + len(CHANGED_SESSIONS)

    message = _refused(sessions, write_csv(tmp_path, "enrollments.csv", CHANGED_ENROLLMENTS))

    assert f"sessions.csv, line {expected_line}: " in message
    assert reason in message
    assert timetable_state() == imported


BAD_ENROLLMENTS = {
    "wrong header": ([["3035001234", "LLAW3102", "T03"]], ("student", "course_code", "group"), 1, "header"),
    "empty student": ([["", "LLAW3102", "T03"]], None, 2, "student_id is empty"),
    "empty group": ([["3035001234", "LLAW3102", ""]], None, 2, "group is empty"),
    "too many fields": ([["3035001234", "LLAW3102", "T03", "extra"]], None, 2, "expected 3 fields, found 4"),
    "duplicate": (
        [["3035000002", "LLAW3102", "T03"], ["3035000002", "LLAW3102", "T03"]],
        None,
        3,
        "duplicate enrolment: same student_id, course_code and group as line 4",
    ),
    "unknown course": ([["3035000002", "LLAW9999", "T03"]], None, 2, "unknown course"),
    "group without sessions": ([["3035000002", "LLAW3102", "T09"]], None, 2, "unknown course"),
}


@pytest.mark.parametrize(("rows", "header", "line", "reason"), BAD_ENROLLMENTS.values(), ids=BAD_ENROLLMENTS.keys())
def test_it_refuses_a_bad_enrollments_file_and_changes_nothing(
    imported: object, tmp_path: Path, rows: list[list[str]], header: tuple[str, ...] | None, line: int, reason: str
) -> None:
    enrollments = write_csv(
        tmp_path, "enrollments.csv", [*CHANGED_ENROLLMENTS, *rows] if header is None else rows, header=header
    )
    expected_line = line if header is not None else line + len(CHANGED_ENROLLMENTS)

    message = _refused(write_csv(tmp_path, "sessions.csv", CHANGED_SESSIONS), enrollments)

    assert f"enrollments.csv, line {expected_line}: " in message
    assert reason in message
    assert timetable_state() == imported


def test_it_refuses_an_empty_file(imported: object, tmp_path: Path) -> None:
    empty = tmp_path / "sessions.csv"
    empty.write_text("", encoding="utf-8")

    message = _refused(empty, None)

    assert "sessions.csv, line 1: the file is empty" in message
    assert timetable_state() == imported


def test_it_refuses_a_file_that_is_not_there(imported: object, tmp_path: Path) -> None:
    message = _refused(tmp_path / "sessions.csv", None)

    assert "sessions.csv: cannot be read" in message


def test_it_lists_every_problem_not_only_the_first(imported: object, tmp_path: Path) -> None:
    rows = [_session(starts_at="2025-04-03T14:30:00"), _session(ends_at="2025-04-03T14:00:00+08:00")]

    message = _refused(write_csv(tmp_path, "sessions.csv", rows), None)

    assert "sessions.csv, line 2: starts_at has no UTC offset" in message
    assert "sessions.csv, line 3: ends_at must be after starts_at" in message


def test_it_accepts_enrollments_in_a_new_group_of_the_same_file(imported: object, tmp_path: Path) -> None:
    # Control for "unknown course": T04 has no sessions in the database but has some in this sessions file.
    run_import(
        write_csv(tmp_path, "sessions.csv", CHANGED_SESSIONS),
        write_csv(tmp_path, "enrollments.csv", CHANGED_ENROLLMENTS),
    )

    assert timetable_state() != imported


def test_it_asks_for_at_least_one_file(db: None) -> None:
    with pytest.raises(CommandError, match="--sessions, --enrollments or both"):
        run_import()
