"""Writing many timetable rows fast: PostgreSQL COPY when available, Django bulk operations otherwise.

Callers run these inside their own transaction; nothing here commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.db import connection, models

from timetable.models import Session

T = TypeVar("T")

ORM_BATCH = 2000
DELETE_CHUNK = 5000


def copy_available() -> bool:
    """Whether the default database can take COPY FROM STDIN (PostgreSQL through psycopg 3)."""
    return connection.vendor == "postgresql"


def chunks(items: Sequence[T], size: int) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _copy(table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(column) for column in columns)}) FROM STDIN"
    with connection.cursor() as cursor:
        raw: Any = cursor.cursor  # psycopg's own cursor: Django's wrapper does not expose copy()
        with raw.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)


def insert(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[object]], *, use_copy: bool
) -> None:
    """Insert `rows` (values in the order of `fields`) into `model`'s table."""
    if not rows:
        return
    if use_copy:
        columns = {field.attname: field.column for field in model._meta.concrete_fields}
        _copy(model._meta.db_table, [columns[name] for name in fields], rows)
        return
    model._default_manager.bulk_create(
        [model(**dict(zip(fields, row, strict=True))) for row in rows], batch_size=ORM_BATCH
    )


def update_sessions(rows: Sequence[tuple[int, dt.datetime, str]], *, use_copy: bool) -> None:
    """Set (ends_at, location) of the sessions with the given ids."""
    if not rows:
        return
    if not use_copy:
        changed = [Session(id=pk, ends_at=ends_at, location=location) for pk, ends_at, location in rows]
        Session.objects.bulk_update(changed, ["ends_at", "location"], batch_size=ORM_BATCH)
        return
    # COPY the changes into a scratch table and apply them in one UPDATE: per-row UPDATEs would take minutes.
    scratch = "timetable_session_changes"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {scratch}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {scratch} (id bigint PRIMARY KEY, ends_at timestamptz NOT NULL, "
            "location text NOT NULL) ON COMMIT DROP"
        )
    _copy(scratch, ["id", "ends_at", "location"], rows)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Session._meta.db_table} AS s SET ends_at = c.ends_at, location = c.location "  # noqa: S608 - fixed names  # nosec B608
            f"FROM {scratch} AS c WHERE s.id = c.id"
        )
        cursor.execute(f"DROP TABLE {scratch}")


def delete(model: type[models.Model], ids: Sequence[int]) -> None:
    """Delete the rows of `model` with these primary keys (in chunks, to stay under parameter limits)."""
    for chunk in chunks(ids, DELETE_CHUNK):
        model._default_manager.filter(pk__in=chunk).delete()
