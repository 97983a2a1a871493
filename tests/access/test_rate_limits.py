"""The shared per-client rate limit: counts per key in fixed windows, answers the wait, and
starts again in the next window; every process on the database shares the count."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from app.access.rate_limits import hit, window_start

MINUTE = dt.timedelta(minutes=1)
T0 = dt.datetime(2026, 7, 1, 2, 0, 10, tzinfo=dt.UTC)


def test_windows_are_aligned_minutes() -> None:
    assert window_start(T0, MINUTE) == dt.datetime(2026, 7, 1, 2, 0, tzinfo=dt.UTC)
    later = T0 + dt.timedelta(seconds=49, microseconds=999)
    assert window_start(later, MINUTE) == dt.datetime(2026, 7, 1, 2, 0, tzinfo=dt.UTC)


def test_at_most_the_limit_per_window_then_the_seconds_to_wait(
    session: Session, frozen_clock: Callable[[dt.datetime], None]
) -> None:
    frozen_clock(T0)
    assert [hit(session, "test:1.2.3.4", 3, MINUTE) for _ in range(3)] == [None, None, None]
    assert hit(session, "test:1.2.3.4", 3, MINUTE) == 50  # 2:00:10 -> the window ends at 2:01
    assert hit(session, "test:5.6.7.8", 3, MINUTE) is None  # another client
    assert hit(session, "other:1.2.3.4", 3, MINUTE) is None  # another purpose

    frozen_clock(T0 + MINUTE)
    assert hit(session, "test:1.2.3.4", 3, MINUTE) is None  # a new window starts from one


def test_two_sessions_share_the_count(
    session_factory: sessionmaker[Session], frozen_clock: Callable[[dt.datetime], None]
) -> None:
    frozen_clock(T0)
    with session_factory() as first:
        assert hit(first, "test:shared", 1, MINUTE) is None
        first.commit()
    with session_factory() as second:
        assert hit(second, "test:shared", 1, MINUTE) is not None
