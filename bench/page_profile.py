"""Where one page's time goes, in-process, on a bench database (docs/benchmarks.md, "Scale"):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casemgr_bench_scale \\
        .venv/bin/python -m bench.page_profile /cases/ --user bench.officer1 --repeat 20

It signs the user in (second factor included) with the test client, requests the page once to warm
the caches, then --repeat times, and --repeat more under cProfile; it prints the median time per request, the SQL
queries of one request with their time in the database, and the functions where the time went.
Served through the production settings' middleware (bench.settings), as the load test serves it.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import time
from typing import Any

# First: the bench's environment (production settings with generated keys) and django.setup().
from bench.scale_bench import session_cookie  # isort: skip

from django.conf import settings
from django.db import connection
from django.test import Client

from accounts.models import User


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path")
    parser.add_argument("--user", default="bench.officer1")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--top", type=int, default=35, help="functions to list")
    parser.add_argument("--width", type=int, default=160, help="characters of each query's SQL to print")
    parser.add_argument("--explain", type=float, help="EXPLAIN ANALYZE the queries that took this many ms or more")
    parser.add_argument("--match", help="list only functions whose file:line(name) matches this regular expression")
    parser.add_argument("--sort", default="cumulative", help="pstats sort key (cumulative, tottime)")
    parser.add_argument("--callers", help="also list who called the functions matching this regular expression")
    options = parser.parse_args()

    client = Client()
    name, key = session_cookie(User.objects.get(username=options.user)).split("=", 1)
    client.cookies[name] = key
    response = client.get(options.path, secure=True)
    assert response.status_code == 200, response.status_code
    queries: list[tuple[float, str, Any]] = []

    def timed_query(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((time.perf_counter() - began, sql, params))

    with connection.execute_wrapper(timed_query):
        client.get(options.path, secure=True)
    times = []
    for _ in range(options.repeat):
        began = time.perf_counter()
        client.get(options.path, secure=True)
        times.append(time.perf_counter() - began)
    profile = cProfile.Profile()  # a second round, as the profiler slows Python code down
    for _ in range(options.repeat if options.top else 0):
        profile.enable()
        client.get(options.path, secure=True)
        profile.disable()
    print(
        f"{options.path}: median {statistics.median(times) * 1000:.1f} ms, min {min(times) * 1000:.1f} ms "
        f"over {options.repeat} requests (DEBUG={settings.DEBUG})"
    )
    total = sum(seconds for seconds, _, _ in queries)
    print(f"{len(queries)} queries, {total * 1000:.1f} ms waiting for the database (one request):")
    for seconds, sql, params in sorted(queries, key=lambda q: -q[0]):
        print(f"  {seconds * 1000:7.2f} ms  {sql[: options.width]}")
        if options.explain is not None and seconds * 1000 >= options.explain:
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                print("\n".join("      " + row[0] for row in cursor.fetchall()))
    if not options.top:
        return
    out = io.StringIO()
    restrictions: list[Any] = [options.match] if options.match else []
    stats = pstats.Stats(profile, stream=out).sort_stats(options.sort)
    stats.print_stats(*restrictions, options.top)
    if options.callers:
        stats.print_callers(options.callers)
    print(out.getvalue())


if __name__ == "__main__":
    main()
