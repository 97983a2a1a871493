"""``ecocredit sync …``: run the push worker, reconcile with the platform."""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Annotated

import typer

from app.config import get_settings

sync_app = typer.Typer(
    help="The link to the credit platform: push worker, reconciliation.", no_args_is_help=True
)


@sync_app.command("run")
def run(
    once: Annotated[bool, typer.Option(help="Deliver what is due now, then exit")] = False,
) -> None:
    """Deliver the push outbox to the credit platform until stopped (SIGTERM or Ctrl-C)."""
    from app.kit.db import make_engine, make_sessionmaker
    from app.kit.logging import configure_logging
    from app.sync.worker import PushWorker

    settings = get_settings()
    configure_logging(settings.log_level, settings.log_json)
    engine = make_engine(settings.database_url)
    worker = PushWorker(settings, make_sessionmaker(engine))
    stop = threading.Event()

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        if once:
            total = 0
            while (done := worker.run_once()) > 0:
                total += done
            typer.echo(f"已处理 {total} 个推送事件")
        else:
            worker.run(stop)
    finally:
        worker.close()
        engine.dispose()


@sync_app.command("reconcile")
def reconcile(
    platform: Annotated[
        str | None, typer.Option(help="The platform's base URL (default: setting)")
    ] = None,
) -> None:
    """Compare what the platform holds with what the portal publishes now; list every difference."""
    from app.kit.db import make_engine, make_sessionmaker, session_scope
    from app.sync.reconcile import render
    from app.sync.service import run_reconciliation

    settings = get_settings()
    engine = make_engine(settings.database_url)
    url = platform or settings.sync_platform_url
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            kept, report = run_reconciliation(session, url, trigger="cli")
    finally:
        engine.dispose()
    if report is None:
        typer.echo(kept.error or "无法读取信用平台持有的记录", err=True)
        raise typer.Exit(2)
    for line in render(report):
        typer.echo(line)
    raise typer.Exit(0 if report.clean else 1)
