"""Envelope encryption of evidence files (AES-256-GCM throughout).

Each file gets its own random data key; the file is sealed under it with a random nonce and the
evidence's id as associated data (a file moved under another row's name fails to open). The data key
is wrapped, also with AES-GCM, under a key-encryption key from settings; the row keeps the key id and
the wrapped key. Rotation re-wraps the small wrapped key and never touches the file.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from evidence.keyring import Keyring

NONCE_BYTES = 12
_FILE_CONTEXT = b"casemgr/evidence/file/"
_KEY_CONTEXT = b"casemgr/evidence/data-key/"


class EvidenceKeyError(Exception):
    """A wrapped key or file could not be opened: unknown key id, wrong key, or altered bytes."""


@dataclass(frozen=True)
class Sealed:
    ciphertext: bytes
    nonce: bytes
    key_id: str
    wrapped_key: bytes


def _file_aad(evidence_id: uuid.UUID) -> bytes:
    return _FILE_CONTEXT + evidence_id.bytes


def _key_aad(evidence_id: uuid.UUID) -> bytes:
    return _KEY_CONTEXT + evidence_id.bytes


def wrap_data_key(data_key: bytes, *, evidence_id: uuid.UUID, keyring: Keyring) -> tuple[str, bytes]:
    """(key id, nonce + ciphertext of the data key) under the keyring's active key."""
    nonce = os.urandom(NONCE_BYTES)
    wrapped = AESGCM(keyring.active_key).encrypt(nonce, data_key, _key_aad(evidence_id))
    return keyring.active_id, nonce + wrapped


def unwrap_data_key(wrapped_key: bytes, *, key_id: str, evidence_id: uuid.UUID, keyring: Keyring) -> bytes:
    """The data key. Raises EvidenceKeyError if the key id is unknown or the wrapped key does not open."""
    kek = keyring.keys.get(key_id)
    if kek is None:
        raise EvidenceKeyError(f"no key with id {key_id!r} is configured")
    try:
        return AESGCM(kek).decrypt(wrapped_key[:NONCE_BYTES], wrapped_key[NONCE_BYTES:], _key_aad(evidence_id))
    except InvalidTag:
        raise EvidenceKeyError("the data key does not open with the configured key") from None


def seal(plaintext: bytes, *, evidence_id: uuid.UUID, keyring: Keyring) -> Sealed:
    """Encrypt one file under a fresh data key wrapped by the active key."""
    data_key = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = AESGCM(data_key).encrypt(nonce, plaintext, _file_aad(evidence_id))
    key_id, wrapped = wrap_data_key(data_key, evidence_id=evidence_id, keyring=keyring)
    return Sealed(ciphertext=ciphertext, nonce=nonce, key_id=key_id, wrapped_key=wrapped)


def open_sealed(
    ciphertext: bytes, *, nonce: bytes, key_id: str, wrapped_key: bytes, evidence_id: uuid.UUID, keyring: Keyring
) -> bytes:
    """The plaintext. Raises EvidenceKeyError on any wrong key, id or altered byte."""
    data_key = unwrap_data_key(wrapped_key, key_id=key_id, evidence_id=evidence_id, keyring=keyring)
    try:
        return AESGCM(data_key).decrypt(nonce, ciphertext, _file_aad(evidence_id))
    except InvalidTag:
        raise EvidenceKeyError("the evidence file does not open: altered or not this evidence's file") from None


def rewrap(wrapped_key: bytes, *, key_id: str, evidence_id: uuid.UUID, keyring: Keyring) -> tuple[str, bytes]:
    """The same data key wrapped under the active key (the file itself is unchanged)."""
    data_key = unwrap_data_key(wrapped_key, key_id=key_id, evidence_id=evidence_id, keyring=keyring)
    return wrap_data_key(data_key, evidence_id=evidence_id, keyring=keyring)
