"""``ecocredit rules …``: the publication rules' periodic tick and what the rule sets say."""

from __future__ import annotations

from typing import Annotated

import typer

from app.config import get_settings

rules_app = typer.Typer(
    help="Publication rules: the tick (expiries, credit levels), rule sets, the calendar.",
    no_args_is_help=True,
)


@rules_app.command("tick")
def tick(
    full: Annotated[
        bool, typer.Option(help="Look for ended publications in all history, not since last run")
    ] = False,
) -> None:
    """Send the withdrawals of ended publications, update credit levels, propose black-list
    entries; safe to run any number of times."""
    from app.jobs.tick import run_tick_in_steps
    from app.kit.db import make_engine, make_sessionmaker

    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        report = run_tick_in_steps(make_sessionmaker(engine), trigger="cli", full=full)
    finally:
        engine.dispose()
    for line in report.lines():
        typer.echo(line)


@rules_app.command("show")
def show() -> None:
    """Print the rule sets (periods, unrepairable categories, deadlines) and the calendar's
    extent."""
    from app.kit.db import make_engine, make_sessionmaker, session_scope
    from app.models.penalty import SEVERITY_LABELS
    from app.publication.calendar import working_calendar
    from app.publication.rules import rule_book

    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            book = rule_book(session)
            calendar = working_calendar(session)
    finally:
        engine.dispose()
    for rules in book.versions:
        until = rules.effective_to.isoformat() if rules.effective_to else "至今"
        typer.echo(f"[{rules.code}] {rules.name}（{rules.effective_from.isoformat()} 至 {until}）")
        for severity, period in rules.periods.items():
            shown = "公示" if period.published else "不公示"
            typer.echo(
                f"  {SEVERITY_LABELS[severity]}：{shown}，最短{period.minimum_months}个月，"
                f"最长{period.maximum_months}个月"
            )
        for rule in rules.unrepairable:
            typer.echo(f"  不可修复：{'、'.join(rule.categories)}（{rule.reason}）")
        deadlines = "，".join(f"{k} {v}个工作日" for k, v in rules.deadlines.items())
        typer.echo(f"  时限：{deadlines}")
        typer.echo(f"  信用评价办法：{rules.credit_scheme}；黑名单最短{rules.black_min_months}个月")
    days = sorted(calendar.holidays | calendar.workdays)
    if days:
        typer.echo(
            f"节假日日历：{days[0].isoformat()} 至 {days[-1].isoformat()}，"
            f"放假 {len(calendar.holidays)} 天，调休上班 {len(calendar.workdays)} 天"
        )
    else:
        typer.echo("节假日日历为空：周一至周五均按工作日计算")
