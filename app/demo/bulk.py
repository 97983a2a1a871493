"""Bulk inserts for the demo loader: the driver's ``executemany`` (PostgreSQL: ``COPY``) with
values converted by the columns' own bind processors, column by column.

SQLAlchemy's Core ``executemany`` builds and processes a parameter dict per row, which takes
longer than the database's own work on hundreds of thousands of rows; converting each column with
a memoised processor (the same timestamps, statuses and dates recur thousands of times) and
zipping the columns into tuples is several times faster and writes exactly the same values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import Column, Connection, Dialect, Table

CHUNK = 10_000


def _converter(column: Column[Any], dialect: Dialect) -> Callable[[Any], Any] | None:
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    if process is None:
        return None
    memo: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        key = tuple(value) if type(value) is list else value  # JSON lists: same text
        try:
            return memo[key]
        except KeyError:
            memo[key] = result = process(value)
            return result

    return convert


def _defaults(table: Table, keys: list[str]) -> dict[str, Any]:
    """Python-side defaults of the columns the rows leave out (a column added later with
    ``default=`` still gets its value, as with Core inserts)."""
    values: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        if column.key in keys or default is None:
            continue
        if default.is_scalar:
            values[column.key] = cast(Any, default).arg
        elif default.is_callable:
            values[column.key] = cast(Any, default).arg(None)
    return values


def _copy(conn: Connection, table: Table, keys: list[str], rows: list[tuple[Any, ...]]) -> None:
    """PostgreSQL: ``COPY ... FROM STDIN`` through psycopg, on the transaction's connection."""
    quote = conn.dialect.identifier_preparer.quote
    columns = ", ".join(quote(table.c[key].name) for key in keys)
    raw: Any = conn.connection.dbapi_connection
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {quote(table.name)} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def write(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) in chunks of :data:`CHUNK`."""
    if not rows:
        return
    keys = list(rows[0])
    extra = _defaults(table, keys)
    compiled = table.insert().compile(dialect=conn.dialect, column_keys=keys + list(extra))
    order = list(compiled.positiontup or []) if compiled.positional else keys + list(extra)
    converters = [_converter(table.c[key], conn.dialect) for key in order]
    sql = str(compiled)
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        columns: list[list[Any]] = []
        for key, convert in zip(order, converters, strict=True):
            values = [extra[key]] * len(chunk) if key in extra else [row[key] for row in chunk]
            columns.append(list(map(convert, values)) if convert else values)
        tuples = list(zip(*columns, strict=True))
        if conn.dialect.name == "postgresql":
            _copy(conn, table, order, tuples)
        elif compiled.positional:
            conn.exec_driver_sql(sql, tuples)
        else:
            conn.exec_driver_sql(sql, [dict(zip(order, t, strict=True)) for t in tuples])
