"""What a purge needs from the trail: erase people's texts from it, or remove its oldest rows.

The trail holds people by internal id only; what else could be personal (the reason a person typed,
the client address and browser) is sealed by digest, so it can be erased and the chain still verifies
(audit.chain). Each erasure writes a sealed `audit.redact` row naming the case or person, which is what
lets `verify_audit` tell an erasure from damage. Trimming removes the rows before a seq behind a
recorded checkpoint (a line in the checkpoint file and a sealed `audit.trim` row with the hash the
first kept row follows), so the trail still verifies from there.

Erasing needs only the application's privileges; trimming deletes rows, which only the tables' owner
may do (README "Security"): run it as `manage.py audit_trim` with the owner's DATABASE_URL.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Case, F, Q, QuerySet, Value, When

from audit.actions import audited
from audit.checkpoints import TRIM, Checkpoint, append_checkpoint
from audit.linking import chain_head, link_pending, lock_chain
from audit.log import record
from audit.models import AuditEntry, AuditEntryCase
from audit.verify import REDACT_ACTION, TRIM_ACTION, verify_trail


class TrailDamaged(Exception):
    """The trail does not verify; trimming it would hide the damage."""


def _erase(rows: QuerySet[AuditEntry], *, at: dt.datetime) -> int:
    # Origins that are not a person's ("system", "command:...", "worker:...") stay; addresses go.
    erasable = Q(reason__gt="") | Q(user_agent__gt="") | Q(source__startswith="ip:")
    return rows.filter(erasable).update(
        reason="",
        user_agent="",
        source=Case(When(source__startswith="ip:", then=Value("")), default=F("source")),
        redacted_at=at,
    )


def _erase_each(*row_sets: QuerySet[AuditEntry], at: dt.datetime) -> int:
    """`_erase` of each set in turn, each read through its own index: as one OR of them the planner read
    the whole trail, 24 ms a case or person at 100,000 cases (docs/benchmarks.md, "Scale"). A row in two
    sets is erased and counted once (erased, it no longer matches)."""
    return sum(_erase(rows, at=at) for rows in row_sets)


@audited
def do_redact_case_entries(case_id: int, *, at: dt.datetime) -> int:
    """Erase the reasons, client addresses and browsers of every row about the case: its own rows and
    the rows naming it among others (exports). Who, what and when stay, by id. Writes one sealed
    `audit.redact` row for the case. Returns the number of rows erased. Precondition: the caller (the
    purge) decided the case's personal data goes; this does not check it."""
    link_pending()
    with transaction.atomic():
        named = AuditEntryCase.objects.filter(case_id=case_id).values("entry_id")
        erased = _erase_each(AuditEntry.objects.filter(case_id=case_id), AuditEntry.objects.filter(pk__in=named), at=at)
        record(REDACT_ACTION, actor=None, at=at, case_id=case_id, detail={"case": case_id, "rows": erased})
    return erased


@audited
def do_redact_person_entries(person_id: int, *, at: dt.datetime) -> int:
    """As `do_redact_case_entries`, for every row a person acted in or that is about her account
    (sign-ins, second factor): for a person who is on no case that is kept. `person_id` is the user's
    internal id, which the trail keeps. Returns the number of rows erased."""
    link_pending()
    with transaction.atomic():
        rows = AuditEntry.objects
        erased = _erase_each(rows.filter(actor_id=person_id), rows.filter(target=f"user:{person_id}"), at=at)
        record(REDACT_ACTION, actor=None, at=at, detail={"person": person_id, "rows": erased})
    return erased


@audited
def do_trim_before(seq: int, *, at: dt.datetime) -> int:
    """Remove every row before `seq` (and their case index), keeping the trail verifiable from `seq`.

    First checks the whole trail (raises TrailDamaged if it does not verify: a trim must not hide
    damage), then appends a trim line to the checkpoint file, then deletes the rows and writes a
    sealed `audit.trim` row recording the hash row `seq` follows. Raises ValidationError on "seq"
    unless rows before it exist and it is at most the chain's head. Needs the right to delete audit
    rows, which only the tables' owner has. Returns the number of rows removed."""
    link_pending()
    result = verify_trail()
    if not result.intact:
        raise TrailDamaged(f"the audit trail does not verify ({result.problems[0].problem}); nothing was trimmed")
    with transaction.atomic():
        lock_chain()
        head, _ = chain_head()
        first = AuditEntry.objects.filter(seq__isnull=False).order_by("seq").values_list("seq", flat=True).first()
        if first is None or not first < seq <= head:
            raise ValidationError({"seq": f"Give a row after the first ({first}) and at most the last ({head})."})
        anchor = AuditEntry.objects.values_list("hash", flat=True).get(seq=seq - 1)
        assert anchor is not None
        # The line first: if it cannot be written, nothing is removed.
        append_checkpoint(Checkpoint(seq=seq - 1, hash=anchor, at=at, kind=TRIM))
        removed = _delete_before(seq)
        record(TRIM_ACTION, actor=None, at=at, detail={"before": seq, "anchor": anchor, "rows": removed})
    return removed


def _delete_before(seq: int) -> int:
    entries, links = AuditEntry._meta.db_table, AuditEntryCase._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The delete triggers let rows before this seq go, in this transaction only (migration 0007).
            cursor.execute("SELECT set_config('casemgr.audit_trim_before', %s, true)", [str(seq)])
        # Plain statements: the trimmed rows are never loaded (years of them).
        cursor.execute(
            f"DELETE FROM {links} WHERE entry_id IN (SELECT id FROM {entries} WHERE seq < %s)",  # noqa: S608 - fixed names, values as parameters  # nosec B608
            [seq],
        )
        cursor.execute(f"DELETE FROM {entries} WHERE seq < %s", [seq])  # noqa: S608 - fixed names, values as parameters  # nosec B608
        removed: int = cursor.rowcount
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('casemgr.audit_trim_before', '', true)")
    return removed
