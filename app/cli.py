"""The ``ecocredit`` command line. Each command says what it does in one sentence (``--help``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from app.accounts.cli import users_app
from app.audit.cli import audit_app
from app.config import get_settings
from app.jobs.cli import rules_app
from app.jobs.serve import (
    start_ticker_for_serve,
    start_watch_delivery_for_serve,
    start_worker_for_serve,
)
from app.nomination_checks.cli import nominations_app
from app.nomination_watch.cli import watches_app
from app.platform.cli import platform_app
from app.sync.cli import sync_app

app = typer.Typer(
    help="环境信用公示平台 ecocredit: run the portal, manage its database, load data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Manage the database schema (Alembic migrations).", no_args_is_help=True)
import_app = typer.Typer(help="Import data files into the portal.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(import_app, name="import")
app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit")
app.add_typer(nominations_app, name="nominations")
app.add_typer(sync_app, name="sync")
app.add_typer(platform_app, name="platform")
app.add_typer(rules_app, name="rules")
app.add_typer(watches_app, name="watches")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (default: setting)")] = None,
    port: Annotated[int | None, typer.Option(help="Port to bind (default: setting)")] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: setting)")] = None,
    reload: Annotated[bool, typer.Option(help="Reload on code changes (development)")] = False,
) -> None:
    """Serve the portal (public site, API) with uvicorn."""
    import uvicorn

    settings = get_settings()
    stop_push_worker = start_worker_for_serve(settings)  # ECOCREDIT_SYNC_WORKER_IN_SERVE
    stop_rules_ticker = start_ticker_for_serve(settings)  # ECOCREDIT_RULES_TICK_IN_SERVE
    stop_watch_delivery = start_watch_delivery_for_serve(settings)  # ..._NOMINATION_WATCH_IN_SERVE
    try:
        uvicorn.run(
            "app.main:app_from_env",
            factory=True,
            host=host or settings.host,
            port=port or settings.port,
            workers=None if reload else (workers or settings.workers),
            reload=reload,
            log_config=None,
            access_log=False,
            proxy_headers=True,
        )
    finally:
        if stop_watch_delivery is not None:
            stop_watch_delivery()
        if stop_rules_ticker is not None:
            stop_rules_ticker()
        if stop_push_worker is not None:
            stop_push_worker()


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision")] = "head",
) -> None:
    """Migrate the database up to a revision (default: the latest)."""
    from app.kit.migrate import upgrade

    upgrade(get_settings().database_url, revision)
    typer.echo(f"数据库已升级到 {revision}")


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision, e.g. -1 or base")] = "-1",
) -> None:
    """Migrate the database down to a revision (default: one step)."""
    from app.kit.migrate import downgrade

    downgrade(get_settings().database_url, revision)
    typer.echo(f"数据库已降级到 {revision}")


@db_app.command("current")
def db_current() -> None:
    """Print the database's current revision and the latest one."""
    from app.kit.db import make_engine
    from app.kit.migrate import current_revisions, head_revisions

    url = get_settings().database_url
    engine = make_engine(url)
    try:
        current = current_revisions(engine)
    finally:
        engine.dispose()
    typer.echo(f"current: {', '.join(sorted(current)) or '(empty)'}")
    typer.echo(f"head:    {', '.join(sorted(head_revisions(url)))}")


@app.command()
def demo(
    enterprises: Annotated[int, typer.Option(help="How many enterprises to generate")] = 2000,
    seed: Annotated[
        int, typer.Option(help="Random seed: the same seed gives the same data")
    ] = 2018,
    force: Annotated[
        bool, typer.Option(help="Add the demo data even if the database has enterprises")
    ] = False,
    if_empty: Annotated[
        bool,
        typer.Option(help="Load only into a database without enterprises; else keep it (exit 0)"),
    ] = False,
    as_of: Annotated[
        dt.datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            help="The day the data is dated from (default 2026-11-01): decisions, lists, levels",
        ),
    ] = None,
) -> None:
    """Load deterministic, realistic demo data for Yantai (enterprises, penalties, lists)."""
    from app.demo.loader import DEMO_AS_OF, load_demo

    day = as_of.date() if as_of else DEMO_AS_OF
    load_demo(
        get_settings(),
        enterprises=enterprises,
        seed=seed,
        force=force,
        as_of=day,
        if_empty=if_empty,
    )


@import_app.command("enterprises")
def import_enterprises(
    file: Annotated[Path, typer.Argument(help="CSV file (UTF-8, UTF-8 with BOM, or GB18030)")],
) -> None:
    """Import or update enterprises from the city's registry CSV, reporting every rejected row."""
    from app.enterprises.importer import run_import_cli

    code = run_import_cli(get_settings(), file)
    raise typer.Exit(code)


def main() -> None:
    app()
