"""Tests on the embedded default, SQLite, as `scripts/run` uses it: the tests marked `sqlite` run here too
(scripts/test, second pytest run), so a lookup that only PostgreSQL has cannot ship again (issue 14).

The same overrides as casemgr.settings.test, with an in-memory SQLite test database instead of
PostgreSQL. Redis is not needed: without REDIS_URL Celery's broker is the filesystem one.
"""

import tempfile
from pathlib import Path

from audit.keys import TEST_KEY, parse_audit_key
from casemgr.settings.base import *  # noqa: F403
from casemgr.settings.base import MIDDLEWARE
from evidence.keyring import parse_evidence_keys

_VAR = Path(tempfile.mkdtemp(prefix="casemgr-test-sqlite-"))
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(_VAR / "casemgr.sqlite3"),
        # As casemgr.settings.base gives the embedded default.
        "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        # A file, not the in-memory default: the browser tests' live server reads it through its own
        # connection, as the web server of `scripts/run` does.
        "TEST": {"NAME": str(_VAR / "test_casemgr.sqlite3")},
    }
}
SECRET_KEY = "test-only-key-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105 - tests only  # nosec B105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]
CASEMGR_EVIDENCE_KEYS = parse_evidence_keys("test-1:2LBUzqUQV9oU0pCjQDA1yrxRYx0DiSPBEI4PYgqSYFA=")
CASEMGR_EVIDENCE_ACTIVE_KEY = "test-1"
CASEMGR_EVIDENCE_ROOT = _VAR / "evidence"
CASEMGR_AUDIT_KEY = parse_audit_key(TEST_KEY)
CASEMGR_AUDIT_CHECKPOINT_FILE = _VAR / "audit" / "checkpoints.jsonl"
