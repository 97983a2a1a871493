"""Per-client rate limits that hold across every process on the database.

A fixed-window counter per ``key`` (purpose and client, e.g. ``report.verify:203.0.113.7``) in
``rate_limit_counters``: one upsert per request counts it and answers the new count in the same
statement, so that concurrent requests of several app processes cannot both slip under the limit
(PostgreSQL serialises them on the row, SQLite on the database). Make it the first write of the
unit of work: on SQLite a read-only (DEFERRED) transaction then takes the write lock at once
instead of failing to upgrade later.

The count is part of the request's unit of work: a request that ends in an error is rolled back
and does not count; so answer refusals that must count (a wrong code) without raising.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import cast

from sqlalchemy import Table, case, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.kit import clock
from app.models import RateLimitCounter

# Rows of windows older than this are removed now and then (one request in PURGE_ONE_IN).
STALE_AFTER = dt.timedelta(hours=1)
PURGE_ONE_IN = 200


def window_start(now: dt.datetime, window: dt.timedelta) -> dt.datetime:
    """The start of the fixed window ``now`` falls in (windows are aligned on the epoch)."""
    seconds = window.total_seconds()
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    start = math.floor((now - epoch).total_seconds() / seconds) * seconds
    return epoch + dt.timedelta(seconds=start)


def hit(session: Session, key: str, limit: int, window: dt.timedelta) -> int | None:
    """Count one request for ``key``; None while at most ``limit`` fall in the current window,
    else the seconds until the window ends (for ``Retry-After``)."""
    now = clock.now()
    start = window_start(now, window)
    table = cast(Table, RateLimitCounter.__table__)
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
    values = insert.values(key=key[:160], window_start=start, count=1)
    excluded = values.excluded
    statement = values.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={
            "count": case(
                (table.c.window_start == excluded.window_start, table.c.count + 1), else_=1
            ),
            "window_start": excluded.window_start,
        },
    ).returning(table.c.count)
    count = int(session.execute(statement).scalar_one())
    if random.randrange(PURGE_ONE_IN) == 0:  # noqa: S311 - housekeeping, not security
        session.execute(delete(table).where(table.c.window_start < now - STALE_AFTER))
    if count <= limit:
        return None
    return max(1, math.ceil((start + window - now).total_seconds()))
