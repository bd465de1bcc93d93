"""The short-lived token that lets the page shown after a recorded reveal load the original image.

Revealing is a POST that writes the audit row; its response is a page whose <img> points at the
original with this token. The token is signed, names the user and the evidence, and lasts a minute, so
the image URL cannot be reused later, by someone else, or for another file (and it carries no data).
"""

from __future__ import annotations

from django.core import signing

from evidence.models import Evidence

REVEAL_SECONDS = 60
_SALT = "casemgr.evidence.reveal"


def make_reveal_token(evidence: Evidence, *, user_id: int) -> str:
    return signing.dumps({"e": evidence.public_id.hex, "u": user_id}, salt=_SALT, compress=False)


def reveal_token_valid(token: str, *, evidence: Evidence, user_id: int) -> bool:
    try:
        payload = signing.loads(token, salt=_SALT, max_age=REVEAL_SECONDS)
    except signing.BadSignature:  # includes SignatureExpired
        return False
    return isinstance(payload, dict) and payload.get("e") == evidence.public_id.hex and payload.get("u") == user_id
