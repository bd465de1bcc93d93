"""Where an app that holds personal data outside the core tables says how the purge erases it.

The purge (privacy.purge) erases what the core apps hold itself. An app it does not know (e.g. an
intake form whose reports hold a reporter's name) registers, in its AppConfig.ready(), a function to
erase what it holds about a purged case (`case_id`) and about a person who is on no kept case
(`user_id`, her internal id, and `identifiers`: her former username, e-mail address and name). The
functions run inside the purge's transaction, after the core erasure; they take ids, so this module
knows no app.

Records of a type the purge schedules but does not hold itself (intake reports that never became
cases) are purged by a function the app registers for that record type: it is given the moment
before which such records have had their time (`before`) and whether this is a dry run, and answers
how many records it removed (or would remove).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

CaseEraser = Callable[[int, dt.datetime], None]
PersonEraser = Callable[[int, Sequence[str], dt.datetime], None]
OldRecordPurger = Callable[[dt.datetime, bool], int]

_CASE_ERASERS: list[CaseEraser] = []
_PERSON_ERASERS: list[PersonEraser] = []
_OLD_RECORD_PURGERS: dict[str, OldRecordPurger] = {}


def register_case_eraser(eraser: CaseEraser) -> None:
    if eraser not in _CASE_ERASERS:
        _CASE_ERASERS.append(eraser)


def register_person_eraser(eraser: PersonEraser) -> None:
    if eraser not in _PERSON_ERASERS:
        _PERSON_ERASERS.append(eraser)


def case_erasers() -> list[CaseEraser]:
    return list(_CASE_ERASERS)


def person_erasers() -> list[PersonEraser]:
    return list(_PERSON_ERASERS)


def register_old_record_purger(record_type: str, purger: OldRecordPurger) -> None:
    _OLD_RECORD_PURGERS[record_type] = purger


def old_record_purgers() -> dict[str, OldRecordPurger]:
    return dict(_OLD_RECORD_PURGERS)
