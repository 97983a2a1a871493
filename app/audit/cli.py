"""``ecocredit audit verify``: check the hash chain of the audit trail."""

from __future__ import annotations

import typer

audit_app = typer.Typer(help="Check the audit trail.", no_args_is_help=True)


@audit_app.command("verify")
def verify() -> None:
    """Verify the audit hash chain; report the first edited, deleted, inserted or moved entry."""
    from app.audit.chain import verify_chain
    from app.config import get_settings
    from app.kit.db import make_engine, make_sessionmaker, session_scope

    engine = make_engine(get_settings().database_url)
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            report = verify_chain(session)
    finally:
        engine.dispose()
    typer.echo(report.message, err=not report.ok)
    raise typer.Exit(0 if report.ok else 1)
