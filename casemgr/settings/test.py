"""Test configuration: the real PostgreSQL and Redis named by DATABASE_URL and REDIS_URL."""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

from audit.keys import TEST_KEY, parse_audit_key
from casemgr.settings.base import *  # noqa: F403
from casemgr.settings.base import CASEMGR_AUDIT_KEY, CASEMGR_EVIDENCE_KEYS, DATABASES, MIDDLEWARE, REDIS_URL
from evidence.keyring import parse_evidence_keys

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql" or not REDIS_URL:
    raise ImproperlyConfigured(
        "tests run against PostgreSQL and Redis: set DATABASE_URL and REDIS_URL (see scripts/test)"
    )

# Under pytest-xdist each worker gets a database of its own (pytest-django adds the suffix) and a Redis
# database of its own, counted down from REDIS_URL's: two workers' Celery tests must not take each
# other's tasks. The environment is updated once, so that a worker started by a test uses the same one.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _xdist_worker.startswith("gw") and "CASEMGR_TEST_REDIS_BASE" not in os.environ:
    _redis = urlparse(REDIS_URL)
    _redis_db = int(_redis.path.lstrip("/") or 0) - int(_xdist_worker[2:])
    if _redis_db < 0:
        raise ImproperlyConfigured(f"REDIS_URL's database number is too low for xdist worker {_xdist_worker}")
    os.environ["CASEMGR_TEST_REDIS_BASE"] = REDIS_URL
    REDIS_URL = _redis._replace(path=f"/{_redis_db}").geturl()
    os.environ["REDIS_URL"] = REDIS_URL
    CELERY_BROKER_URL = REDIS_URL

SECRET_KEY = "test-only-key-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105 - tests only  # nosec B105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Static files are served by Django's test client finders; WhiteNoise would warn about an uncollected STATIC_ROOT.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]

# A fixed evidence key for tests (never a real one); tests of rotation add their own.
if not CASEMGR_EVIDENCE_KEYS:
    CASEMGR_EVIDENCE_KEYS = parse_evidence_keys("test-1:2LBUzqUQV9oU0pCjQDA1yrxRYx0DiSPBEI4PYgqSYFA=")
    CASEMGR_EVIDENCE_ACTIVE_KEY = "test-1"

# A fixed audit key for tests; checkpoints in a folder of this run's own (tests/audit gives each test one).
if not CASEMGR_AUDIT_KEY:
    CASEMGR_AUDIT_KEY = parse_audit_key(TEST_KEY)
CASEMGR_AUDIT_CHECKPOINT_FILE = Path(tempfile.mkdtemp(prefix="casemgr-test-audit-")) / "checkpoints.jsonl"
# Tests empty the tables between transactional tests with TRUNCATE, which the audit tables' trigger
# refuses unless this is on (audit/migrations/0007); only test connections turn it on.
DATABASES["default"].setdefault("OPTIONS", {})
DATABASES["default"]["OPTIONS"]["options"] = "-c casemgr.audit_allow_truncate=on"
