"""Importing a large cases file without holding it in memory.

`json.loads` of a 100,000-case file (275 MB) builds about 2 GB of Python objects before the first row
is written. A file of STREAM_FROM_BYTES or more is therefore read with ijson (its C parser), one case
at a time, in passes over the file: the format, staff and people (small, kept); the names the cases
use (to look up the accounts that exist); every case checked by the same reader as a file read whole
(interchange.reader.CasesReader; its records are dropped); then, in one transaction, the cases again,
converted and written 1,000 at a time by the same bulk writer (interchange.bulk). The errors, their
order and the rows written are those of the whole-file path (tests/interchange/test_streaming.py
compares them).

Whatever the streamed reading cannot answer exactly as the whole-file path would (a file that is not
JSON, or not UTF-8, begins with a byte-order mark, nests too deeply, is not an object of casemgr/1
with a list of cases) is read whole instead, so that its errors are the contract's, word for word; only
a valid large file needs the streaming to stay small.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import suppress
from itertools import islice
from pathlib import Path
from typing import Any

import ijson
from django.db import transaction

from casemgr.jsonlimits import MAX_JSON_DEPTH, depth_exceeds
from casemgr.textfiles import read_utf8
from interchange import FORMAT
from interchange.bulk import write_cases_bulk
from interchange.importer import ImportSummary, import_cases_text, write_people
from interchange.reader import CasesFile, CasesReader, InterchangeError, names_in

STREAM_FROM_BYTES = 32 * 1024 * 1024
CASES_PER_CHUNK = 1000
# A case sits two levels down ($ and the cases array): its own nesting may use the rest of the limit.
CASE_DEPTH = MAX_JSON_DEPTH - 2
_ABSENT = object()


class _ReadWhole(Exception):
    """The streamed reading cannot give the whole-file path's exact answer for this file."""


def import_cases_path(path: Path, *, at: dt.datetime) -> ImportSummary:
    """Validate and import the casemgr/1 cases file at `path` (as `import_cases_text` does its text):
    streamed when it is large. Raises InterchangeError and writes nothing if the file is invalid."""
    if path.stat().st_size >= STREAM_FROM_BYTES:
        # A file the streamed reading cannot judge exactly is read whole below, for the contract's errors.
        with suppress(_ReadWhole):
            return _import_streamed(path, at=at)
    return import_cases_text(read_utf8(path), at=at)


def _import_streamed(path: Path, *, at: dt.datetime) -> ImportSummary:
    with path.open("rb") as head:
        if head.read(3) == b"\xef\xbb\xbf":
            raise _ReadWhole  # read_utf8 drops the mark; ijson would refuse it
    top = {key: value for key in ("format", "staff", "people") if (value := _last(path, key)) is not _ABSENT}
    if top.get("format") != FORMAT:
        raise _ReadWhole
    reader = CasesReader()
    staff_items = reader.array(top, "staff", "", required=False)
    people_items = reader.array(top, "people", "", required=False)
    reader.load_existing_users(names_in(staff_items, people_items, _cases(path)))
    staff, people = reader.staff_and_people(staff_items, people_items)
    del staff_items, people_items
    references: set[str] = set()
    valid: list[str] = []
    count = 0
    for index, item in enumerate(_cases(path)):
        record = reader.listed_case(item, index, references)
        if record is not None:
            valid.append(record.reference)
        count = index + 1
    if count == 0:
        raise _ReadWhole  # no list of cases, or an empty one: its answer is the whole-file path's
    reader.check_new_references(valid)
    reader.raise_errors()
    return _write(path, reader, CasesFile(staff=staff, people=people), count=count, at=at)


@transaction.atomic
def _write(path: Path, reader: CasesReader, people: CasesFile, *, count: int, at: dt.datetime) -> ImportSummary:
    users, staff_created, people_created = write_people(people, bulk=True, at=at)
    cases = enumerate(_cases(path))
    while chunk := list(islice(cases, CASES_PER_CHUNK)):
        records = [record for index, item in chunk if (record := reader.case(item, f"cases[{index}]"))]
        if len(records) < len(chunk) or reader.errors:
            # Checked in the first pass, so only a file changed since then reads differently now.
            raise InterchangeError(["the file changed while it was being imported"])
        write_cases_bulk(records, users, at=at)
    return ImportSummary(staff_created=staff_created, people_created=people_created, cases_created=count)


def _last(path: Path, key: str) -> Any:
    """The top-level `key`'s value (the last one if the key is repeated, as `json.loads` keeps), or
    _ABSENT."""
    last: Any = _ABSENT
    with path.open("rb") as stream:
        try:
            for found in ijson.items(stream, key, use_float=True):
                last = found
        except (ijson.JSONError, UnicodeDecodeError, ValueError):
            raise _ReadWhole from None
    return last


def _cases(path: Path) -> Iterator[Any]:
    """The items of the file's list of cases, one at a time."""
    with path.open("rb") as stream:
        try:
            for item in ijson.items(stream, "cases.item", use_float=True):
                if depth_exceeds(item, CASE_DEPTH):
                    raise _ReadWhole
                yield item
        except (ijson.JSONError, UnicodeDecodeError, ValueError):
            raise _ReadWhole from None
