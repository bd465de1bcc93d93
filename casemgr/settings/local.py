"""The embedded, run-anywhere configuration used by `scripts/run` (demo data, no servers needed)."""

from audit.keys import LOCAL_DEMO_KEY, parse_audit_key
from casemgr.settings.base import *  # noqa: F403
from casemgr.settings.base import CASEMGR_AUDIT_KEY, CASEMGR_EVIDENCE_KEYS
from casemgr.settings.base import SECRET_KEY as _SECRET_KEY
from evidence.keyring import parse_evidence_keys

DEBUG = False
SECRET_KEY = _SECRET_KEY or "local-only-insecure-key-do-not-deploy-0123456789abcdefghij"
# The demo's fixed evidence key: published in the repository, so only for demo data.
if not CASEMGR_EVIDENCE_KEYS:
    CASEMGR_EVIDENCE_KEYS = parse_evidence_keys("local-demo:pUEC7z92GqKDqbuFtQWTl0r2rhefwE64rmAopKL+stU=")
    CASEMGR_EVIDENCE_ACTIVE_KEY = "local-demo"
# The demo's fixed audit key, published like the evidence key.
if not CASEMGR_AUDIT_KEY:
    CASEMGR_AUDIT_KEY = parse_audit_key(LOCAL_DEMO_KEY)
