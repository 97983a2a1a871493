"""Where a record belongs: its current county-level division, which decides who may act on it."""

from __future__ import annotations

from app.kit.regions import current_divisions

DIVISION_CODES = frozenset(d.code for d in current_divisions())
# Codes of divisions merged away (still valid in old credit codes) and their successors.
MERGED = {"370684": "370614", "370634": "370614"}


def current_division(code: str | None) -> str | None:
    """The current county-level division of a code (historical codes map to their successor)."""
    if code is None:
        return None
    code = MERGED.get(code, code)
    return code if code in DIVISION_CODES else None


def division_choices() -> list[tuple[str, str]]:
    return [(d.code, d.name) for d in current_divisions()]


def stored_codes(actor_districts: frozenset[str]) -> list[str]:
    """The stored district codes that fall under these districts (merged old codes included),
    for filtering rows by an enterprise's district."""
    merged = {old for old, new in MERGED.items() if new in actor_districts}
    return sorted(set(actor_districts) | merged)
