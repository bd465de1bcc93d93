"""Inserting many rows at once: PostgreSQL's COPY, `bulk_create` elsewhere.

The ORM's multi-row INSERT costs more to build than the database takes to run it: at 15 columns and
1,000 rows a statement holds 15,000 placeholders, which Django prepares one by one and the driver
parses on every call (it caches no statement over 4 KB). COPY sends the rows as data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.db.models import JSONField
from psycopg.types.json import Jsonb

ROWS_PER_STATEMENT = 2000


def insert_values(model: Any, attnames: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert `rows`, tuples of the values of `attnames` (every column but the primary key), in order.
    PostgreSQL: one COPY (the ids come from the column's default); elsewhere `bulk_create`."""
    if not rows:
        return
    meta = model._meta
    fields = {f.attname: f for f in meta.concrete_fields}
    assert set(attnames) == set(fields) - {meta.pk.attname}, f"{model.__name__}: every column but the key"
    if connection.vendor != "postgresql":
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            model.objects.bulk_create(
                [model(**dict(zip(attnames, row, strict=True))) for row in rows[start : start + ROWS_PER_STATEMENT]]
            )
        return
    json_columns = [i for i, a in enumerate(attnames) if isinstance(fields[a], JSONField)]
    names = ", ".join(connection.ops.quote_name(fields[a].column) for a in attnames)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, under Django's wrapper
        with raw.copy(f"COPY {connection.ops.quote_name(meta.db_table)} ({names}) FROM STDIN") as copy:
            if not json_columns:
                for row in rows:
                    copy.write_row(row)
                return
            for row in rows:
                values = list(row)
                for i in json_columns:
                    values[i] = Jsonb(values[i])
                copy.write_row(values)


def insert_rows(model: Any, rows: list[Any], *, at: dt.datetime) -> None:
    """Insert unsaved `rows` of `model`, setting their primary keys: PostgreSQL's COPY with ids taken
    from the table's sequence (the ORM's INSERT costs more to build than the database takes to run it),
    `bulk_create` elsewhere. Model signals do not run (no model here has any); `auto_now(_add)` columns
    get `at`, the time of the import."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(rows, batch_size=ROWS_PER_STATEMENT)
        return
    meta = model._meta
    table = meta.db_table
    pk = meta.pk
    fields = list(meta.concrete_fields)
    for field in fields:
        if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
            for row in rows:
                if getattr(row, field.attname) is None:
                    setattr(row, field.attname, at)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk.column, len(rows)],
        )
        for row, (new_id,) in zip(rows, cursor.fetchall(), strict=True):
            setattr(row, pk.attname, new_id)
        json_columns = {i for i, f in enumerate(fields) if isinstance(f, JSONField)}
        names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        attnames = [f.attname for f in fields]
        raw = cursor.cursor  # psycopg's own cursor, under Django's wrapper
        with raw.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                values = [getattr(row, a) for a in attnames]
                for i in json_columns:
                    values[i] = Jsonb(values[i])
                copy.write_row(values)
    for row in rows:
        row._state.adding = False
        row._state.db = "default"
