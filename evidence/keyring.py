"""The key-encryption keys that wrap each evidence file's data key.

Settings hold them as `CASEMGR_EVIDENCE_KEYS` (key id -> 32 raw bytes) and `CASEMGR_EVIDENCE_ACTIVE_KEY`
(the id new files and `rotate_evidence_keys` wrap under). The parsers below run while settings load, so
they import nothing from Django but the exception they raise.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

KEY_BYTES = 32  # AES-256
_KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")


def parse_evidence_keys(raw: str, *, name: str = "CASEMGR_EVIDENCE_KEYS") -> dict[str, bytes]:
    """Parse "keyid:base64key,keyid2:base64key2" into {key id: 32 bytes}.

    An empty string gives no keys (the deployment overlay decides whether that is allowed). Raises
    ImproperlyConfigured, naming the entry but never printing key material, on any malformed entry.
    """
    keys: dict[str, bytes] = {}
    for position, entry in enumerate(item.strip() for item in raw.split(",")):
        if not entry:
            continue
        key_id, separator, encoded = entry.partition(":")
        key_id = key_id.strip()
        if not separator or not _KEY_ID.match(key_id):
            raise ImproperlyConfigured(
                f"{name} entry {position + 1} must look like keyid:base64key (key id of letters, digits, . _ -)"
            )
        try:
            key = base64.b64decode(encoded.strip(), validate=True)
        except (binascii.Error, ValueError):
            raise ImproperlyConfigured(f"{name}: the key {key_id!r} is not valid base64") from None
        if len(key) != KEY_BYTES:
            raise ImproperlyConfigured(f"{name}: the key {key_id!r} must decode to {KEY_BYTES} bytes")
        if key_id in keys:
            raise ImproperlyConfigured(f"{name}: the key id {key_id!r} appears twice")
        keys[key_id] = key
    return keys


def choose_active_key(keys: dict[str, bytes], active: str, *, name: str = "CASEMGR_EVIDENCE_ACTIVE_KEY") -> str:
    """The active key id: `active` if given (it must be one of `keys`), else the only key, else ""."""
    active = active.strip()
    if active:
        if active not in keys:
            raise ImproperlyConfigured(f"{name} {active!r} is not one of the ids in CASEMGR_EVIDENCE_KEYS")
        return active
    if len(keys) == 1:
        return next(iter(keys))
    if keys:
        raise ImproperlyConfigured(f"{name} must name which of the evidence keys wraps new files")
    return ""


@dataclass(frozen=True)
class Keyring:
    keys: dict[str, bytes]
    active_id: str

    @property
    def active_key(self) -> bytes:
        return self.keys[self.active_id]


def current_keyring() -> Keyring:
    """The keys from settings. Raises ImproperlyConfigured when none are configured."""
    from django.conf import settings

    keys: dict[str, bytes] = settings.CASEMGR_EVIDENCE_KEYS
    active: str = settings.CASEMGR_EVIDENCE_ACTIVE_KEY
    if not keys or active not in keys:
        raise ImproperlyConfigured("evidence needs CASEMGR_EVIDENCE_KEYS and CASEMGR_EVIDENCE_ACTIVE_KEY")
    return Keyring(keys=dict(keys), active_id=active)
