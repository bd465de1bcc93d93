"""Reading and checking the timetable CSVs (interchange contract, casemgr/1), entirely in memory.

Nothing here touches the database. Every problem is reported with the file and the line it is on;
the importer refuses the whole import if there is any (nothing is half-imported).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from casemgr.textfiles import NotUtf8, read_utf8
from casemgr.timerange import is_in_range, out_of_range_message
from timetable.models import CODE_MAX_LENGTH, LOCATION_MAX_LENGTH

SESSIONS_HEADER = ("course_code", "group", "starts_at", "ends_at", "location")
ENROLLMENTS_HEADER = ("student_id", "course_code", "group")
# Past this many problems the file is clearly the wrong one; listing more does not help anyone fix it.
MAX_PROBLEMS = 20


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        if self.line == 0:  # about the file as a whole
            return _("%(file)s: %(reason)s") % {"file": self.file, "reason": self.reason}
        return _("%(file)s, line %(line)d: %(reason)s") % {"file": self.file, "line": self.line, "reason": self.reason}


class TimetableFileError(Exception):
    """One or more problems in the timetable files; the import as a whole is refused."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass(frozen=True, slots=True)
class SessionRow:
    line: int
    course_code: str
    group: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    location: str


@dataclass(frozen=True, slots=True)
class EnrollmentRow:
    line: int
    student_id: str
    course_code: str
    group: str


class _Collector:
    """Problems found so far in one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, line: int, reason: str) -> None:
        self.problems.append(Problem(self.file, line, reason))

    @property
    def full(self) -> bool:
        return len(self.problems) >= MAX_PROBLEMS


def _records(path: Path, header: tuple[str, ...], found: _Collector) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, stripped fields) for each data row, after checking the header.

    The header may list the columns in any order; it must name each column exactly once and no other.
    Rows come back in header order. Blank lines are skipped. The whole file is decoded first, so a byte
    that is not UTF-8 is reported on its own line (and nothing of such a file is read).
    """
    try:
        text = read_utf8(path)  # a leading byte-order mark (spreadsheets often add one) is dropped
    except OSError as exc:
        found.add(0, _("cannot be read (%(error)s)") % {"error": exc.strerror or exc.__class__.__name__})
        return
    except NotUtf8 as exc:
        found.add(
            exc.line,
            _("the file is not UTF-8 text (byte 0x%(byte)02x at column %(column)d)")
            % {"byte": exc.byte, "column": exc.column},
        )
        return
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        first = next(reader, None)
        if first is None:
            found.add(1, _("the file is empty; expected the header %(header)s") % {"header": ",".join(header)})
            return
        got = [name.strip() for name in first]
        if sorted(got) != sorted(header):
            found.add(
                1,
                _("the header must be %(header)s (got %(got)s)") % {"header": ",".join(header), "got": ",".join(got)},
            )
            return
        order = [got.index(name) for name in header]
        line = reader.line_num
        for record in reader:
            # A quoted field may span lines; report the line the record starts on.
            start, line = line + 1, reader.line_num
            if not record:
                continue
            if len(record) != len(header):
                found.add(
                    start,
                    _("expected %(expected)d fields, found %(found)d")
                    % {"expected": len(header), "found": len(record)},
                )
            elif any("\x00" in value for value in record):
                # PostgreSQL text cannot hold NUL: refused here rather than failing the import's write.
                column = next(got[i] for i, value in enumerate(record) if "\x00" in value)
                found.add(start, _("%(field)s contains a NUL character") % {"field": column})
            else:
                yield start, [record[index].strip() for index in order]
            if found.full:
                return
    except csv.Error as exc:
        found.add(reader.line_num, _("not valid CSV (%(error)s)") % {"error": str(exc)})


def _time(value: str, field: str) -> dt.datetime | str:
    """The aware datetime in `value`, or the reason it is refused."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return _("%(field)s is not an ISO 8601 time: %(value)r") % {"field": field, "value": value}
    if moment.tzinfo is None or moment.utcoffset() is None:
        return _("%(field)s has no UTC offset (write e.g. 2025-03-20T14:30:00+08:00): %(value)r") % {
            "field": field,
            "value": value,
        }
    if not is_in_range(moment):
        return out_of_range_message(field=field, value=repr(value))
    return moment


def _missing(fields: dict[str, str], required: tuple[str, ...]) -> str | None:
    for name in required:
        if not fields[name]:
            return _("%(field)s is empty") % {"field": name}
    for name in ("course_code", "group", "student_id"):
        if len(fields.get(name, "")) > CODE_MAX_LENGTH:
            return _("%(field)s is longer than %(max)d characters") % {"field": name, "max": CODE_MAX_LENGTH}
    return None


def parse_sessions(path: Path, *, name: str | None = None) -> list[SessionRow]:
    """Every row of a sessions.csv, checked.

    `name` is how the file is named in messages (default: the path as given).
    Raises TimetableFileError listing the problems (with file and line) if there is any.
    """
    found = _Collector(name or str(path))
    rows: list[SessionRow] = []
    first_line: dict[tuple[str, str, dt.datetime], int] = {}
    for line, values in _records(path, SESSIONS_HEADER, found):
        fields = dict(zip(SESSIONS_HEADER, values, strict=True))
        reason = _missing(fields, SESSIONS_HEADER[:4])
        if reason is None and len(fields["location"]) > LOCATION_MAX_LENGTH:
            reason = _("location is longer than %(max)d characters") % {"max": LOCATION_MAX_LENGTH}
        if reason is not None:
            found.add(line, reason)
            continue
        starts_at = _time(fields["starts_at"], "starts_at")
        ends_at = _time(fields["ends_at"], "ends_at")
        if isinstance(starts_at, str) or isinstance(ends_at, str):
            found.add(line, starts_at if isinstance(starts_at, str) else str(ends_at))
            continue
        if ends_at <= starts_at:
            found.add(line, _("ends_at must be after starts_at"))
            continue
        # Same instant written with another offset is the same session: the key compares instants.
        key = (fields["course_code"], fields["group"], starts_at)
        if key in first_line:
            found.add(
                line,
                _("duplicate session: same course_code, group and starts_at as line %(line)d")
                % {"line": first_line[key]},
            )
            continue
        first_line[key] = line
        rows.append(SessionRow(line, fields["course_code"], fields["group"], starts_at, ends_at, fields["location"]))
    if found.problems:
        raise TimetableFileError(found.problems)
    return rows


def parse_enrollments(path: Path, *, name: str | None = None) -> list[EnrollmentRow]:
    """Every row of an enrollments.csv, checked on its own (the importer checks the groups exist).

    Raises TimetableFileError listing the problems (with file and line) if there is any.
    """
    found = _Collector(name or str(path))
    rows: list[EnrollmentRow] = []
    first_line: dict[tuple[str, str, str], int] = {}
    for line, values in _records(path, ENROLLMENTS_HEADER, found):
        fields = dict(zip(ENROLLMENTS_HEADER, values, strict=True))
        reason = _missing(fields, ENROLLMENTS_HEADER)
        if reason is not None:
            found.add(line, reason)
            continue
        key = (fields["student_id"], fields["course_code"], fields["group"])
        if key in first_line:
            found.add(
                line,
                _("duplicate enrolment: same student_id, course_code and group as line %(line)d")
                % {"line": first_line[key]},
            )
            continue
        first_line[key] = line
        rows.append(EnrollmentRow(line, *key))
    if found.problems:
        raise TimetableFileError(found.problems)
    return rows
