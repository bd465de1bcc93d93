"""Known gaps of the embedded default, SQLite, that the SQLite run (scripts/test) found and that their
owners are still to close; each is an xfail on SQLite only, so PostgreSQL still tests the path fully."""

from __future__ import annotations

import pytest
from django.db import connection


def xfail_reports_on_sqlite() -> None:
    """The governance reports' history query (reports.deadline_history) is PostgreSQL's SQL (date_trunc,
    AT TIME ZONE, SET LOCAL): on SQLite the reviewer's report pages answer 500. Found by the SQLite run
    (issue 14); to be ported by the reports' owner, then this goes."""
    if connection.vendor == "sqlite":
        pytest.xfail("reports.deadline_history is PostgreSQL-only SQL (500 on SQLite)")
