"""A decision on a case, as the faces offer it: its name (the last part of its path), who may take
it, the use case, and the admin API's summary (its description is the use case's docstring).
The features list theirs in ``ACTIONS`` of their ``service.py``; the use case checks the roles
and the authority again."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic

from sqlalchemy.orm import Session

from app.cases.kinds import C
from app.kit.actor import Actor, Role


@dataclass(frozen=True)
class Action(Generic[C]):
    name: str
    roles: frozenset[Role]
    call: Callable[[Session, Actor, int, str], C]  # (session, actor, case id, reasons)
    summary: str
    reason: bool = True  # takes the reasons (a form field; the API's body)

    @property
    def description(self) -> str | None:
        return inspect.getdoc(self.call)
