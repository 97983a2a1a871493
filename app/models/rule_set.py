"""Publication rule sets: the periods, repair rules, deadlines and list criteria as data.

Each row is one version of the rules, in force from ``effective_from`` until the next version's
``effective_from``. A record is judged by the version in force on its decision date
(``app.publication.rules``). ``definition`` has the shape documented there; a rule change is a
new row, never an edit of a row already in force.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, TimestampMixin


class RuleSet(TimestampMixin, Base):
    __tablename__ = "rule_sets"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    effective_from: Mapped[dt.date] = mapped_column(unique=True)
    source: Mapped[str | None] = mapped_column(Text)  # the legal texts it follows
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
