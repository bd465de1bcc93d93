"""The purge: the retention schedule applied as of `now` (casemgr/1, Retention; PDPO DPP2).

`purge(now=...)` is what `manage.py purge` and the nightly task run. A closed or withdrawn case whose
period has ended and that is not on legal hold keeps what statistics need (reference, dates, stages,
measure types and dates, deadlines, sanction types) and loses everything else: its texts, its evidence
(crypto-shredded), its messages and notifications, and its parties' links to people. Each party is
re-pointed to an anonymous placeholder account, so the roles and dates the reports count stay. A person
who is then on no case loses her name, e-mail address and id, her account is disabled, and what else
holds her (sign-ins, sessions, second factor, enrolments, notifications) goes. The trail keeps people
and cases by internal id only; its free text about them is erased (audit.redaction), so it still
verifies. Every purge writes a PurgeRecord and an audit row, neither with personal data.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.db.models import ForeignKey, Model, Q
from django_otp.plugins.otp_totp.models import TOTPDevice
from guardian.models import UserObjectPermission

from accommodations.models import DeadlineAdjustment, Measure
from accounts.models import AccountLink, User
from audit.actions import audited, record_action
from audit.context import process_origin
from audit.redaction import do_redact_case_entries, do_redact_person_entries
from casemgr.erasure import case_erasers, old_record_purgers, person_erasers
from casemgr.vocabulary import FINAL_STAGES
from cases.models import (
    Allegation,
    Appeal,
    Case,
    CaseEvent,
    CasePause,
    ComplainantRequest,
    ExternalProceeding,
    Outcome,
    Party,
    RequestDecision,
    Sanction,
)
from cases.models.case import CaseUserObjectPermission
from evidence.models import Evidence
from notifications.models import Notification, NotificationPreference
from privacy.models import DataRequest, LegalHold, PurgeRecord, RecordType, RetentionRule, RetentionSchedule
from privacy.retention import NoSchedule, add_months, closed_at_by_case, expires, rule_for, schedule_in_force
from privacy.shredding import shred_evidence
from timetable.models import Enrollment

PURGE_ACTION = "privacy.purge"


@dataclass(frozen=True)
class PurgeItem:
    record_type: str
    reference: str  # the case's reference, or "" for records that belong to no case
    count: int
    rule: str  # e.g. "cases: 84 months after case_closed (Default)"


@dataclass
class PurgeResult:
    now: dt.datetime
    dry_run: bool
    items: list[PurgeItem] = field(default_factory=list)
    people_anonymised: int = 0


def _rule_text(rule: RetentionRule, schedule: RetentionSchedule) -> str:
    return f"{rule.record_type}: {rule.months} months after {rule.counted_from} ({schedule.name})"


def _held_case_ids() -> set[int]:
    return set(LegalHold.objects.filter(lifted_at__isnull=True).values_list("case_id", flat=True))


def _purged(record_type: RecordType) -> set[int]:
    return set(
        PurgeRecord.objects.filter(record_type=record_type, case__isnull=False).values_list("case_id", flat=True)
    )


def cases_due(now: dt.datetime, rule: RetentionRule, *, record_type: RecordType) -> list[Case]:
    """Closed or withdrawn cases whose period under `rule` ended by `now`, not on hold, not yet purged
    (for evidence: not yet purged as a case either)."""
    done = _purged(record_type) | _purged(RecordType.CASES)
    candidates = list(
        Case.objects.filter(stage__in=sorted(str(s) for s in FINAL_STAGES))
        .exclude(pk__in=done | _held_case_ids())
        # What choosing and purging them reads: tens of thousands of whole rows took seconds to load.
        .only("pk", "reference", "stage", "stage_entered_at")
        .order_by("reference")
    )
    closed = closed_at_by_case(candidates)
    due = [c for c in candidates if expires(closed[c.pk], rule) <= now]
    if record_type == RecordType.EVIDENCE:
        with_files = set(Evidence.objects.filter(case__in=due).exclude(key_id="").values_list("case_id", flat=True))
        due = [c for c in due if c.pk in with_files]
    return due


def purge(*, now: dt.datetime, dry_run: bool = False) -> PurgeResult:
    """Apply the schedule in force at `now`. With `dry_run`, say what would go and change nothing.
    Running it again at the same `now` purges nothing new. Raises NoSchedule if no schedule is in force."""
    schedule = schedule_in_force(now)
    result = PurgeResult(now=now, dry_run=dry_run)
    case_rule = rule_for(schedule, RecordType.CASES)
    purged_now: set[int] = set()
    if case_rule is not None:
        due = cases_due(now, case_rule, record_type=RecordType.CASES)
        purged_now = {case.pk for case in due}
        text = _rule_text(case_rule, schedule)
        result.items += [PurgeItem(RecordType.CASES.value, case.reference, 1, text) for case in due]
        if not dry_run:
            result.people_anonymised = purge_cases(due, now=now, rule=case_rule)
    evidence_rule = rule_for(schedule, RecordType.EVIDENCE)
    if evidence_rule is not None:
        for case in cases_due(now, evidence_rule, record_type=RecordType.EVIDENCE):
            if case.pk in purged_now:
                continue  # its evidence went with it (or, in a dry run, would)
            files = Evidence.objects.filter(case=case).exclude(key_id="")
            count = files.count()
            result.items.append(
                PurgeItem(RecordType.EVIDENCE.value, case.reference, count, _rule_text(evidence_rule, schedule))
            )
            if not dry_run:
                _purge_evidence(case, now=now, rule=evidence_rule)
    for record_type, purge_old in (
        (RecordType.SIGN_IN_RECORDS, _old_sign_ins),
        (RecordType.NOTIFICATIONS, _old_notifications),
    ):
        rule = rule_for(schedule, record_type)
        if rule is None:
            continue
        count = purge_old(now, rule, dry_run=dry_run)
        if count:
            result.items.append(PurgeItem(record_type.value, "", count, _rule_text(rule, schedule)))
    for type_code, purger in sorted(old_record_purgers().items()):
        rule = rule_for(schedule, RecordType(type_code))
        if rule is None:
            continue
        with transaction.atomic():
            count = purger(add_months(now, -rule.months), dry_run)
            if count and not dry_run:
                _record(None, rule, now=now, count=count)
        if count:
            result.items.append(PurgeItem(type_code, "", count, _rule_text(rule, schedule)))
    return result


# Cases purged in one transaction: each statement of the purge then runs once for a batch of them, not
# once per case and person. A first purge of years of imported cases has tens of thousands to do
# (docs/benchmarks.md, "Scale").
CASES_PER_BATCH = 100


def purge_cases(cases: Iterable[Case], *, now: dt.datetime, rule: RetentionRule) -> int:
    """Purge `cases` (due under `rule`: `cases_due`), CASES_PER_BATCH to a transaction, in their order;
    returns how many people lost their identity with them."""
    chosen = list(cases)
    sessions = _SessionsByUser()
    staff_ids = set(User.objects.filter(groups__isnull=False, person_kind="").values_list("pk", flat=True))
    return sum(
        _purge_batch(chosen[start : start + CASES_PER_BATCH], now=now, rule=rule, sessions=sessions, staff=staff_ids)
        for start in range(0, len(chosen), CASES_PER_BATCH)
    )


def _record(case: Case | None, rule: RetentionRule, *, now: dt.datetime, count: int) -> None:
    PurgeRecord.objects.create(
        case=case,
        record_type=rule.record_type,
        reference=case.reference if case is not None else "",
        at=now,
        schedule=rule.schedule,
        months=rule.months,
        counted_from=rule.counted_from,
        count=count,
    )
    record_action(
        PURGE_ACTION,
        actor=None,
        at=now,
        case_id=case.pk if case is not None else None,
        detail={"record_type": rule.record_type, "rule": rule.pk, "schedule": rule.schedule_id, "count": count},
    )


@audited
def _purge_evidence(case: Case, *, now: dt.datetime, rule: RetentionRule) -> None:
    count = shred_evidence(Evidence.objects.filter(case=case))
    _record(case, rule, now=now, count=count)


def _stand_in(kind: str) -> User:
    """An anonymous account (unsaved) to take a purged person's place on one case."""
    user = User(username=f"purged-{secrets.token_hex(8)}", person_kind=kind or "person", is_active=False)
    user.set_unusable_password()
    return user


@audited
def _purge_batch(
    batch: list[Case], *, now: dt.datetime, rule: RetentionRule, sessions: _SessionsByUser, staff: set[int]
) -> int:
    """Purge the cases of `batch`; returns how many people lost their identity with them."""
    ids = list(Case.objects.select_for_update().filter(pk__in=[c.pk for c in batch]).values_list("pk", flat=True))
    locked = set(ids)
    cases = [c for c in batch if c.pk in locked]
    # The people each case names (its parties; the non-staff people its measures name), each given a
    # stand-in of her own on each case, so that two purged cases cannot be linked through one.
    people: dict[int, User] = {}
    named: set[tuple[int, int]] = set()
    for party in Party.objects.filter(case_id__in=ids).select_related("person"):
        people.setdefault(party.person_id, party.person)
        named.add((party.case_id, party.person_id))
    for measure in Measure.objects.filter(case_id__in=ids).select_related("requested_by", "against"):
        for user in (measure.requested_by, measure.against):
            if user is not None and user.pk not in staff:
                people.setdefault(user.pk, user)
                named.add((measure.case_id, user.pk))
    stand_ins = {key: _stand_in(people[key[1]].person_kind) for key in sorted(named)}
    User.objects.bulk_create(stand_ins.values())
    _repoint(stand_ins)
    _erase_case_texts(ids)
    shred_evidence(Evidence.objects.filter(case_id__in=ids))
    # Messages and notifications about the cases (a tutor's address included).
    Notification.objects.filter(case_id__in=ids).delete()
    CaseUserObjectPermission.objects.filter(content_object_id__in=ids, user_id__in=list(people)).delete()
    for case in cases:
        for erase_case in case_erasers():
            erase_case(case.pk, now)
        _record(case, rule, now=now, count=1)
        do_redact_case_entries(case.pk, at=now)
    held = _still_held(people)
    gone = [user for pk, user in people.items() if pk not in held]
    _anonymise(gone, now=now, sessions=sessions)
    return len(gone)


# Where a purged case names a person: each of these columns is re-pointed to her stand-in on that case.
_PERSON_COLUMNS: tuple[tuple[type[Model], str], ...] = (
    (Party, "person"),
    (Measure, "requested_by"),
    (Measure, "against"),
    (Measure, "recorded_by"),
    (CaseEvent, "actor"),
    (Evidence, "uploaded_by"),
)


def _repoint(stand_ins: dict[tuple[int, int], User]) -> None:
    """Each column of _PERSON_COLUMNS, from each person to her stand-in on the row's case: one UPDATE per
    column for the whole batch, joined to the (case, person, stand-in) rows. Written out: the ORM's
    CASE of a WHEN per person built slower than the database ran it (0.8 s a batch)."""
    if not stand_ins:
        return
    rows = [(case_id, pk, user.pk) for (case_id, pk), user in stand_ins.items()]
    params = [value for row in rows for value in row]
    values = ", ".join(["(%s, %s, %s)"] * len(rows))
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, column in _PERSON_COLUMNS:
            table, person, case = qn(model._meta.db_table), qn(_column(model, column)), qn(_column(model, "case"))
            # Names from the models' metadata; every value is a bound parameter.
            cursor.execute(
                f"WITH m (case_id, person_id, stand_in) AS (VALUES {values}) "  # noqa: S608  # nosec B608
                f"UPDATE {table} SET {person} = m.stand_in FROM m "
                f"WHERE {table}.{case} = m.case_id AND {table}.{person} = m.person_id",
                params,
            )


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, ForeignKey)
    return field.column


def _erase_case_texts(ids: list[int]) -> None:
    Case.objects.filter(pk__in=ids).update(summary="")
    Allegation.objects.filter(case_id__in=ids).update(description="")
    CaseEvent.objects.filter(case_id__in=ids).update(text="")
    Outcome.objects.filter(case_id__in=ids).update(reasons="")
    Sanction.objects.filter(outcome__case_id__in=ids).update(courses="")
    Appeal.objects.filter(outcome__case_id__in=ids).update(grounds="")
    ComplainantRequest.objects.filter(case_id__in=ids).update(details="")
    RequestDecision.objects.filter(request__case_id__in=ids).update(reasons="")
    CasePause.objects.filter(case_id__in=ids).update(reason="")
    ExternalProceeding.objects.filter(case_id__in=ids).update(reference_number="")
    Measure.objects.filter(case_id__in=ids).update(
        details="",
        decision_reasons="",
        implementation_note="",
        review_note="",
        lift_reason="",
        tutor_name="",
        tutor_email="",
        tutor_instruction="",
    )
    DeadlineAdjustment.objects.filter(measure__case_id__in=ids).update(reason="")
    LegalHold.objects.filter(case_id__in=ids).update(reason="")


def _still_held(people: dict[int, User]) -> set[int]:
    """Those of `people` still on a case that is kept (as a party, or named by a measure)."""
    pks = list(people)
    held = set(Party.objects.filter(person_id__in=pks).values_list("person_id", flat=True))
    for column in ("requested_by_id", "against_id", "recorded_by_id"):
        held |= set(Measure.objects.filter(**{f"{column}__in": pks}).values_list(column, flat=True))
    return held


def _anonymise(users: list[User], *, now: dt.datetime, sessions: _SessionsByUser) -> None:
    """Take every trace of `users`, who are on no kept case, and disable their accounts."""
    if not users:
        return
    pks = [user.pk for user in users]
    usernames = [user.username for user in users]
    Enrollment.objects.filter(student_id__in=usernames).delete()
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__in=usernames).delete()
    Session.objects.filter(pk__in=[key for user in users for key in sessions.of(user)]).delete()
    TOTPDevice.objects.filter(user_id__in=pks).delete()
    AccountLink.objects.filter(user_id__in=pks).delete()
    NotificationPreference.objects.filter(user_id__in=pks).delete()
    Notification.objects.filter(recipient_id__in=pks).delete()
    UserObjectPermission.objects.filter(user_id__in=pks).delete()
    CaseUserObjectPermission.objects.filter(user_id__in=pks).delete()
    DataRequest.objects.filter(person_id__in=pks).update(
        identity_check="", details="", extension_reason="", decision_reason="", released_note=""
    )
    traces = {
        user.pk: [v for v in (user.username, user.email, user.display_name, user.get_full_name()) if v]
        for user in users
    }
    _delete_admin_log(traces)
    for user in users:
        for erase_person in person_erasers():
            erase_person(user.pk, traces[user.pk], now)
        user.username = f"purged-{secrets.token_hex(8)}"
        user.email = user.display_name = user.first_name = user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
    User.objects.bulk_update(
        users, ["username", "email", "display_name", "first_name", "last_name", "is_active", "password"]
    )
    User.groups.through.objects.filter(user_id__in=pks).delete()
    for user in users:
        do_redact_person_entries(user.pk, at=now)


class _SessionsByUser:
    """Whose each stored session is. Sessions are keyed by a random id and hold the user's pk in their
    signed data, so finding a person's means decoding every one: done once per purge, on first use, not
    once per person anonymised (4.7 ms each with 56 sessions stored, and growing with them). A session
    begun later is no threat: the account it would belong to can no longer sign in."""

    def __init__(self) -> None:
        self._keys: dict[str, list[str]] | None = None

    def of(self, user: User) -> list[str]:
        if self._keys is None:
            self._keys = {}
            for session in Session.objects.iterator():
                owner = str(session.get_decoded().get("_auth_user_id"))
                self._keys.setdefault(owner, []).append(session.pk)
        return self._keys.pop(str(user.pk), [])


def _delete_admin_log(traces: dict[int, list[str]]) -> None:
    """The admin's log entries about these people (by user id, with what would name each): one statement."""
    condition = Q(content_type=ContentType.objects.get_for_model(User), object_id__in=[str(pk) for pk in traces])
    for trace in {trace for named in traces.values() for trace in named}:
        condition |= Q(object_repr__icontains=trace) | Q(change_message__icontains=trace)
    LogEntry.objects.filter(condition).delete()


def _old_sign_ins(now: dt.datetime, rule: RetentionRule, *, dry_run: bool) -> int:
    before = add_months(now, -rule.months)
    rows = [m.objects.filter(attempt_time__lt=before) for m in (AccessLog, AccessFailureLog, AccessAttempt)]
    count = int(sum(r.count() for r in rows))
    if count and not dry_run:
        with transaction.atomic():
            for r in rows:
                r.delete()
            _record(None, rule, now=now, count=count)
    return count


def _old_notifications(now: dt.datetime, rule: RetentionRule, *, dry_run: bool) -> int:
    before = add_months(now, -rule.months)
    # Only messages that are finished with: sent, or given up on.
    rows = Notification.objects.filter(created_at__lt=before).filter(
        Q(sent_at__isnull=False) | Q(next_attempt_at__isnull=True)
    )
    count = rows.count()
    if count and not dry_run:
        with transaction.atomic():
            rows.delete()
            _record(None, rule, now=now, count=count)
    return count


def run_purge(*, now: dt.datetime, dry_run: bool = False, origin: str) -> PurgeResult:
    """`purge` with the trail's rows marked as coming from `origin` ("command:purge", "worker:purge")."""
    with process_origin(origin):
        return purge(now=now, dry_run=dry_run)


__all__ = ["NoSchedule", "PurgeItem", "PurgeResult", "cases_due", "purge", "purge_cases", "run_purge"]
