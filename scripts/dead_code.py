"""The dead-code gate of ``scripts/dev lint``: names in ``app/`` that nothing uses (vulture).

Prints each unused name and exits 1 when there is one. Besides the names that the code of
``app/`` uses and those of the whitelist (``scripts/dead_code_whitelist.py``: names that a
framework, a test seam or stored data uses, each with its reason), a name counts as used when

- a template mentions it (Jinja reads attributes and context keys that Python never reads);
- it is a column of a table (the schema is data: migrations and ``alembic check`` keep it);
- it is a field of a Pydantic model (serialised into JSON answers, not read by name).

    uv run python scripts/dead_code.py
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
from pathlib import Path

from pydantic import BaseModel
from vulture import Vulture

ROOT = Path(__file__).resolve().parents[1]
MIN_CONFIDENCE = 60
# Functions that a framework calls: routes, CLI commands, validators, event listeners.
FRAMEWORK_DECORATORS = [
    "@router.*",
    "@*.command",
    "@*.callback",
    "@field_validator",
    "@model_validator",
    "@event.listens_for",
]
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def template_names() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "templates").rglob("*.html"):
        names |= set(IDENTIFIER.findall(path.read_text(encoding="utf-8")))
    return names


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def data_names() -> set[str]:
    """Columns of every table and fields of every Pydantic model of ``app/``."""
    import app
    from app.models import Base

    for module in pkgutil.walk_packages(app.__path__, "app."):
        importlib.import_module(module.name)
    names = {column.key for table in Base.metadata.tables.values() for column in table.columns}
    for model in _subclasses(BaseModel):
        if model.__module__.startswith("app."):
            names |= set(model.model_fields)
    return names


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from scripts.dead_code_whitelist import USED

    vulture = Vulture(ignore_names=list(USED), ignore_decorators=FRAMEWORK_DECORATORS)
    vulture.scavenge([str(ROOT / "app")])
    used = template_names() | data_names()
    dead = [
        item
        for item in vulture.get_unused_code(min_confidence=MIN_CONFIDENCE)
        if item.name not in used
    ]
    for item in dead:
        print(item.get_report())
    if dead:
        print(f"{len(dead)} unused names in app/: remove them, or say who uses them in")
        print("scripts/dead_code_whitelist.py")
        return 1
    print("no unused names in app/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
