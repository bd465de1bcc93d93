"""`AnyOf`: a column equal to any of a list of ids, the list sent as one value.

`id__in=[...]` puts a placeholder in the SQL for each id: with an officer's few hundred open cases in
each of the work queue's queries, the driver parsed and rendered statements longer than its cache
takes (it keeps none over 4 KB) and Django prepared every id, on every request: more time than
PostgreSQL took to run them (docs/benchmarks.md, "Scale"). PostgreSQL plans `x = ANY(array)` as it
plans `x IN (list)` (it turns the one into the other), so the plans do not change. Elsewhere (SQLite)
it is the IN list.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Lookup
from django.db.models.lookups import In
from django.db.models.sql.compiler import SQLCompiler


class AnyOf(Lookup):  # type: ignore[type-arg]
    """`AnyOf(F("case_id"), ids)`, used as a filter: the rows whose column is one of `ids` (integers)."""

    prepare_rhs = False  # a list of ids, not one value of the column

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, Any]:
        return In(self.lhs, list(self.rhs)).as_sql(compiler, connection)

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, Any]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        # As the array's text ('{1,2,3}'): the driver adapts one string where it dumped each id of a list
        # (0.3 ms for an officer's few hundred open cases, in each of the work queue's ten queries).
        ids = "{" + ",".join(str(int(value)) for value in self.rhs) + "}"
        return f"{lhs} = ANY(%s::bigint[])", (*lhs_params, ids)
