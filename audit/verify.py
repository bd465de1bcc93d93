"""Checking the trail: every altered, missing or unexplained stretch, not only the first.

What is checked, in one pass in `seq` order:

- each row's hash (HMAC under `CASEMGR_AUDIT_KEY`) and the digests of its texts: a row changed in
  the database, even with plain hashes recomputed, is "altered";
- the links: `seq` without gaps ("missing"), each row's `prev_hash` equal to the hash before it;
- the start: row 1 follows the genesis hash, or the first kept row follows the hash a sealed
  `audit.trim` row recorded when the rows before it were removed;
- texts erased only under a sealed `audit.redact` row for their case or person;
- the per-case index of exports against the sealed `detail`;
- every checkpoint in the checkpoint file: a trail shorter than a checkpoint, or whose row at the
  checkpoint's seq has another hash, is reported (rows cut from the end, an emptied or rebuilt table).
"""

from __future__ import annotations

import hmac
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit.chain import GENESIS, compute_hash, erased_fields, texts_match_digests
from audit.checkpoints import HEAD, TRIM, Checkpoint, read_checkpoints
from audit.keys import audit_key
from audit.linking import link_pending
from audit.log import named_cases
from audit.models import AuditEntry, AuditEntryCase

# Written by audit.redaction; named here because verifying depends on them.
REDACT_ACTION = "audit.redact"
TRIM_ACTION = "audit.trim"

_PLURAL = {
    "altered": ("row {a} was altered", "rows {a} to {b} were altered"),
    "follow": ("row {a} does not follow row {before}", "rows {a} to {b} do not follow the rows before them"),
    "index": ("row {a} lists other cases than its sealed detail", "rows {a} to {b} list other cases than their detail"),
}


@dataclass(frozen=True)
class ChainProblem:
    seq: int  # the first row of the damaged stretch
    problem: str


@dataclass(frozen=True)
class Verification:
    checked: int  # linked rows read
    problems: list[ChainProblem]
    first_seq: int
    last_seq: int
    unlinked: int  # rows of transactions still running when the check began
    checkpoints: int  # checkpoint lines checked

    @property
    def intact(self) -> bool:
        return not self.problems


@dataclass
class _Stretch:
    kind: str
    first: int
    last: int


@dataclass
class _Walk:
    key: bytes
    stretches: list[_Stretch] = field(default_factory=list)
    problems: list[ChainProblem] = field(default_factory=list)
    checked: int = 0
    first: AuditEntry | None = None
    expected_seq: int = 0
    previous_hash: str = GENESIS
    last_seq: int = 0
    hashes: dict[int, str] = field(default_factory=dict)  # at checkpointed seqs
    trims: dict[int, str] = field(default_factory=dict)  # sealed trims: first kept seq -> anchor hash
    redacted_cases: set[int] = field(default_factory=set)
    redacted_people: set[int] = field(default_factory=set)
    erased: list[tuple[int, list[str], int | None, int | None, str, list[int]]] = field(default_factory=list)

    def note(self, kind: str, seq: int, last: int | None = None) -> None:
        last = seq if last is None else last
        previous = self.stretches[-1] if self.stretches else None
        if previous is not None and previous.kind == kind and previous.last + 1 == seq:
            previous.last = last
        else:
            self.stretches.append(_Stretch(kind, seq, last))

    def read(self, entry: AuditEntry, cases: list[int], watched: set[int]) -> None:
        seq = entry.seq
        # Linked rows only, which have both.
        assert seq is not None
        assert entry.hash is not None
        if self.first is None:
            self.first, self.expected_seq, self.previous_hash = entry, seq, entry.prev_hash
        if seq != self.expected_seq:
            self.problems.append(ChainProblem(self.expected_seq, _missing(self.expected_seq, seq - 1, seq)))
        elif entry.prev_hash != self.previous_hash:
            self.note("follow", seq)
        sealed = hmac.compare_digest(compute_hash(entry, key=self.key), entry.hash)
        if not sealed or not texts_match_digests(entry, key=self.key):
            self.note("altered", seq)
        if cases != named_cases(entry.detail):
            self.note("index", seq)
        if sealed:
            self._remember(entry)
        erased = erased_fields(entry)
        if erased:
            self.erased.append((seq, erased, entry.case_id, entry.actor_id, entry.target, cases))
        if seq in watched:
            self.hashes[seq] = entry.hash
        self.previous_hash, self.expected_seq, self.last_seq = entry.hash, seq + 1, seq
        self.checked += 1

    def _remember(self, entry: AuditEntry) -> None:
        detail: dict[str, Any] = entry.detail if isinstance(entry.detail, dict) else {}
        if entry.action == REDACT_ACTION:
            if isinstance(detail.get("case"), int):
                self.redacted_cases.add(detail["case"])
            if isinstance(detail.get("person"), int):
                self.redacted_people.add(detail["person"])
        elif entry.action == TRIM_ACTION and isinstance(detail.get("before"), int):
            self.trims[detail["before"]] = str(detail.get("anchor", ""))


def _missing(first: int, last: int, next_seq: int | None) -> str:
    rows = f"row {first} is missing" if first == last else f"rows {first} to {last} are missing"
    return f"{rows} (next row is {next_seq})" if next_seq is not None else rows


def _described(stretch: _Stretch) -> ChainProblem:
    one, many = _PLURAL[stretch.kind]
    text = one if stretch.first == stretch.last else many
    return ChainProblem(stretch.first, text.format(a=stretch.first, b=stretch.last, before=stretch.first - 1))


def _batches(batch_size: int) -> Iterable[tuple[list[AuditEntry], dict[int, list[int]]]]:
    # Keyset pagination on seq: each batch and its case index in two queries.
    after = 0
    while True:
        batch = list(AuditEntry.objects.filter(seq__gt=after).order_by("seq")[:batch_size])
        if not batch:
            return
        links: dict[int, list[int]] = defaultdict(list)
        for entry_id, case_id in AuditEntryCase.objects.filter(entry__in=[e.pk for e in batch]).values_list(
            "entry_id", "case_id"
        ):
            links[entry_id].append(case_id)
        yield batch, {entry_id: sorted(cases) for entry_id, cases in links.items()}
        seq = batch[-1].seq
        assert seq is not None
        after = seq


def _check_start(walk: _Walk) -> None:
    first = walk.first
    if first is None or first.seq is None:
        return
    if first.seq == 1:
        if first.prev_hash != GENESIS:
            walk.problems.append(ChainProblem(1, "row 1 does not start the chain"))
    elif walk.trims.get(first.seq) != first.prev_hash:
        walk.problems.append(
            ChainProblem(1, f"{_missing(1, first.seq - 1, first.seq)}, and no sealed trim of the trail explains it")
        )


def _check_erasures(walk: _Walk) -> None:
    for seq, names, case_id, actor_id, target, cases in walk.erased:
        covered = (
            case_id in walk.redacted_cases
            or any(case in walk.redacted_cases for case in cases)
            or actor_id in walk.redacted_people
            or any(target == f"user:{person}" for person in walk.redacted_people)
        )
        if not covered:
            erased = ", ".join(names)
            walk.problems.append(
                ChainProblem(seq, f"row {seq}: {erased} erased without a sealed redaction of its case or person")
            )


def _check_checkpoints(walk: _Walk, checkpoints: list[Checkpoint]) -> None:
    first_seq = walk.first.seq if walk.first is not None and walk.first.seq is not None else walk.last_seq + 1
    trimmed_through = max((c.seq for c in checkpoints if c.kind == TRIM), default=0)
    for checkpoint in checkpoints:
        if checkpoint.kind != HEAD:
            continue
        when = checkpoint.at.strftime("%Y-%m-%d %H:%M UTC")
        seen = f"the checkpoint of {when} saw row {checkpoint.seq}"
        if checkpoint.seq > walk.last_seq:
            missing = _missing(walk.last_seq + 1, checkpoint.seq, None)
            walk.problems.append(
                ChainProblem(walk.last_seq + 1, f"{missing}: {seen}, the trail ends at row {walk.last_seq}")
            )
        elif checkpoint.seq < first_seq:
            if checkpoint.seq > trimmed_through:
                gone = f"row {checkpoint.seq} is gone: {seen}, and no trim in the file explains it"
                walk.problems.append(ChainProblem(checkpoint.seq, gone))
        elif checkpoint.seq in walk.hashes and walk.hashes[checkpoint.seq] != checkpoint.hash:
            walk.problems.append(ChainProblem(checkpoint.seq, f"row {checkpoint.seq} differs from what {seen}"))


def verify_trail(*, checkpoint_path: Path | None = None, batch_size: int = 5000) -> Verification:
    """Link the rows waiting to be linked, then check the whole trail and every checkpoint.

    Raises audit.checkpoints.CheckpointFileError if the checkpoint file holds a line that is not a
    checkpoint (a damaged file is not silently ignored)."""
    checkpoints = read_checkpoints(checkpoint_path)
    link_pending()
    watched = {c.seq for c in checkpoints if c.kind == HEAD}
    walk = _Walk(key=audit_key())
    for batch, links in _batches(batch_size):
        for entry in batch:
            walk.read(entry, links.get(entry.pk, []), watched)
    _check_start(walk)
    _check_erasures(walk)
    _check_checkpoints(walk, checkpoints)
    problems = sorted([*walk.problems, *map(_described, walk.stretches)], key=lambda p: p.seq)
    return Verification(
        checked=walk.checked,
        problems=problems,
        first_seq=walk.first.seq if walk.first is not None and walk.first.seq is not None else 0,
        last_seq=walk.last_seq,
        unlinked=AuditEntry.objects.filter(seq__isnull=True).count(),
        checkpoints=len(checkpoints),
    )


def verify_chain(*, batch_size: int = 5000) -> tuple[int, ChainProblem | None]:
    """(rows checked, the first problem or None): `verify_trail` for callers that want one answer."""
    result = verify_trail(batch_size=batch_size)
    return result.checked, (result.problems[0] if result.problems else None)
