"""The README stays true: every setting, every CLI command and every API path is documented."""

from __future__ import annotations

import re
from pathlib import Path

import typer
from fastapi import FastAPI

from app.cli import app as cli_app
from app.config import Settings

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _cli_commands(group: typer.Typer, prefix: str = "ecocredit") -> list[str]:
    names: list[str] = []
    for command in group.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        names.append(f"{prefix} {name.replace('_', '-')}")
    for sub in group.registered_groups:
        if sub.typer_instance is not None and sub.name:
            names.extend(_cli_commands(sub.typer_instance, f"{prefix} {sub.name}"))
    return names


def test_every_setting_is_documented() -> None:
    missing = [
        f"ECOCREDIT_{name.upper()}"
        for name in Settings.model_fields
        if f"`ECOCREDIT_{name.upper()}`" not in README
    ]
    assert missing == [], f"settings missing from README: {missing}"


def test_every_cli_command_is_documented() -> None:
    commands = _cli_commands(cli_app)
    assert "ecocredit serve" in commands
    missing = [c for c in commands if c not in README]
    assert missing == [], f"CLI commands missing from README: {missing}"


def test_every_api_path_is_documented(app: FastAPI) -> None:
    # The OpenAPI document lists every public route, also those of included routers.
    paths = {path for path in app.openapi()["paths"] if path.startswith("/api/v1/")}
    assert "/api/v1/stats" in paths
    documented = set(re.findall(r"`(?:GET|POST|PUT|PATCH|DELETE) (/api/v1/[^`?\s]*)", README))
    missing = sorted(paths - documented)
    assert missing == [], f"API paths missing from README: {missing}"
