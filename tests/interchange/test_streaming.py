"""A large cases file is imported a case at a time (interchange.streaming) with the same result as a file
read whole: the same rows, the same errors in the same order, and for what the streamed reading cannot
judge (not JSON, a byte-order mark, the wrong shape) the whole-file path's own answer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from accounts.services import get_default_team, team_supervisor_group
from bench.datagen import cases_file
from cases.models import Case
from interchange import streaming
from interchange.importer import import_cases_text
from interchange.reader import InterchangeError
from tests.interchange.test_bulk_equivalence import AT, snapshot, verify_chain_ok


@pytest.fixture
def streamed(monkeypatch):
    """Every file streamed, however small, and a record of whether the streamed path answered."""
    monkeypatch.setattr(streaming, "STREAM_FROM_BYTES", 0)
    answered: list[bool] = []
    original = streaming._import_streamed

    def spy(path: Path, *, at: Any) -> Any:
        try:
            result = original(path, at=at)
        except streaming._ReadWhole:
            answered.append(False)
            raise
        except InterchangeError:
            answered.append(True)  # the streamed path's own verdict
            raise
        answered.append(True)
        return result

    monkeypatch.setattr(streaming, "_import_streamed", spy)
    return answered


def _file(tmp_path: Path, data: Any, *, raw: bytes | None = None) -> Path:
    path = tmp_path / "cases.json"
    path.write_bytes(raw if raw is not None else json.dumps(data).encode())
    return path


def _errors(call: Any) -> list[str]:
    with pytest.raises(InterchangeError) as raised:
        call()
    return raised.value.errors


@pytest.mark.django_db
def test_a_streamed_file_writes_what_the_whole_file_writes(tmp_path, streamed):
    data = cases_file(60, seed=5, years=3, stuck=0.5)
    for case in data["cases"][::15]:
        case["legal_hold"] = {"reason": "litigation", "set_at": case["received_at"], "by": "bench.officer2"}
    path = _file(tmp_path, data)
    team_supervisor_group(get_default_team())  # outside the savepoint: the same team and group both ways
    start = transaction.savepoint()
    whole = import_cases_text(path.read_text(), at=AT)
    expected = snapshot()
    transaction.savepoint_rollback(start)
    assert Case.objects.count() == 0
    summary = streaming.import_cases_path(path, at=AT)
    assert streamed == [True]
    assert summary == whole
    got = snapshot()
    assert got["export"]["cases"], "the file imported something"
    for key in expected:
        assert got[key] == expected[key], key
    assert verify_chain_ok()


@pytest.mark.django_db
def test_a_streamed_file_reports_the_same_errors_in_the_same_order(tmp_path, streamed):
    data = cases_file(6, seed=6, years=1)
    import_cases_text(json.dumps(cases_file(1, seed=6, years=1)), at=AT)  # its first case exists now
    data["cases"][2]["reference"] = data["cases"][4]["reference"]  # twice in the file
    data["cases"][3]["parties"][0]["person"] = "nobody"  # not among the people
    data["cases"][5]["received_at"] = "yesterday"
    data["people"].append(data["people"][0])  # listed twice
    data["cases"].insert(1, "not a case")
    path = _file(tmp_path, data)
    whole = _errors(lambda: import_cases_text(path.read_text(), at=AT))
    assert len(whole) >= 5
    assert _errors(lambda: streaming.import_cases_path(path, at=AT)) == whole
    assert streamed == [True]
    assert Case.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "raw",
    [
        b'{"format": "casemgr/1", "cases": [',  # not JSON
        b'[{"format": "casemgr/1"}]',  # not an object
        b'{"format": "casemgr/2", "cases": []}',  # another format
        b'{"format": "casemgr/1", "cases": {}}',  # no list of cases
        b'{"format": "casemgr/1", "cases": [' + b"[" * 40 + b"]" * 40 + b"]}",  # too deep
    ],
    ids=["truncated", "array", "format", "cases-object", "deep"],
)
def test_what_the_streamed_reading_cannot_judge_gets_the_whole_file_answer(tmp_path, streamed, raw):
    path = _file(tmp_path, None, raw=raw)
    with pytest.raises(CommandError) as streamed_error:
        call_command("import_cases", str(path))
    assert streamed == [False]
    streaming.STREAM_FROM_BYTES = 1 << 40  # read whole (monkeypatch restores it)
    with pytest.raises(CommandError) as whole_error:
        call_command("import_cases", str(path))
    assert str(streamed_error.value) == str(whole_error.value)
    assert "nothing was imported" in str(whole_error.value)
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_a_file_with_a_byte_order_mark_is_read_whole_and_imported(tmp_path, streamed):
    path = _file(tmp_path, None, raw=b"\xef\xbb\xbf" + json.dumps(cases_file(2, seed=7)).encode())
    call_command("import_cases", str(path))
    assert streamed == [False]
    assert Case.objects.count() == 2
