"""Jinja2 templates with StrictUndefined: a missing variable fails instead of rendering empty."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import jinja2
from fastapi.templating import Jinja2Templates

from app.kit.clock import to_local
from app.kit.regions import division_name

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates"


def _local_time(value: dt.datetime | None) -> str:
    return to_local(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _wan(value: Decimal | None) -> str:
    """An amount in 万元, without trailing zeros, e.g. 2.5 (万元)."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


def make_templates(site_name: str) -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["local_time"] = _local_time
    env.filters["date"] = _date
    env.filters["wan"] = _wan
    env.filters["division_name"] = division_name
    env.globals["site_name"] = site_name
    return Jinja2Templates(env=env)
