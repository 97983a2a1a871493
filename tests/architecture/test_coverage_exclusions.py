"""The coverage gate's exclusions may only shrink: the ``exclude_also`` patterns of pyproject.toml
and the ``# pragma: no cover`` lines of app/ are pinned here. A new exclusion fails (cover the
code instead); an entry whose line is gone fails too (remove it here: the list shrinks)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRAGMA = "# pragma: no cover"

EXCLUDE_ALSO = frozenset(
    {'raise RuntimeError\\("unreachable"\\)', "if not isinstance\\(exc, \\w+\\):"}
)

# (file, the code before the pragma): lines no test can reach, each with its reason in the code.
PRAGMAS = frozenset(
    {
        ("app/platform/pull.py", 'raise RuntimeError("unreachable")'),
        ("app/kit/values.py", "except InvalidOperation:"),
        ("app/web/errors.py", "if not isinstance(exc, DomainError):"),
        ("app/web/errors.py", "if not isinstance(exc, RequestValidationError):"),
        ("app/web/errors.py", "if not isinstance(exc, StarletteHTTPException):"),
        ("app/web/auth.py", "if auth is None:"),
        ("app/web/auth.py", "if not isinstance(exc, LoginRequired):"),
        ("app/demo/names.py", 'raise RuntimeError("cannot find a unique enterprise name")'),
        ("app/penalties/parties.py", "except ImportError:"),
        ("app/penalties/fields.py", "if value is None:"),
    }
)


def _config() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        coverage: dict[str, object] = tomllib.load(handle)["tool"]["coverage"]
    return coverage


def test_the_exclusion_patterns_only_shrink() -> None:
    report = _config()["report"]
    assert isinstance(report, dict)
    patterns = frozenset(report.get("exclude_also", []))
    assert patterns - EXCLUDE_ALSO == set(), "new exclusions: cover the code instead"
    assert EXCLUDE_ALSO - patterns == set(), "gone from pyproject.toml: remove them here too"
    assert "exclude_lines" not in report, "exclude_lines would replace the default list"
    assert not _config()["run"].get("omit"), "no file of app/ is left out"  # type: ignore[attr-defined]
    assert int(report["fail_under"]) >= 90


def test_the_pragmas_only_shrink() -> None:
    found = set()
    for path in sorted((ROOT / "app").rglob("*.py")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if PRAGMA in line:
                code = line.split(PRAGMA)[0].strip()
                found.add((path.relative_to(ROOT).as_posix(), code))
    assert found - PRAGMAS == set(), "new '# pragma: no cover' lines: cover the code instead"
    assert PRAGMAS - found == set(), "pragmas gone from the code: remove them here too"
