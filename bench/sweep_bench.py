"""The sweep at scale: 1,000,000 tracked deadlines, 1,000 of them overdue (docs/benchmarks.md, "Sweep").

    createdb -h 127.0.0.1 -U postgres casemgr_bench_sweep   # or let the bench create it
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casemgr_bench_sweep \
        .venv/bin/python -m bench.sweep_bench

The database must be one of its own (its name must contain "bench"): the bench migrates it and
empties the case tables. It loads 10,000 tracked deadlines (case stage and dormancy, measure decision
and implementation, sanction compliance) of which 1,000 are overdue, times the sweep that raises the
1,000 flags and the steady sweep that re-checks them, then adds 990,000 deadlines that are not due
and times both again. The sweep reads only the due rows through the partial indexes, so its time
should not grow with the table: the bench fails if the steady or raising sweep over 1,000,000
takes 1 s or more, or more than 1.5 times its time over 10,000.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
import uuid
from collections.abc import Iterable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casemgr.settings.local")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, models  # noqa: E402
from django.db.models import Q, QuerySet  # noqa: E402

from accommodations.models import Measure  # noqa: E402
from accounts.models import Team, User  # noqa: E402
from accounts.roles import StaffRole  # noqa: E402
from accounts.services import do_create_person, do_create_staff  # noqa: E402
from cases.models import Case, CaseAssignment, CaseEvent, Outcome, Sanction, SanctionType  # noqa: E402
from cases.models.case import OPEN_CASE  # noqa: E402
from deadlines.models import DeadlinePolicy  # noqa: E402
from notifications.models import Notification  # noqa: E402
from oversight.models import Flag  # noqa: E402
from oversight.sweep import sweep  # noqa: E402

HKT = ZoneInfo("Asia/Hong_Kong")
NOW = dt.datetime(2025, 6, 2, 9, 0, tzinfo=HKT)
PER_KIND_OVERDUE = 200  # x 5 kinds = 1,000 overdue steps
OVERDUE_CASES = 2 * PER_KIND_OVERDUE  # cases 0..399 carry every overdue step
TYPES = ("class_separation", "tutor_notification", "support_referral", "exam_arrangement")
PEOPLE = 100


def _shares(total: int) -> tuple[int, int, int]:
    """(cases, measures, sanctions) for `total` deadlines: 2 per case, 2 per measure, 1 per sanction."""
    cases, measures = total // 4, total // 5
    return cases, measures, total - 2 * cases - 2 * measures


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def _copy(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """COPY rows (values in the order of `fields`); every other column gets its default, null or ""."""
    given = set(fields)
    rest = [f for f in model._meta.concrete_fields if not f.primary_key and f.attname not in given]
    defaults = [f.get_default() if f.has_default() else (None if f.null else "") for f in rest]
    quote = connection.ops.quote_name
    columns = [quote(str(_field(model, name).column)) for name in fields] + [quote(str(f.column)) for f in rest]
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor:
        raw: Any = cursor.cursor
        with raw.copy(sql) as copy:
            for row in rows:
                copy.write_row([*row, *defaults])


def _due(index: int, *, overdue: bool) -> dt.datetime:
    if overdue:
        return NOW - dt.timedelta(days=1 + index % 30)  # 1 to 30 days late: all three levels
    return NOW + dt.timedelta(days=1 + index % 60, minutes=index % 1440)


class Loader:
    def __init__(self) -> None:
        self.team = Team.objects.get_or_create(name="Bench team")[0]
        policy = DeadlinePolicy.objects.order_by("effective_from").first()
        assert policy is not None, "the migrations seed the default policy"
        self.policy = policy
        self.officer = do_create_staff(
            username="bench.officer", email="o@bench.example", name="O", role=StaffRole.CONDUCT_OFFICER, team=self.team
        )
        do_create_staff(
            username="bench.supervisor",
            email="s@bench.example",
            name="S",
            role=StaffRole.CASE_SUPERVISOR,
            team=self.team,
        )
        do_create_staff(
            username="bench.reviewer", email="r@bench.example", name="R", role=StaffRole.GOVERNANCE_REVIEWER
        )
        self.people = [
            do_create_person(person_id=f"B{n:07d}", email=f"{n}@bench.example", name=f"P{n}", kind="student").pk
            for n in range(PEOPLE)
        ]
        self.apology = SanctionType.objects.get(code="apology")
        self.case_ids: list[int] = []
        self.cases = self.measures = self.sanctions = 0

    def load(self, total: int) -> None:
        """Grow the data to `total` tracked deadlines; the overdue ones are all in the first load."""
        cases, measures, sanctions = _shares(total)
        self._cases(self.cases, cases)
        self._measures(self.measures, measures)
        self._sanctions(self.sanctions, sanctions)
        self.cases, self.measures, self.sanctions = cases, measures, sanctions
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def _cases(self, start: int, end: int) -> None:
        fields = ["public_id", "reference", "received_at", "team_id", "policy_id", "stage"]
        fields += ["stage_entered_at", "last_activity_at", "stage_due_at", "dormant_due_at", "created_at"]
        received = NOW - dt.timedelta(days=90)

        def rows() -> Iterable[Sequence[object]]:
            for i in range(start, end):
                stage_due = _due(i, overdue=i < PER_KIND_OVERDUE)
                dormant_due = _due(i, overdue=PER_KIND_OVERDUE <= i < OVERDUE_CASES)
                yield (
                    uuid.uuid4(),
                    f"BENCH-{i:07d}",
                    received,
                    self.team.pk,
                    self.policy.pk,
                    "investigation",
                    received,
                    received,
                    stage_due,
                    dormant_due,
                    received,
                )

        _copy(Case, fields, rows())
        new_ids = Case.objects.filter(reference__gte=f"BENCH-{start:07d}").order_by("reference")
        self.case_ids += list(new_ids.values_list("pk", flat=True))
        if start == 0:
            CaseAssignment.objects.bulk_create(
                CaseAssignment(case_id=pk, user=self.officer, capacity="officer", assigned_at=received)
                for pk in self.case_ids[:OVERDUE_CASES]
            )

    def _measures(self, start: int, end: int) -> None:
        fields = ["case_id", "code", "type", "requested_at", "requested_by_id", "against_id"]
        fields += ["decision_due_at", "implementation_due_at"]
        requested = NOW - dt.timedelta(days=30)

        def rows() -> Iterable[Sequence[object]]:
            for i in range(start, end):
                case_id = (
                    self.case_ids[i % OVERDUE_CASES] if i < OVERDUE_CASES else self.case_ids[i % len(self.case_ids)]
                )
                decision_due = _due(i, overdue=i < PER_KIND_OVERDUE)
                implementation_due = _due(i, overdue=PER_KIND_OVERDUE <= i < OVERDUE_CASES)
                requester, against = self.people[i % PEOPLE], self.people[(i + 1) % PEOPLE]
                yield (
                    case_id,
                    f"M{i}",
                    TYPES[i % len(TYPES)],
                    requested,
                    requester,
                    against,
                    decision_due,
                    implementation_due,
                )

        _copy(Measure, fields, rows())

    def _sanctions(self, start: int, end: int) -> None:
        decided = NOW - dt.timedelta(days=60)
        outcomes = Outcome.objects.bulk_create(
            (
                Outcome(case_id=self.case_ids[i % len(self.case_ids)], decided_at=decided, decided_by=self.officer)
                for i in range(start, end)
            ),
            batch_size=5000,
        )
        fields = ["outcome_id", "type_id", "due_at"]
        rows = (
            (o.pk, self.apology.pk, _due(start + n, overdue=start + n < PER_KIND_OVERDUE))
            for n, o in enumerate(outcomes)
        )
        _copy(Sanction, fields, rows)


def _reset_flags() -> None:
    Notification.objects.all().delete()
    CaseEvent.objects.filter(type="system").delete()
    Flag.objects.all().delete()


def _timed(now: dt.datetime) -> tuple[float, Any]:
    started = time.perf_counter()
    result = sweep(now)
    return time.perf_counter() - started, result


def measure(repeats: int) -> dict[str, float]:
    """Median seconds of the sweep that raises the 1,000 flags and of the steady sweep after it."""
    raising, steady = [], []
    for _ in range(repeats):
        _reset_flags()
        seconds, result = _timed(NOW)
        assert result.raised == 5 * PER_KIND_OVERDUE, result
        raising.append(seconds)
        for minute in range(1, 4):
            seconds, result = _timed(NOW + dt.timedelta(minutes=minute))
            assert (result.raised, result.closed, result.open) == (0, 0, 5 * PER_KIND_OVERDUE), result
            steady.append(seconds)
    return {"raise": statistics.median(raising), "steady": statistics.median(steady)}


def plans() -> list[str]:
    """The plans of the due-row queries, to show each reads its partial index."""
    queries: list[QuerySet[Any]] = [
        Case.objects.filter(Q(stage_due_at__isnull=False) & OPEN_CASE, stage_due_at__lt=NOW),
        Measure.objects.filter(decision_due_at__isnull=False, decision_due_at__lt=NOW),
        Sanction.objects.filter(due_at__isnull=False, complied_at__isnull=True, due_at__lt=NOW),
        Flag.objects.filter(closed_at__isnull=True),
    ]
    scans = []
    for query in queries:
        lines = query.only("pk").order_by().explain().splitlines()
        scans.append(next((line.strip(" ->") for line in lines if "Index" in line or "Seq Scan" in line), lines[0]))
    return scans


def prepare_database() -> None:
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "postgresql" or "bench" not in name:
        sys.exit("Give DATABASE_URL a PostgreSQL database of its own whose name contains 'bench'.")
    try:
        connection.ensure_connection()
    except Exception:
        import psycopg

        settings = connection.settings_dict
        admin = psycopg.connect(
            host=settings["HOST"] or "127.0.0.1",
            port=settings["PORT"] or 5432,
            user=settings["USER"],
            password=settings["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        )
        admin.execute(f'CREATE DATABASE "{name}"')
        admin.close()
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE notifications_notification, oversight_flag, cases_caseevent, cases_sanction, cases_outcome, "
            "accommodations_measure, cases_caseassignment, cases_case CASCADE"
        )
    User.objects.filter(username__startswith="B").delete()
    User.objects.filter(username__startswith="bench.").delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=10_000, help="tracked deadlines in the first run")
    parser.add_argument("--large", type=int, default=1_000_000, help="tracked deadlines in the second run")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    prepare_database()
    loader = Loader()
    results = {}
    for total in (args.small, args.large):
        started = time.perf_counter()
        loader.load(total)
        print(f"loaded {total:,} tracked deadlines in {time.perf_counter() - started:.1f} s", flush=True)
        results[total] = measure(args.repeats)
        print(
            f"  sweep raising 1,000 flags: {results[total]['raise'] * 1000:.0f} ms; "
            f"steady sweep: {results[total]['steady'] * 1000:.0f} ms",
            flush=True,
        )
    for line in plans():
        print("  plan:", line)
    small, large = results[args.small], results[args.large]
    failures = []
    for kind in ("raise", "steady"):
        ratio = large[kind] / small[kind]
        print(
            f"{kind}: {large[kind] * 1000:.0f} ms over {args.large:,} vs {small[kind] * 1000:.0f} ms over "
            f"{args.small:,} (x{ratio:.2f})"
        )
        if large[kind] >= 1.0 or ratio > 1.5:
            failures.append(kind)
    _reset_flags()
    if failures:
        sys.exit(f"too slow: {', '.join(failures)}")


if __name__ == "__main__":
    main()
