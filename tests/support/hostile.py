"""A corpus of hostile values, and where ``tests/web/test_hostile_input.py`` puts them: every path
and query parameter, every form field and every top-level field of a JSON body of every route
(the route walk of ``tests/support/routes.py``, with the valid values of
``tests/support/provocations.py`` for everything else)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fastapi.params import Form

from tests.support.routes import Endpoint

# (kind, value): what an attacker, a careless script or a confused copy-and-paste sends.
CORPUS: list[tuple[str, str]] = [
    ("script", "<script>alert(document.cookie)</script>"),
    ("script", '"><img src=x onerror=alert(1)>'),
    ("script", "javascript:alert(1)"),
    ("script", "{{7*7}}${7*7}<%= 7*7 %>"),
    ("sql", "' OR '1'='1"),
    ("sql", "1; DROP TABLE enterprises; --"),
    ("sql", "%' UNION SELECT password_hash FROM users --"),
    ("sql", "\\'; SELECT pg_sleep(5); --"),
    ("unicode", "\u202eevil\u202c"),  # right-to-left override
    ("unicode", "\ufeff\u200b\u200d"),  # byte order mark, zero-width characters
    ("unicode", "e\u0301\u0301\u0301\u0301"),  # combining marks piled up
    ("unicode", "\U0001d518\U0001d52b\U0001f600"),  # outside the basic plane
    ("unicode", "\uff11\uff12\uff13\uff14"),  # full-width digits
    ("unicode", "\u0130\u0131\u00df\ufb03"),  # case mapping that changes length
    ("unicode", "\x1b[31m\x07\x08"),  # terminal escapes, control characters
    ("unicode", "\u0085\u2028\u2029"),  # line separators that are not \n
    ("unicode", "\ufffd\uffff"),
    ("unicode", "A" * 5000),
    ("date", "2026-02-30"),
    ("date", "2026-13-01"),
    ("date", "0000-00-00"),
    ("date", "9999-12-31"),
    ("date", "2023-1-5"),
    ("date", "\uff12\uff10\uff12\uff16-01-01"),
    ("date", "2026-06-01T25:61:00"),
    ("amount", "-1"),
    ("amount", "1e309"),
    ("amount", "NaN"),
    ("amount", "Infinity"),
    ("amount", "0x10"),
    ("amount", "1,000,000.001"),
    ("amount", "9" * 40),
    ("amount", "true"),
    ("path", "../../../../etc/passwd"),
    ("path", "..%2f..%2fetc%2fpasswd"),
    ("path", "/etc/passwd"),
    ("path", "....//....//"),
    ("path", "C:\\Windows\\win.ini"),
]


KINDS = sorted({kind for kind, _ in CORPUS})
# Values of each kind every field gets (``ECOCREDIT_HOSTILE_FULL=1``: the whole corpus); the
# fields take turns through each kind's values, so that every value goes into many fields.
PER_KIND = 0 if os.environ.get("ECOCREDIT_HOSTILE_FULL") == "1" else 2


def values_for(position: int) -> list[tuple[str, str]]:
    """The values the ``position``-th field of the walk gets: ``PER_KIND`` of each kind."""
    chosen = []
    for kind in KINDS:
        values = [item for item in CORPUS if item[0] == kind]
        if PER_KIND == 0:
            chosen += values
            continue
        for step in range(PER_KIND):
            chosen.append(values[(position * PER_KIND + step) % len(values)])
    return chosen


@dataclass(frozen=True)
class Field:
    where: str  # path, query, json or form
    name: str


def fields(endpoint: Endpoint) -> Iterator[Field]:
    """Every input of ``endpoint`` a caller fills in."""
    for param in endpoint.path_params:
        yield Field("path", param.alias or param.name)
    for param in endpoint.query_params:
        yield Field("query", param.alias or param.name)
    for param in endpoint.body_params:
        model_fields: dict[str, Any] = getattr(param.field_info.annotation, "model_fields", {})
        where = "form" if isinstance(param.field_info, Form) else "json"
        if model_fields:
            for name, info in model_fields.items():
                yield Field(where, info.alias or name)
        else:
            yield Field(where, param.alias or param.name)
