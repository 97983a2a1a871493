"""``ecocredit platform …``: the mock credit platform (serve it, pull the portal's feed)."""

from __future__ import annotations

from typing import Annotated

import typer

platform_app = typer.Typer(
    help="The mock municipal credit platform (its own app and database).", no_args_is_help=True
)


def _settings_help() -> str:
    from app.platform.config import PlatformSettings

    lines = ["Settings (environment variables):"]
    for name, field in PlatformSettings.model_fields.items():
        lines.append(
            f"ECOCREDIT_PLATFORM_{name.upper()} (default {field.default!r}): {field.description}"
        )
    return "\n\n".join(lines)


@platform_app.command("serve", epilog=_settings_help())
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (default: setting)")] = None,
    port: Annotated[int | None, typer.Option(help="Port to bind (default: 8100)")] = None,
) -> None:
    """Serve the mock platform: receives signed pushes, shows what it holds."""
    import random

    import uvicorn

    from app.platform.chaos import refusing_protocol
    from app.platform.config import PlatformSettings

    settings = PlatformSettings()
    extra: dict[str, object] = {}
    if settings.refuse_rate:
        from uvicorn.protocols.http.h11_impl import H11Protocol

        rng = random.Random(settings.seed)  # noqa: S311 - dice for misbehaviour
        extra["http"] = refusing_protocol(H11Protocol, settings.refuse_rate, rng)
    uvicorn.run(
        "app.platform.app:platform_app_from_env",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        log_config=None,
        access_log=False,
        **extra,  # type: ignore[arg-type]  # uvicorn accepts a protocol class for http
    )


@platform_app.command("pull")
def pull(
    portal: Annotated[
        str | None, typer.Option(help="The portal's base URL (default: setting)")
    ] = None,
    api_key: Annotated[
        str | None, typer.Option(help="Bearer token with scope feed:read (default: setting)")
    ] = None,
    follow: Annotated[bool, typer.Option(help="Keep polling for new events")] = False,
    from_start: Annotated[
        bool, typer.Option(help="Without a stored cursor, read the whole feed, not a snapshot")
    ] = False,
) -> None:
    """Pull the portal's change feed, resuming from the stored cursor."""
    from sqlalchemy.orm import sessionmaker

    from app.platform.app import make_platform_engine
    from app.platform.config import PlatformSettings
    from app.platform.models import PlatformBase
    from app.platform.pull import FeedClient
    from app.platform.pull import pull as run_pull

    settings = PlatformSettings()
    key = api_key or settings.portal_api_key
    if not key:
        typer.echo("需要 API 令牌：--api-key 或 ECOCREDIT_PLATFORM_PORTAL_API_KEY", err=True)
        raise typer.Exit(2)
    engine = make_platform_engine(settings.database_url)
    PlatformBase.metadata.create_all(engine)
    try:
        report = run_pull(
            sessionmaker(bind=engine, expire_on_commit=False),
            FeedClient(portal or settings.portal_url, key),
            page_size=settings.pull_page_size,
            from_start=from_start,
            follow=follow,
        )
    finally:
        engine.dispose()
    typer.echo(
        f"快照 {report.snapshot_records} 条；拉取 {report.pages} 页、{report.events} 个事件："
        f"应用 {report.applied}，过期 {report.stale}，重复 {report.duplicate}"
    )
