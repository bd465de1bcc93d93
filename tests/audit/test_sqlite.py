"""The trail on the embedded default, SQLite (issue 14): the access report, verification and erasure.

`scripts/run` uses SQLite when no DATABASE_URL is set. The test migrates a throwaway SQLite file in a
subprocess with the settings `scripts/run` uses and drives the trail there, the report page included.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

REPORT = """
import datetime as dt, json
import time_machine
from django.test import Client
from accounts.roles import StaffRole
from accounts.services import do_create_staff
from audit.log import record
from audit.reads import record_case_view, record_export
from audit.report import access_report
from cases.actions.case import do_create_case
from tests.conftest import sign_in

at = dt.datetime(2025, 3, 20, 2, 0, tzinfo=dt.UTC)
officer = do_create_staff(username="officer.s", email="", name="Officer S", role=StaffRole.CONDUCT_OFFICER)
supervisor = do_create_staff(username="supervisor.s", email="", name="Supervisor S", role=StaffRole.CASE_SUPERVISOR)
case, other = (
    do_create_case(reference=reference, received_at=at, summary="", allegations=[], acting_user=officer, at=at)
    for reference in ("IBSA-2025-0001", "IBSA-2025-0002")
)
record_case_view(officer, case_id=case.pk, page="case_page", at=at)
record("evidence.reveal", actor=officer, at=at, case_id=case.pk, reason="Checking the folder")
record_export(actor=None, at=at, case_ids=[case.pk, other.pk], format="casemgr/1")
record_export(actor=None, at=at, case_ids=[other.pk], format="casemgr/1")

client = Client()
sign_in(client, supervisor)
with time_machine.travel(at, tick=False):
    page = client.get(f"/cases/{case.public_id}/access-report/")
report = access_report(case.pk, page_number=None)
people = {p.username: [p.views, p.reveals, p.exports] for p in report.people}
print(json.dumps({"case": case.pk, "page": page.status_code, "people": people}))
"""

# The parts of the trail a purge and the parties' portal use, on the same database.
TRAIL = """
import datetime as dt, json
from audit.redaction import do_redact_case_entries
from audit.report import staff_access_by_role
from audit.verify import verify_trail

at = dt.datetime(2025, 3, 20, 2, 0, tzinfo=dt.UTC)
case_id = int(CASE_ID)
by_role = [[str(a.on), a.role, a.views, a.evidence] for a in staff_access_by_role(case_id)]
erased = do_redact_case_entries(case_id, at=at)
result = verify_trail()
print(json.dumps({"by_role": by_role, "erased": erased, "intact": result.intact, "checked": result.checked}))
"""


def test_the_access_report_and_the_trail_work_on_sqlite(tmp_path):
    environment = {
        **{key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG"}},
        "DJANGO_SETTINGS_MODULE": "casemgr.settings.local",
        "CASEMGR_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'trail.sqlite3'}",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }

    def manage(*arguments: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    manage("migrate", "--noinput", "--verbosity", "0")
    report = json.loads(manage("shell", "-c", REPORT).strip().splitlines()[-1])

    assert report["page"] == 200
    assert report["people"] == {"officer.s": [1, 1, 0], "supervisor.s": [1, 0, 0], "": [0, 0, 1]}

    trail = manage("shell", "-c", TRAIL.replace("CASE_ID", str(report["case"])))
    result = json.loads(trail.strip().splitlines()[-1])
    assert result["by_role"] == [["2025-03-20", "conduct_officer", 1, 1], ["2025-03-20", "case_supervisor", 1, 0]]
    assert result["erased"] == 2  # the reveal's reason, and the address the report page was read from
    assert result["intact"] is True
