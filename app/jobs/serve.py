"""The background work ``ecocredit serve`` runs beside the web server: the push worker
(``app.sync.worker``), the rules tick (``app.jobs.tick``) and the nomination watch's callbacks
(``app.nomination_watch.delivery``), each in a thread, each switched off by its setting."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.config import Settings


def start_worker_for_serve(settings: Settings) -> Callable[[], None] | None:
    """``ecocredit serve`` runs a push worker in a background thread unless switched off."""
    if not settings.sync_worker_in_serve:
        return None
    from app.kit.db import make_engine, make_sessionmaker
    from app.sync.worker import start_in_thread

    engine = make_engine(settings.database_url)
    stop = start_in_thread(settings, make_sessionmaker(engine))

    def stopper() -> None:
        stop()
        engine.dispose()

    return stopper


def start_ticker_for_serve(settings: Settings) -> Callable[[], None] | None:
    """``ecocredit serve`` runs the rules tick in a background thread unless switched off."""
    if not settings.rules_tick_in_serve:
        return None
    from app.jobs.tick import start_ticker
    from app.kit.db import make_engine, make_sessionmaker

    engine = make_engine(settings.database_url)
    stop = start_ticker(
        make_sessionmaker(engine),
        settings.rules_tick_seconds,
        anchor_path=Path(settings.audit_anchor_path),
    )

    def stopper() -> None:
        stop()
        engine.dispose()

    return stopper


def start_watch_delivery_for_serve(settings: Settings) -> Callable[[], None] | None:
    """``ecocredit serve`` delivers the nomination watch's callbacks unless switched off."""
    if not settings.nomination_watch_in_serve:
        return None
    from app.kit.db import make_engine, make_sessionmaker
    from app.nomination_watch.delivery import start_in_thread

    engine = make_engine(settings.database_url)
    stop = start_in_thread(settings, make_sessionmaker(engine))

    def stopper() -> None:
        stop()
        engine.dispose()

    return stopper
