"""``ecocredit audit verify``: check the hash chain of the audit trail."""

from __future__ import annotations

import typer

audit_app = typer.Typer(help="Check the audit trail.", no_args_is_help=True)


@audit_app.command("verify")
def verify() -> None:
    """Verify the audit hash chain (keyed) against its anchors; report the first edited, deleted,
    inserted or moved entry."""
    from pathlib import Path

    from app.audit.anchors import read_anchors
    from app.audit.chain import verify_chain
    from app.config import get_settings
    from app.kit.db import make_engine, make_sessionmaker, session_scope

    settings = get_settings()
    anchors = read_anchors(Path(settings.audit_anchor_path))
    engine = make_engine(settings.database_url)
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            report = verify_chain(session, anchors=anchors)
    finally:
        engine.dispose()
    typer.echo(report.message, err=not report.ok)
    raise typer.Exit(0 if report.ok else 1)


@audit_app.command("anchor")
def anchor() -> None:
    """Append the chain's head (position, hash) to ECOCREDIT_AUDIT_ANCHOR_PATH, outside the
    database; run it at least daily."""
    from pathlib import Path

    from app.audit.anchors import write_anchor
    from app.config import get_settings
    from app.kit.db import make_engine, make_sessionmaker, session_scope

    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            written = write_anchor(session, Path(settings.audit_anchor_path))
    finally:
        engine.dispose()
    if written is None:
        typer.echo("审计链尾登记不存在，无法写入锚点", err=True)
        raise typer.Exit(1)
    typer.echo(f"已写入锚点：第{written.seq}条 {written.hash[:16]}… → {settings.audit_anchor_path}")
