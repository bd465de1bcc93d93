"""Closing flags whose step is no longer overdue: the one place both the sweep and the actions that
complete a step (oversight.settle) close them, so a flag closes the same way whoever notices first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from notifications.models import NotificationKind
from notifications.outbox import Outgoing
from oversight.kinds import HistoryEntry, by_kind, describe_flags, flag_kind
from oversight.models import Flag
from oversight.notices import waiting_notices
from oversight.wording import closed_text


def close_flags(flags: Sequence[Flag], *, now: dt.datetime) -> tuple[list[HistoryEntry], list[Outgoing]]:
    """Mark `flags` (open, locked by the caller) closed at `now`; return their history entries and the
    notices to the people who were waiting on a step that is now done. The caller records and queues them.
    """
    history: list[HistoryEntry] = []
    done_flags: list[Flag] = []
    words = describe_flags(flags)
    for name, group in by_kind(flags).items():
        done = flag_kind(name).done(group)
        for flag in group:
            finished = flag.pk in done
            text = closed_text(words[flag.pk], done=finished)
            history.append(HistoryEntry(flag=flag, at=now, text=text, action="flag_closed", done=finished))
            if finished:
                done_flags.append(flag)
    Flag.objects.filter(pk__in=[f.pk for f in flags]).update(closed_at=now, checked_at=now)
    for flag in flags:
        flag.closed_at = now
        flag.checked_at = now
    return history, waiting_notices(done_flags, kind=NotificationKind.REQUEST_DONE)


def record_history(entries: Sequence[HistoryEntry]) -> None:
    """Hand each kind the history of its flags to record (e.g. on the case timeline)."""
    grouped: dict[str, list[HistoryEntry]] = {}
    for entry in entries:
        grouped.setdefault(entry.flag.kind, []).append(entry)
    for name, group in grouped.items():
        flag_kind(name).record_history(group)
