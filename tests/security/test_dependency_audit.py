"""scripts/audit_dependencies.py fails on a vulnerability and never reports an audit it could not do."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("audit_dependencies", ROOT / "scripts" / "audit_dependencies.py")
assert _spec is not None
assert _spec.loader is not None
audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit)

SKIPPED = "Dependency not found on PyPI and could not be audited: django (5.2.19)"


def test_it_fails_on_a_known_vulnerability(capsys):
    report = [
        {"name": "django", "version": "5.2.19", "vulns": [{"id": "PYSEC-2099-1", "fix_versions": []}]},
        {"name": "celery", "version": "5.7.0", "vulns": []},
    ]
    assert audit._judge(report) == 1
    assert "django 5.2.19 has known vulnerabilities: PYSEC-2099-1" in capsys.readouterr().out


def test_it_says_the_audit_was_not_done_when_nothing_could_be_audited(capsys):
    assert audit._judge([{"name": "django", "skip_reason": SKIPPED}]) == 0
    out = capsys.readouterr().out
    assert out.startswith("pip-audit: NOT DONE here")
    assert "no known vulnerabilities" not in out


def test_it_names_what_it_could_not_audit_when_it_audited_the_rest(capsys):
    report = [{"name": "celery", "version": "5.7.0", "vulns": []}, {"name": "django", "skip_reason": SKIPPED}]
    assert audit._judge(report) == 0
    assert capsys.readouterr().out == "pip-audit: 1 packages audited, no known vulnerabilities; not audited: django\n"
