"""Finding an enterprise in the workspace (by name or credit code), within the jurisdiction."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.access.jurisdiction import stored_codes
from app.kit.actor import Actor
from app.kit.identifiers import normalise
from app.models import Enterprise

MAX_RESULTS = 20


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_enterprises(session: Session, actor: Actor, q: str) -> list[Enterprise]:
    """Up to 20 enterprises whose name contains ``q`` or whose code starts with it."""
    text = q.strip()[:100]
    if not text:
        return []
    code = normalise(text)
    query = select(Enterprise).where(
        or_(
            Enterprise.name.like(f"%{_escape_like(text)}%", escape="\\"),
            Enterprise.uscc.like(f"{_escape_like(code)}%", escape="\\"),
        )
    )
    if actor.districts:
        query = query.where(Enterprise.district_code.in_(stored_codes(actor.districts)))
    return list(session.scalars(query.order_by(Enterprise.name, Enterprise.id).limit(MAX_RESULTS)))
