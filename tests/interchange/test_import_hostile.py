"""`import_cases` with files that once gave a traceback: each is refused with its place and reason,
and nothing of it is kept (issue 9, items 1 and 6)."""

from __future__ import annotations

import copy
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from cases.models import Case, CaseEvent
from tests.interchange.test_import_cases import VALID

pytestmark = pytest.mark.django_db


def _refused(path: Path) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("import_cases", str(path), stdout=StringIO())
    message = str(refused.value)
    assert "nothing was imported" in message
    assert "Traceback" not in message
    assert Case.objects.count() == 0
    assert User.objects.count() == 0
    assert CaseEvent.objects.count() == 0
    return message


def _file(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("received_at", ["0001-01-01T00:00:00+08:00", "9999-12-31T23:59:00+08:00"])
def test_it_refuses_a_year_outside_the_range_naming_the_path(tmp_path: Path, received_at: str) -> None:
    data = copy.deepcopy(VALID)
    data["cases"][1]["received_at"] = received_at

    message = _refused(_file(tmp_path, data))

    assert (
        f"cases[1].received_at: '{received_at}' is outside the years this system accepts (1990-2100)." in message
    )


def test_it_refuses_an_out_of_range_time_anywhere_in_a_case(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["cases"][0]["outcome"]["sanctions"][1]["due_at"] = "1900-04-30T17:00:00+08:00"

    message = _refused(_file(tmp_path, data))

    assert "cases[0].outcome.sanctions[1].due_at: '1900-04-30T17:00:00+08:00' is outside the years" in message


def test_it_refuses_deep_nesting_with_its_line_and_column(tmp_path: Path) -> None:
    second_line = ' "cases": [{"reference": "X", "summary": '
    path = tmp_path / "cases.json"
    path.write_text('{"format": "casemgr/1",\n' + second_line + "[" * 5000 + "]" * 5000 + "}]}", encoding="utf-8")

    message = _refused(path)

    # The 33rd bracket: `{`, `[` and `{` come before the summary, so it is the summary's 30th.
    assert f"line 2, column {len(second_line) + 30}: nested more than 32 levels deep" in message


def test_it_refuses_a_nul_character_in_a_string(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["cases"][0]["events"][1]["text"] = "called A\u0000 twice"

    message = _refused(_file(tmp_path, data))

    assert "cases[0].events[1].text: contains a NUL character (\\u0000) at position 9" in message


def test_it_refuses_a_nul_character_in_a_username(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["people"][0]["id"] = "3035\u00001234"

    message = _refused(_file(tmp_path, data))

    assert "people[0].id: contains a NUL character" in message


def test_it_accepts_a_file_that_starts_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "cases.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(VALID).encode("utf-8"))

    call_command("import_cases", str(path), stdout=StringIO())

    assert Case.objects.count() == 2


def test_it_reports_a_byte_that_is_not_utf8_on_its_own_line(tmp_path: Path) -> None:
    text = json.dumps(VALID, indent=2)
    lines = text.split("\n")
    bad_line = next(i for i, line in enumerate(lines) if '"summary": "second"' in line)
    assert bad_line > 40  # far below the first line, past the first read buffer of a line-by-line reader
    data = text.encode("utf-8").replace(b'"summary": "second"', b'"summary": "s\xe9cond"')
    path = tmp_path / "cases.json"
    path.write_bytes(data)

    message = _refused(path)

    column = lines[bad_line].index("second") + 2
    assert f"line {bad_line + 1}, column {column}: not UTF-8 text (byte 0xe9)" in message


def test_it_refuses_a_free_text_over_its_limit(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["cases"][0]["summary"] = "x" * 1_000_000

    message = _refused(_file(tmp_path, data))

    assert "cases[0].summary: is longer than 20000 characters (it has 1000000)" in message


def test_it_refuses_a_name_longer_than_its_column(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["people"][1]["name"] = "B" * 201

    message = _refused(_file(tmp_path, data))

    assert "people[1].name: is longer than 200 characters (it has 201)" in message


def test_it_refuses_a_fine_too_large_for_its_column(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["cases"][0]["outcome"]["sanctions"].append({"type": "fine", "amount": 1e12})

    message = _refused(_file(tmp_path, data))

    assert "cases[0].outcome.sanctions[2].amount: must be a positive number below 100000000" in message
