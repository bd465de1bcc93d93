"""The governance reports at scale: 100,000 cases with 1,000,000 events (docs/benchmarks.md, "Reports").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casemgr_bench_reports \
        .venv/bin/python -m bench.reports_bench

The database must be one of its own (its name must contain "bench"): the bench creates it if
missing, migrates it, empties the case tables and loads, with COPY, 100,000 cases received over an
academic year with 1,000,000 events between them (stage moves, notes, meetings, messages), 50,000
interim measures (40% class separations between students who share tutorials), 30,000 outcomes with
their sanctions and conditions, and a timetable of 2,000 tutorial groups. It then times every report
the reviewer's pages and `report --json` run, and one chronology, and fails if any takes 2 s or more.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casemgr.settings.local")
django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, models  # noqa: E402

from accommodations.models import Measure  # noqa: E402
from accounts.models import Team, User  # noqa: E402
from cases.models import Allegation, Case, CaseEvent, Outcome, Sanction, SanctionType  # noqa: E402
from deadlines.models import DeadlinePolicy  # noqa: E402
from reports.chronology import chronology, chronology_record  # noqa: E402
from reports.derived import rebuild_all, rebuild_for_cases  # noqa: E402
from reports.report_json import report_document  # noqa: E402
from reports.selectors import outcome_figures, period_figures, team_figures  # noqa: E402
from timetable.models import Enrollment, Session, TeachingGroup  # noqa: E402

HKT = ZoneInfo("Asia/Hong_Kong")
FIRST = dt.date(2024, 9, 1)
LAST = dt.date(2025, 8, 31)
NOW = dt.datetime(2025, 10, 15, 9, 0, tzinfo=HKT)
STUDENTS = 20_000
GROUPS = 2_000
WEEKS = 30
STAGE_PATHS = [
    ["preliminary_assessment"],
    ["preliminary_assessment", "investigation"],
    ["preliminary_assessment", "investigation", "decided", "closed"],
    ["investigation", "referred_to_committee", "hearing", "decided"],
    ["withdrawn"],
]
OTHER_TYPES = ["note", "meeting", "message", "decision", "change"]
MEASURE_TYPES = [
    "class_separation",
    "class_separation",
    "no_contact_directive",
    "tutor_notification",
    "support_referral",
]
LIMIT_SECONDS = 2.0


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


def empty_tables() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE notifications_notification, oversight_flag, cases_caseevent, cases_sanction, cases_outcome, "
            "accommodations_measure, cases_caseassignment, cases_party, cases_allegation, cases_case, "
            "timetable_session, timetable_enrollment, timetable_teachinggroup CASCADE"
        )
    User.objects.filter(username__startswith="RB").delete()
    User.objects.filter(username="bench.officer").delete()


def load(seed: int, cases: int, events: int) -> None:
    rng = random.Random(seed)  # nosec B311  # reproducible synthetic data, not a secret
    team_a = Team.objects.get_or_create(name="Bench team A")[0]
    team_b = Team.objects.get_or_create(name="Bench team B")[0]
    policy = DeadlinePolicy.objects.order_by("effective_from").first()
    assert policy is not None, "the migrations seed the default policy"
    officer = User.objects.create(username="bench.officer", password=make_password(None))
    unusable = make_password(None)
    _copy(
        User,
        ["username", "password", "display_name", "person_kind", "email", "is_active", "date_joined"],
        ((f"RB{n:07d}", unusable, f"P{n}", "student", "", True, NOW) for n in range(STUDENTS)),
    )
    students = dict(User.objects.filter(username__startswith="RB").values_list("username", "pk"))
    usernames = sorted(students)

    # Timetable: 2,000 tutorial groups meeting weekly; every student in 5 of them.
    _copy(TeachingGroup, ["course_code", "group"], ((f"ZRB{g // 4:04d}", f"T{g % 4}") for g in range(GROUPS)))
    groups = list(TeachingGroup.objects.filter(course_code__startswith="ZRB").values_list("pk", flat=True))
    start = dt.datetime(2024, 9, 2, 10, 30, tzinfo=HKT)
    _copy(
        Session,
        ["group_id", "starts_at", "ends_at", "location"],
        (
            (g, start + dt.timedelta(weeks=w, hours=i % 8), start + dt.timedelta(weeks=w, hours=i % 8, minutes=50), "")
            for i, g in enumerate(groups)
            for w in range(2 * WEEKS)
        ),
    )
    _copy(
        Enrollment,
        ["student_id", "group_id"],
        ((name, groups[(n * 7 + k * 331) % GROUPS]) for n, name in enumerate(usernames) for k in range(5)),
    )

    span = (LAST - FIRST).days + 1
    received = [
        dt.datetime.combine(FIRST, dt.time(9), tzinfo=HKT)
        + dt.timedelta(days=rng.randrange(span), minutes=rng.randrange(600))
        for _ in range(cases)
    ]
    case_fields = ["public_id", "reference", "received_at", "team_id", "policy_id", "stage"]
    case_fields += ["stage_entered_at", "last_activity_at", "created_at"]
    _copy(
        Case,
        case_fields,
        (
            (uuid.uuid4(), f"RB-{i:07d}", at, (team_a, team_b)[i % 2].pk, policy.pk, "received", at, at, NOW)
            for i, at in enumerate(received)
        ),
    )
    case_ids = list(Case.objects.filter(reference__startswith="RB-").order_by("reference").values_list("pk", flat=True))
    _copy(
        Allegation,
        ["case_id", "conduct", "synthetic", "description", "position"],
        ((pk, rng.choice(["creation", "distribution", "possession"]), True, "", 0) for pk in case_ids),
    )

    # Events: each case gets its stage path, then notes and messages until 1,000,000 in all.
    per_case = events // cases
    stages: dict[int, tuple[str, dt.datetime]] = {}

    def event_rows() -> Iterable[Sequence[object]]:
        for pk, at in zip(case_ids, received, strict=True):
            clock = at
            path = rng.choice(STAGE_PATHS)
            kinds = ["stage"] * len(path) + [rng.choice(OTHER_TYPES) for _ in range(per_case - len(path))]
            rng.shuffle(kinds)
            next_stage = iter(path)
            for kind in kinds:
                # Mostly a few days apart; one gap in ten is long enough to make the case dormant.
                clock += dt.timedelta(days=rng.choice([1, 2, 3, 5, 8, 30]), hours=rng.randrange(8))
                if kind == "stage":
                    stage = next(next_stage)
                    stages[pk] = (stage, clock)
                    yield (pk, clock, officer.pk, "stage", stage, "", "{}", NOW)
                else:
                    yield (pk, clock, officer.pk, kind, "", "Bench text.", "{}", NOW)

    event_fields = ["case_id", "at", "actor_id", "type", "stage_to", "text", "detail", "recorded_at"]
    _copy(CaseEvent, event_fields, event_rows())
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_case c SET stage = v.stage, stage_entered_at = v.at FROM unnest(%s::bigint[], %s::text[], "
            "%s::timestamptz[]) AS v(id, stage, at) WHERE c.id = v.id",
            [list(stages), [s for s, _ in stages.values()], [a for _, a in stages.values()]],
        )

    # Measures: half the cases ask for one; decided and implemented at random, some never.
    def measure_rows() -> Iterable[Sequence[object]]:
        for pk, at in zip(case_ids[::2], received[::2], strict=True):
            requested = at + dt.timedelta(hours=rng.randrange(72))
            kind = rng.choice(MEASURE_TYPES)
            decided = requested + dt.timedelta(days=rng.randrange(8)) if rng.random() < 0.85 else None
            decision = ("approved" if rng.random() < 0.8 else "declined") if decided else ""
            implemented = decided + dt.timedelta(days=rng.randrange(10)) if decided and decision == "approved" else None
            a, b = rng.randrange(STUDENTS), rng.randrange(STUDENTS)
            days = (2, 5) if kind in ("class_separation", "no_contact_directive") else (5, 10)
            due_decision = requested + dt.timedelta(days=days[0] + 2)
            due_implementation = requested + dt.timedelta(days=days[1] + 2)
            yield (
                pk,
                "M1",
                kind,
                requested,
                students[usernames[a]],
                students[usernames[b]],
                decision,
                decided,
                implemented,
                due_decision if decided is None else None,
                due_implementation if implemented is None and decision != "declined" else None,
                due_decision if decided is not None else None,
                due_implementation if implemented is not None else None,
            )

    _copy(
        Measure,
        [
            "case_id",
            "code",
            "type",
            "requested_at",
            "requested_by_id",
            "against_id",
            "decision",
            "decided_at",
            "implemented_at",
            "decision_due_at",
            "implementation_due_at",
            "decision_due_at_completion",
            "implementation_due_at_completion",
        ],
        measure_rows(),
    )

    # Outcomes for the decided cases (about 30,000), a statutory sanction or an informal step.
    decided_cases = [(pk, at) for pk, (stage, at) in stages.items() if stage in ("decided", "closed")]
    outcomes = Outcome.objects.bulk_create(
        (Outcome(case_id=pk, decided_at=at, decided_by=officer) for pk, at in decided_cases), batch_size=5000
    )
    types = dict(SanctionType.objects.values_list("code", "pk"))

    def sanction_rows() -> Iterable[Sequence[object]]:
        for outcome in outcomes:
            code = rng.choice(["suspension", "reprimand", "warning_letter", "no_further_action"])
            yield (outcome.pk, types[code], None, None, 6 if code == "suspension" else None, 0)
            if rng.random() < 0.5:
                due = outcome.decided_at + dt.timedelta(days=14)
                complied = due + dt.timedelta(days=rng.randrange(-10, 20)) if rng.random() < 0.7 else None
                yield (outcome.pk, types["apology"], due, complied, None, 1)

    _copy(Sanction, ["outcome_id", "type_id", "due_at", "complied_at", "months", "position"], sanction_rows())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(run: Callable[[], Any], repeats: int) -> float:
    seconds = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--keep", action="store_true", help="keep the loaded data (skip loading next time)")
    args = parser.parse_args()
    prepare_database()
    if not (args.keep and Case.objects.filter(reference__startswith="RB-").exists()):
        empty_tables()
        started = time.perf_counter()
        load(args.seed, args.cases, args.events)
        print(f"loaded {args.cases:,} cases and {args.events:,} events in {time.perf_counter() - started:.1f} s")
    print(
        f"cases {Case.objects.count():,}, events {CaseEvent.objects.count():,}, measures {Measure.objects.count():,}, "
        f"outcomes {Outcome.objects.count():,}",
        flush=True,
    )
    print(f"load average {os.getloadavg()[0]:.2f}", flush=True)
    report_document(first=FIRST, last=LAST, as_of=NOW, derived=False)  # builds the working-day table once
    started = time.perf_counter()
    rebuild_all()
    print(f"building the report rows of every case (rebuild_all): {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    hundred = Case.objects.filter(reference__startswith="RB-").order_by("pk").values_list("pk", flat=True)[:100]
    rebuild_for_cases(list(hundred))
    print(f"rebuilding 100 cases (rebuild_for_cases): {(time.perf_counter() - started) * 1000:.0f} ms", flush=True)
    one_case = Case.objects.filter(reference="RB-0000002").get()
    runs: dict[str, Callable[[], Any]] = {
        "report --json, the whole year, from the events (derived=False, as before)": lambda: report_document(
            first=FIRST, last=LAST, as_of=NOW, derived=False
        ),
        f"report --json, the whole year ({Case.objects.count():,} cases)": lambda: report_document(
            first=FIRST, last=LAST, as_of=NOW
        ),
        "report --json, one month": lambda: report_document(
            first=dt.date(2025, 3, 1), last=dt.date(2025, 3, 31), as_of=NOW
        ),
        "timeliness page: the year by month": lambda: period_figures(first=FIRST, last=LAST, as_of=NOW),
        "timeliness page: the year by team": lambda: team_figures(first=FIRST, last=LAST, as_of=NOW),
        "outcomes page: the year by allegation": lambda: outcome_figures(first=FIRST, last=LAST, as_of=NOW),
        "chronology of one case": lambda: chronology_record(chronology(one_case, as_of=NOW)),
    }
    failures = []
    for name, run in runs.items():
        seconds = timed(run, args.repeats)
        print(f"{name}: {seconds * 1000:.0f} ms", flush=True)
        if seconds >= LIMIT_SECONDS and "derived=False" not in name:
            failures.append(name)
    print(f"load average {os.getloadavg()[0]:.2f}", flush=True)
    if failures:
        sys.exit(f"{LIMIT_SECONDS:.0f} s or more: {'; '.join(failures)}")


if __name__ == "__main__":
    main()
