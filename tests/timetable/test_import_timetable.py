"""`import_timetable`: loading, refreshing, and changing nothing the second time."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import hkt
from tests.timetable.helpers import enrollment_keys, run_import, session_keys, timetable_state, write_csv
from timetable.importer import do_import_timetable
from timetable.models import Enrollment, Session, TeachingGroup

COMPLAINANT = "3035001234"
RESPONDENT = "3035009999"
OTHER = "3035005678"

SESSIONS = [
    ["LLAW3102", "T03", "2025-03-20T14:30:00+08:00", "2025-03-20T15:20:00+08:00", "CPD-2.42"],
    ["LLAW3102", "T03", "2025-03-27T14:30:00+08:00", "2025-03-27T15:20:00+08:00", "CPD-2.42"],
    ["LLAW3102", "T01", "2025-03-21T09:30:00+08:00", "2025-03-21T10:20:00+08:00", "CPD-3.01"],
    ["LLAW3102", "L01", "2025-03-18T10:30:00+08:00", "2025-03-18T12:20:00+08:00", "LE-1"],
    ["LLAW2001", "T01", "2025-03-19T16:30:00+08:00", "2025-03-19T17:20:00+08:00", ""],
]
ENROLLMENTS = [
    [COMPLAINANT, "LLAW3102", "T03"],
    [COMPLAINANT, "LLAW3102", "L01"],
    [RESPONDENT, "LLAW3102", "T03"],
    [RESPONDENT, "LLAW3102", "L01"],
    [RESPONDENT, "LLAW2001", "T01"],
    [OTHER, "LLAW3102", "T03"],
]


@pytest.fixture
def imported(db: None, tmp_path: Path) -> str:
    return run_import(
        write_csv(tmp_path, "sessions.csv", SESSIONS), write_csv(tmp_path, "enrollments.csv", ENROLLMENTS)
    )


def test_it_loads_sessions_and_enrollments(imported: str) -> None:
    assert "sessions 5 created, 0 updated, 0 removed" in imported
    assert "enrolments 6 created, 0 removed" in imported
    assert "\n" not in imported.strip()
    assert TeachingGroup.objects.count() == 4
    session = Session.objects.get(group__course_code="LLAW3102", group__group="T01")
    assert (session.starts_at, session.ends_at, session.location) == (
        hkt(2025, 3, 21, 9, 30),
        hkt(2025, 3, 21, 10, 20),
        "CPD-3.01",
    )
    assert Session.objects.get(group__course_code="LLAW2001").location == ""
    assert enrollment_keys() == {tuple(row) for row in ENROLLMENTS}


def test_it_changes_nothing_when_run_twice(imported: str, tmp_path: Path) -> None:
    before = timetable_state()

    printed = run_import(
        write_csv(tmp_path, "sessions.csv", SESSIONS), write_csv(tmp_path, "enrollments.csv", ENROLLMENTS)
    )

    assert "sessions 0 created, 0 updated, 0 removed, 5 unchanged" in printed
    assert "enrolments 0 created, 0 removed, 6 unchanged" in printed
    assert timetable_state() == before


def test_it_matches_the_same_instant_written_with_another_offset(imported: str, tmp_path: Path) -> None:
    before = timetable_state()
    in_utc = [["LLAW3102", "T03", "2025-03-20T06:30:00Z", "2025-03-20T07:20:00+00:00", "CPD-2.42"], *SESSIONS[1:]]

    printed = run_import(write_csv(tmp_path, "sessions.csv", in_utc))

    assert "sessions 0 created, 0 updated, 0 removed, 5 unchanged" in printed
    assert timetable_state() == before


def test_it_updates_a_changed_session_in_place(imported: str, tmp_path: Path) -> None:
    session = Session.objects.get(group__course_code="LLAW3102", group__group="T01")
    moved = [["LLAW3102", "T01", "2025-03-21T09:30:00+08:00", "2025-03-21T11:20:00+08:00", "CPD-LG.01"]]

    printed = run_import(write_csv(tmp_path, "sessions.csv", moved))

    assert "sessions 0 created, 1 updated, 0 removed, 0 unchanged" in printed
    session.refresh_from_db()
    assert (session.ends_at, session.location) == (hkt(2025, 3, 21, 11, 20), "CPD-LG.01")


def test_it_removes_sessions_no_longer_in_their_groups_timetable(imported: str, tmp_path: Path) -> None:
    # T03 loses 27 March and gains 3 April; groups absent from the file keep their sessions.
    refreshed = [
        SESSIONS[0],
        ["LLAW3102", "T03", "2025-04-03T14:30:00+08:00", "2025-04-03T15:20:00+08:00", "CPD-2.42"],
    ]

    printed = run_import(write_csv(tmp_path, "sessions.csv", refreshed))

    assert "sessions 1 created, 0 updated, 1 removed, 1 unchanged" in printed
    assert session_keys() == {
        ("LLAW3102", "T03", hkt(2025, 3, 20, 14, 30)),
        ("LLAW3102", "T03", hkt(2025, 4, 3, 14, 30)),
        ("LLAW3102", "T01", hkt(2025, 3, 21, 9, 30)),
        ("LLAW3102", "L01", hkt(2025, 3, 18, 10, 30)),
        ("LLAW2001", "T01", hkt(2025, 3, 19, 16, 30)),
    }


def test_it_moves_a_student_who_changed_group(imported: str, tmp_path: Path) -> None:
    # The respondent's LLAW3102 groups are now T01 and L01; T03 goes. Their LLAW2001 group and other
    # students are not in the file and stay as they were.
    moved = [[RESPONDENT, "LLAW3102", "T01"], [RESPONDENT, "LLAW3102", "L01"]]

    printed = run_import(enrollments=write_csv(tmp_path, "enrollments.csv", moved))

    assert "enrolments 1 created, 1 removed, 1 unchanged" in printed
    assert enrollment_keys() == {
        (COMPLAINANT, "LLAW3102", "T03"),
        (COMPLAINANT, "LLAW3102", "L01"),
        (RESPONDENT, "LLAW3102", "T01"),
        (RESPONDENT, "LLAW3102", "L01"),
        (RESPONDENT, "LLAW2001", "T01"),
        (OTHER, "LLAW3102", "T03"),
    }


def test_it_accepts_enrollments_in_groups_imported_earlier(imported: str, tmp_path: Path) -> None:
    newcomer = [["3035000001", "LLAW2001", "T01"]]

    printed = run_import(enrollments=write_csv(tmp_path, "enrollments.csv", newcomer))

    assert "enrolments 1 created, 0 removed, 0 unchanged" in printed
    assert Enrollment.objects.filter(student_id="3035000001").count() == 1


def test_it_reads_a_bom_and_columns_in_another_order(db: None, tmp_path: Path) -> None:
    path = tmp_path / "sessions.csv"
    path.write_text(
        "\ufefflocation,group,course_code,ends_at,starts_at\r\n"
        "CPD-2.42,T03,LLAW3102,2025-03-20T15:20:00+08:00,2025-03-20T14:30:00+08:00\r\n",
        encoding="utf-8",
    )

    run_import(sessions=path)

    assert session_keys() == {("LLAW3102", "T03", hkt(2025, 3, 20, 14, 30))}


IMPORTED_AT = hkt(2025, 3, 1, 9)


@pytest.mark.parametrize("use_copy", [True, False], ids=["copy", "orm"])
def test_it_refreshes_the_same_way_with_copy_and_without(db: None, tmp_path: Path, use_copy: bool) -> None:
    sessions = write_csv(tmp_path, "sessions.csv", SESSIONS)
    enrollments = write_csv(tmp_path, "enrollments.csv", ENROLLMENTS)
    first = do_import_timetable(sessions_path=sessions, enrollments_path=enrollments, at=IMPORTED_AT, use_copy=use_copy)
    before = timetable_state()
    again = do_import_timetable(sessions_path=sessions, enrollments_path=enrollments, at=IMPORTED_AT, use_copy=use_copy)
    assert (first.sessions_created, first.enrollments_created, again.changed) == (5, 6, 0)
    assert timetable_state() == before

    changed = [
        ["LLAW3102", "T03", "2025-03-20T14:30:00+08:00", "2025-03-20T15:50:00+08:00", "CPD-3.28"],
        ["LLAW3102", "T03", "2025-04-03T14:30:00+08:00", "2025-04-03T15:20:00+08:00", "CPD-2.42"],
    ]
    third = do_import_timetable(
        sessions_path=write_csv(tmp_path, "sessions2.csv", changed),
        enrollments_path=write_csv(tmp_path, "enrollments2.csv", [[RESPONDENT, "LLAW3102", "T01"]]),
        at=IMPORTED_AT,
        use_copy=use_copy,
    )

    assert (third.sessions_created, third.sessions_updated, third.sessions_removed) == (1, 1, 1)
    assert (third.enrollments_created, third.enrollments_removed) == (1, 2)
    updated = Session.objects.get(group__group="T03", starts_at=hkt(2025, 3, 20, 14, 30))
    assert (updated.ends_at, updated.location) == (hkt(2025, 3, 20, 15, 50), "CPD-3.28")
    assert set(Enrollment.objects.filter(student_id=RESPONDENT).values_list("group__course_code", "group__group")) == {
        ("LLAW3102", "T01"),
        ("LLAW2001", "T01"),
    }
