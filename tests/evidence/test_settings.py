"""Deployment guards: production needs evidence keys, and the evidence directory must not be served."""

from __future__ import annotations

import base64
import os
import subprocess
import sys

from evidence.checks import check_evidence_root

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "casemgr.settings.production",
    "DJANGO_SECRET_KEY": "x" * 60,
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
    "REDIS_URL": "redis://127.0.0.1:6379/7",
    # Production also needs the audit trail's key (audit/keys.py); any random one.
    "CASEMGR_AUDIT_KEY": base64.b64encode(os.urandom(32)).decode(),
}


def _load_production(extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEMGR_EVIDENCE")}
    env.update(PRODUCTION_ENV | extra)
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.CASEMGR_EVIDENCE_ACTIVE_KEY)"
    )
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)


def test_production_refuses_to_start_without_evidence_keys():
    result = _load_production({})
    assert result.returncode != 0
    assert "CASEMGR_EVIDENCE_KEYS" in result.stderr


def test_production_starts_with_a_key_and_never_prints_it():
    key = base64.b64encode(os.urandom(32)).decode()
    result = _load_production({"CASEMGR_EVIDENCE_KEYS": f"2025-01:{key}"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2025-01"
    bad = _load_production({"CASEMGR_EVIDENCE_KEYS": f"2025-01:{key[:-8]}"})
    assert bad.returncode != 0
    assert key[:-8] not in bad.stderr


def test_it_flags_an_evidence_root_inside_a_served_directory(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.CASEMGR_EVIDENCE_ROOT = tmp_path / "media" / "evidence"
    assert [error.id for error in check_evidence_root()] == ["evidence.E001"]
    settings.CASEMGR_EVIDENCE_ROOT = tmp_path / "var" / "evidence"
    assert check_evidence_root() == []
