"""The encrypted files in CASEMGR_EVIDENCE_ROOT: written whole or not at all, named by random UUIDs.

Nothing here knows about rows or transactions; evidence.upload removes a file whose row did not commit.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from pathlib import Path

from django.conf import settings


def evidence_root() -> Path:
    """The directory, created owner-only if missing."""
    root = Path(settings.CASEMGR_EVIDENCE_ROOT)
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    return root


def new_storage_name() -> str:
    return uuid.uuid4().hex


def _path(storage_name: str) -> Path:
    # Names are ours (uuid hex), but a row edited by hand must still not reach outside the root.
    if not storage_name.isalnum():
        raise ValueError("not an evidence storage name")
    return evidence_root() / storage_name


def write_blob(storage_name: str, ciphertext: bytes) -> Path:
    """Write to a temporary file in the root, flush to disk, then rename: readers never see half a file."""
    root = evidence_root()
    handle, temporary = tempfile.mkstemp(dir=root, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(ciphertext)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o600)
        final = _path(storage_name)
        os.replace(temporary, final)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return final


def read_blob(storage_name: str) -> bytes:
    return _path(storage_name).read_bytes()


def remove_blob(storage_name: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        _path(storage_name).unlink()
