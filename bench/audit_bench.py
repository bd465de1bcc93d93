"""Audit rows of case-page reads at 8 concurrent readers (docs/benchmarks.md, "Audit").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casemgr_bench_audit \\
        .venv/bin/python -m bench.audit_bench [--views 400] [--held-views 50] [--hold 1]

Every case page and API read of a case writes one `case.view` row (`audit.reads.record_case_view`), in
a transaction of its own. The bench runs that write as the page does, from 1 and then 8 reader
processes (each its own connection, as gunicorn's workers have), and then from 8 readers while a ninth
process runs long actions: transactions that write their row first and then take `--hold` seconds to
finish, as an import or a sweep does. It prints the rate of writes and each write's latency.

The database must be one of its own (its name must contain "bench"): the bench creates it if
missing, migrates it, and empties the audit tables before and after. It runs on any version of the
audit app that has `record_case_view` and `verify_chain`, so that the same command measures before and
after a change.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import statistics
import sys
import time
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casemgr.settings.local")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.roles import StaffRole  # noqa: E402
from accounts.services import do_create_staff  # noqa: E402
from audit.log import record  # noqa: E402
from audit.reads import record_case_view  # noqa: E402
from audit.verify import verify_chain  # noqa: E402

AT = dt.datetime(2025, 3, 20, 2, 0, tzinfo=dt.UTC)
AUDIT_TABLES = ("audit_auditentrycase", "audit_auditentry")


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
    empty_the_trail()


def empty_the_trail() -> None:
    # The trail refuses TRUNCATE unless the connection says so (audit/migrations/0007); this database
    # holds bench rows only.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('casemgr.audit_allow_truncate', 'on', true)")
        present = [table for table in AUDIT_TABLES if _exists(cursor, table)]
        cursor.execute(f"TRUNCATE {', '.join(present)}")


def _exists(cursor: Any, table: str) -> bool:
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [table])
    return bool(cursor.fetchone()[0])


def reader_user() -> User:
    existing = User.objects.filter(username="bench.reader").first()
    if existing is not None:
        return existing
    return do_create_staff(username="bench.reader", email="", name="Bench reader", role=StaffRole.CONDUCT_OFFICER)


def _reader(user_id: int, views: int, start: Any, results: Any) -> None:
    connections.close_all()  # a connection of its own, not the parent's
    user = User.objects.get(pk=user_id)
    latencies = []
    start.wait()
    for n in range(views):
        began = time.perf_counter()
        record_case_view(user, case_id=1 + n % 50, page="case_page", at=AT)
        latencies.append(time.perf_counter() - began)
    results.put(latencies)
    connections.close_all()


def _long_actions(hold: float, stop: Any, start: Any, counted: Any) -> None:
    connections.close_all()
    start.wait()
    actions = 0
    while not stop.is_set():
        with transaction.atomic():
            record("timetable.import", actor=None, at=AT)
            stop.wait(hold)  # the rest of the action's work, its row already written
        actions += 1
    counted.put(actions)
    connections.close_all()


def run(readers: int, views: int, *, hold: float | None) -> dict[str, float]:
    user_id = reader_user().pk
    connections.close_all()
    context = multiprocessing.get_context("fork")
    start, stop, results, counted = context.Event(), context.Event(), context.Queue(), context.Queue()
    workers = [context.Process(target=_reader, args=(user_id, views, start, results)) for _ in range(readers)]
    holder = context.Process(target=_long_actions, args=(hold, stop, start, counted)) if hold else None
    for process in [*workers, *([holder] if holder else [])]:
        process.start()
    began = time.perf_counter()
    start.set()
    latencies = [latency for _ in workers for latency in results.get(timeout=600)]
    elapsed = time.perf_counter() - began
    stop.set()
    for process in workers:
        process.join()
    if holder is not None:
        counted.get(timeout=600)
        holder.join()
    latencies.sort()
    return {
        "rate": len(latencies) / elapsed,
        "median": statistics.median(latencies),
        "p95": latencies[int(0.95 * (len(latencies) - 1))],
        "max": latencies[-1],
    }


def plans() -> list[str]:
    """How each read of one case-page write is planned (it must not scan the trail)."""
    with CaptureQueriesContext(connection) as captured:
        record_case_view(reader_user(), case_id=1, page="case_page", at=AT)
    found = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if sql.startswith("SELECT") and "audit_auditentry" in sql:
                cursor.execute(f"EXPLAIN {sql}")
                lines = [row[0] for row in cursor.fetchall()]
                found += [line.strip(" ->") for line in lines if "Scan" in line or "Sort" in line]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--views", type=int, default=400, help="case-page rows each reader writes")
    parser.add_argument("--held-views", type=int, default=50, help="rows each reader writes beside long actions")
    parser.add_argument("--hold", type=float, default=1.0, help="seconds each long action keeps its transaction")
    args = parser.parse_args()
    prepare_database()
    scenarios = [
        ("1 reader", 1, args.views, None),
        ("8 readers", 8, args.views, None),
        (f"8 readers, long actions ({args.hold:g} s)", 8, args.held_views, args.hold),
    ]
    print(f"{'scenario':<36} {'writes/s':>9} {'median':>9} {'p95':>9} {'max':>9}")
    for label, readers, views, hold in scenarios:
        figures = run(readers, views, hold=hold)
        print(
            f"{label:<36} {figures['rate']:>9.0f} {figures['median'] * 1000:>7.1f}ms "
            f"{figures['p95'] * 1000:>7.1f}ms {figures['max'] * 1000:>7.1f}ms",
            flush=True,
        )
    for line in plans():
        print("  plan:", line)
    checked, problem = verify_chain()
    print(f"chain after the runs: {checked} rows, {'intact' if problem is None else problem}")
    empty_the_trail()
    User.objects.filter(username="bench.reader").delete()


if __name__ == "__main__":
    main()
