"""Checkpoints of the chain's head, kept outside the database.

Every `CASEMGR_AUDIT_CHECKPOINT_MINUTES` the `audit.checkpoint` beat task (or `manage.py
audit_checkpoint`) appends the head's (seq, hash) to `CASEMGR_AUDIT_CHECKPOINT_FILE` and logs it
(logger `casemgr.audit`, so that the line also reaches wherever the logs are shipped). Someone who can
rewrite the database but not that file cannot then cut rows from the end, empty the table or rewrite
it, even with the key: `verify_audit` checks the trail against every line. A trim (audit.redaction)
appends a line too, saying which rows were removed behind which hash.

One JSON object a line: {"kind": "head" | "trim", "seq": N, "hash": "...", "at": "ISO 8601"}. For a
trim, `seq` is the last row removed and `hash` its hash (the first kept row's `prev_hash`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from audit.linking import chain_head, link_pending

log = logging.getLogger("casemgr.audit")
HEAD = "head"
TRIM = "trim"
_TAIL_BYTES = 4096


class CheckpointFileError(Exception):
    """The checkpoint file cannot be read as checkpoints (the message names the line)."""


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: dt.datetime
    kind: str = HEAD

    def line(self) -> str:
        fields = {"kind": self.kind, "seq": self.seq, "hash": self.hash, "at": self.at.astimezone(dt.UTC).isoformat()}
        return json.dumps(fields, separators=(",", ":"))


def checkpoint_file() -> Path:
    return Path(settings.CASEMGR_AUDIT_CHECKPOINT_FILE)


def _parse(line: str, *, where: str) -> Checkpoint:
    try:
        fields = json.loads(line)
        checkpoint = Checkpoint(
            seq=int(fields["seq"]),
            hash=str(fields["hash"]),
            at=dt.datetime.fromisoformat(str(fields["at"])),
            kind=str(fields.get("kind", HEAD)),
        )
    except (ValueError, KeyError, TypeError) as error:
        raise CheckpointFileError(f"{where}: not a checkpoint ({error.__class__.__name__})") from None
    if checkpoint.kind not in {HEAD, TRIM} or checkpoint.seq < 1 or checkpoint.at.tzinfo is None:
        raise CheckpointFileError(f"{where}: not a checkpoint (kind, seq or time)")
    return checkpoint


def read_checkpoints(path: Path | None = None) -> list[Checkpoint]:
    """Every checkpoint in the file, in the order written; none if the file does not exist.

    Raises CheckpointFileError naming the file and line of the first line that is not a checkpoint."""
    path = path or checkpoint_file()
    if not path.exists():
        return []
    found = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                found.append(_parse(line, where=f"{path} line {number}"))
    return found


def last_checkpoint(path: Path) -> Checkpoint | None:
    """The last line of the file, read from its end (the file grows for years)."""
    if not path.exists():
        return None
    with path.open("rb") as stream:
        stream.seek(0, os.SEEK_END)
        size = stream.tell()
        stream.seek(max(0, size - _TAIL_BYTES))
        tail = stream.read().decode("utf-8", errors="replace").splitlines()
    lines = [line for line in tail if line.strip()]
    return _parse(lines[-1], where=f"{path} last line") if lines else None


def append_checkpoint(checkpoint: Checkpoint, *, path: Path | None = None) -> None:
    """Append one line and make sure it is on disk before returning. The file is only ever opened to
    append (give it an append-only attribute, `chattr +a`, where the filesystem allows)."""
    path = path or checkpoint_file()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, (checkpoint.line() + "\n").encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    log.info("audit checkpoint %s", checkpoint.line())


def write_checkpoint(*, at: dt.datetime, path: Path | None = None) -> Checkpoint | None:
    """Link the rows waiting to be linked, then append the head to the checkpoint file.

    Returns the checkpoint, or None when the trail is empty or its head is the last line's already."""
    path = path or checkpoint_file()
    link_pending()
    seq, hash_ = chain_head()
    if seq == 0:
        return None
    last = last_checkpoint(path)
    if last is not None and last.kind == HEAD and (last.seq, last.hash) == (seq, hash_):
        return None
    checkpoint = Checkpoint(seq=seq, hash=hash_, at=at)
    append_checkpoint(checkpoint, path=path)
    return checkpoint
