"""The key that seals the audit trail (an HMAC key the database never holds).

Settings hold it as `CASEMGR_AUDIT_KEY`: base64 of at least 32 random bytes. Without the key, someone
who can write to the database cannot compute a row's hash, so a rewritten row, even with recomputed
plain hashes, no longer verifies. The parser runs while settings load, so it imports nothing from
Django but the exception it raises.
"""

from __future__ import annotations

import base64
import binascii

from django.core.exceptions import ImproperlyConfigured

MIN_KEY_BYTES = 32
# Published in the repository, so only for demo and test data; production refuses them.
LOCAL_DEMO_KEY = "RMsRsaM5MAJS79iZl6iJz/iKwFs3xXQFZbXVIr3mxaM="
TEST_KEY = "MdmWgr9OIF0kec1d4V63GGqsS2zw5RXp/gPcq9F8ZzI="
PUBLISHED_KEYS = frozenset({LOCAL_DEMO_KEY, TEST_KEY})


def parse_audit_key(raw: str, *, name: str = "CASEMGR_AUDIT_KEY") -> bytes:
    """The key's bytes, or b"" when `raw` is empty (the deployment overlay decides whether that is allowed).

    Raises ImproperlyConfigured, never printing key material, when it is not base64 of 32 bytes or more.
    """
    raw = raw.strip()
    if not raw:
        return b""
    try:
        key = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{name} is not valid base64") from None
    if len(key) < MIN_KEY_BYTES:
        raise ImproperlyConfigured(f"{name} must decode to at least {MIN_KEY_BYTES} bytes, not {len(key)}")
    return key


def audit_key() -> bytes:
    """The configured key. Raises ImproperlyConfigured when there is none (settings make one mandatory
    in production; `local` and `test` use a published development key)."""
    from django.conf import settings

    key: bytes = getattr(settings, "CASEMGR_AUDIT_KEY", b"")
    if not key:
        raise ImproperlyConfigured("CASEMGR_AUDIT_KEY is not set: the audit trail cannot be sealed")
    return key
