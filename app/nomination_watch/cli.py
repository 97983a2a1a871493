"""``ecocredit watches …``: the nomination watch's background work, run by hand or by cron
(``ecocredit serve`` and ``ecocredit rules tick`` do it on their own)."""

from __future__ import annotations

import typer

watches_app = typer.Typer(
    help="Nomination watches (提名人选监测): re-check, deliver callbacks, purge ended ones.",
    no_args_is_help=True,
)


@watches_app.command("recheck")
def recheck_now() -> None:
    """Answer every active watch again now and queue a notification for each change."""
    from app.config import get_settings
    from app.kit.db import make_engine, make_sessionmaker, session_scope
    from app.nomination_watch.service import recheck

    engine = make_engine(get_settings().database_url)
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            report = recheck(session)
    finally:
        engine.dispose()
    typer.echo(
        f"复查 {report.watches} 个监测的 {report.candidates} 名候选人，"
        f"状态变化 {report.changes} 人；结束并删除 {report.purged} 个监测的候选人"
    )


@watches_app.command("deliver")
def deliver() -> None:
    """Send the callbacks that are due once (signed, retried later with backoff when refused)."""
    from app.config import get_settings
    from app.kit.db import make_engine, make_sessionmaker
    from app.nomination_watch.delivery import deliver_due

    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        tried = deliver_due(settings, make_sessionmaker(engine))
    finally:
        engine.dispose()
    typer.echo(f"已尝试推送监测通知 {tried} 条")


@watches_app.command("purge")
def purge() -> None:
    """Delete the candidates, notifications and decisions of watches that have ended."""
    from app.config import get_settings
    from app.kit.db import make_engine, make_sessionmaker, session_scope
    from app.nomination_watch.service import purge_finished

    engine = make_engine(get_settings().database_url)
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            purged = purge_finished(session)
    finally:
        engine.dispose()
    typer.echo(f"已结束并删除候选人记录的监测 {purged} 个")
