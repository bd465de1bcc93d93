"""Checking the chain: the first altered or missing row."""

from __future__ import annotations

from dataclasses import dataclass

from audit.chain import GENESIS, compute_hash
from audit.models import AuditEntry


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str


def verify_chain(*, batch_size: int = 5000) -> tuple[int, ChainProblem | None]:
    """Walk the whole trail in order; return (rows checked, first problem or None)."""
    expected_seq = 1
    previous_hash = GENESIS
    checked = 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=batch_size):
        if entry.seq != expected_seq:
            return checked, ChainProblem(expected_seq, f"row {expected_seq} is missing (next row is {entry.seq})")
        if entry.prev_hash != previous_hash:
            return checked, ChainProblem(entry.seq, f"row {entry.seq} does not follow row {entry.seq - 1}")
        if compute_hash(entry) != entry.hash:
            return checked, ChainProblem(entry.seq, f"row {entry.seq} was altered")
        previous_hash = entry.hash
        expected_seq += 1
        checked += 1
    return checked, None
