"""``ecocredit nominations purge``: delete the results of nomination checks past their retention."""

from __future__ import annotations

import typer

nominations_app = typer.Typer(
    help="Nomination checks (提名人选审查): housekeeping.", no_args_is_help=True
)


@nominations_app.command("purge")
def purge() -> None:
    """Delete the per-candidate results of page checks older than the retention setting."""
    from app.config import get_settings
    from app.kit.db import make_engine, make_sessionmaker, session_scope
    from app.nomination_checks.service import purge_expired_results

    engine = make_engine(get_settings().database_url)
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            deleted = purge_expired_results(session)
    finally:
        engine.dispose()
    typer.echo(f"已删除过期的审查结果 {deleted} 条")
