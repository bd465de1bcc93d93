"""Checkpoints of the chain's head go to a file outside the database, on a schedule."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from audit.log import record
from audit.models import AuditEntry
from audit.tasks import checkpoint_task, link_pending_task
from tests.conftest import hkt


def _write(n: int) -> None:
    for i in range(n):
        record("case.view", actor=None, at=hkt(2025, 3, 14, 10, i), case_id=7)


def _lines(path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.mark.django_db
def test_the_command_appends_the_head_and_nothing_while_it_has_not_moved(checkpoint_file):
    _write(3)
    out = StringIO()
    call_command("audit_checkpoint", stdout=out)
    head = AuditEntry.objects.get(seq=3)
    assert _lines(checkpoint_file) == [
        {"kind": "head", "seq": 3, "hash": head.hash, "at": "2025-03-20T02:00:00+00:00"}
    ]
    assert "row 3" in out.getvalue()

    call_command("audit_checkpoint", stdout=StringIO())
    assert len(_lines(checkpoint_file)) == 1  # the head has not moved
    _write(1)
    call_command("audit_checkpoint", stdout=StringIO())
    assert [line["seq"] for line in _lines(checkpoint_file)] == [3, 4]
    assert oct(checkpoint_file.stat().st_mode & 0o777) == "0o600"


@pytest.mark.django_db
def test_beat_checkpoints_and_links_on_a_schedule(checkpoint_file):
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["audit.checkpoint"] == settings.CASEMGR_AUDIT_CHECKPOINT_MINUTES * 60.0
    assert schedule["audit.link_pending"] == 60.0
    _write(2)
    assert checkpoint_task.apply().get() == 2  # through Celery's task machinery, in this process
    assert _lines(checkpoint_file)[-1]["seq"] == 2
    assert link_pending_task.apply().get() == 0  # nothing was left unlinked


@pytest.mark.django_db
def test_verify_audit_reports_the_checkpoints_it_checked(checkpoint_file, capsys):
    _write(2)
    call_command("verify_audit")
    assert "No checkpoints in" in capsys.readouterr().out
    call_command("audit_checkpoint", stdout=StringIO())
    call_command("verify_audit")
    assert f"agrees with the 1 checkpoint(s) in {checkpoint_file}" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_damaged_checkpoint_file_is_an_error_naming_the_line(checkpoint_file):
    _write(1)
    call_command("audit_checkpoint", stdout=StringIO())
    with checkpoint_file.open("a") as stream:
        stream.write('{"kind": "head", "seq": "many"}\n')
    with pytest.raises(CommandError, match=r"checkpoints.jsonl line 2: not a checkpoint"):
        call_command("verify_audit", stdout=StringIO())
