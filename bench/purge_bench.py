"""The purge for real at university scale (docs/benchmarks.md, "Scale"), on a copy of the scale bench's data:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casemgr_bench_scale REDIS_URL=redis://127.0.0.1:6379/6 \\
        .venv/bin/python -m bench.purge_bench --cases 500

bench.scale_bench times `purge --dry-run`, which only chooses the cases; purging them rewrites them,
so it cannot run on the data the other figures need. This copies that database (it must be loaded and
nobody else connected to it) to one named after it with "_purge" added, replacing an earlier copy,
and there purges the first --cases of the cases due, as `purge` does (privacy.purge.purge_cases),
with the clock of the scale bench. It prints the time and the queries per case, and what the whole
first purge of that data would take at that rate. Several runs with the same --cases purge the same
cases: each starts from a fresh copy.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from typing import Any

# First: the bench's environment (production settings with generated keys) and django.setup().
from bench.scale_bench import NOW, load, say  # isort: skip

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from privacy.models import RecordType
from privacy.purge import cases_due, purge_cases
from privacy.retention import rule_for, schedule_in_force


def copy_database() -> str:
    source = str(settings.DATABASES["default"]["NAME"])
    if connection.vendor != "postgresql" or "bench" not in source:
        sys.exit("bench.purge_bench needs the scale bench's PostgreSQL database (with 'bench' in its name)")
    copy = f"{source}_purge"
    connection.close()
    options = settings.DATABASES["default"]
    with psycopg.connect(
        dbname="postgres",
        user=options["USER"],
        password=options["PASSWORD"],
        host=options["HOST"],
        port=options["PORT"] or 5432,
        autocommit=True,
    ) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(copy)))
        admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(copy), sql.Identifier(source)))
    settings.DATABASES["default"]["NAME"] = copy
    connection.settings_dict["NAME"] = copy
    call_command("migrate", verbosity=0)
    return copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=500, help="how many of the cases due to purge")
    parser.add_argument("--json", help="also write the figures to this file")
    options = parser.parse_args()
    # The copy's sessions were signed with the keys of earlier bench runs: each fails to decode, which
    # Django logs, and the purge reads every session.
    logging.getLogger("django.security.SuspiciousSession").setLevel(logging.ERROR)
    copy = copy_database()
    say(f"purging in {copy} ({load()})")
    rule = rule_for(schedule_in_force(NOW), RecordType.CASES)
    if rule is None:
        sys.exit("the retention schedule in force purges no cases")
    began = time.perf_counter()
    due = cases_due(NOW, rule, record_type=RecordType.CASES)
    choosing = time.perf_counter() - began
    chosen = due[: options.cases]
    queries = 0

    def count(execute: Any, statement: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(statement, params, many, context)

    began = time.perf_counter()
    with connection.execute_wrapper(count):
        people = purge_cases(chosen, now=NOW, rule=rule)
    seconds = time.perf_counter() - began
    per_case = seconds / max(1, len(chosen))
    figures = {
        "cases_due": len(due),
        "choosing_seconds": round(choosing, 2),
        "cases_purged": len(chosen),
        "seconds": round(seconds, 2),
        "ms_per_case": round(1000 * per_case, 1),
        "queries_per_case": round(queries / max(1, len(chosen)), 1),
        "people_anonymised": people,
        "all_due_minutes_at_this_rate": round((choosing + per_case * len(due)) / 60, 1),
        "load": load(),
    }
    say(
        f"  {len(due)} cases due, chosen in {choosing:.1f} s; {len(chosen)} purged in {seconds:.1f} s "
        f"({figures['ms_per_case']} ms and {figures['queries_per_case']} queries a case, {people} people "
        f"anonymised); all {len(due)} at this rate: {figures['all_due_minutes_at_this_rate']} min"
    )
    if options.json:
        with open(options.json, "w") as out:
            json.dump(figures, out, indent=2)


if __name__ == "__main__":
    main()
