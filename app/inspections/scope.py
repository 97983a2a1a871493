"""Who works which inspection cases (the roles of the ledger, without a new role).

- **The inspection office** (督察整改办) is a city-wide account (no districts, as the city bureau
  has for penalties) whose authority is not itself a handling unit's: it creates campaigns and
  batches, imports them, reviews findings (reviewers, never their own: the two-person rule),
  records acceptance (验收), 销号公示 and 销号, and sees every case.
- **A handling unit's accounts** see and work only the cases the unit shares: a county bureau's
  accounts (districts, ``app/access/jurisdiction``) the units of those districts, a 市直部门's
  accounts (its authority) the units linked to that authority. They record findings (clerks and
  reviewers) and 阶段性办结 / 办结. Another unit's case is "not found" (404), as penalties do.
- Administrators read everything, change nothing.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from app.access.jurisdiction import stored_codes
from app.kit.actor import Actor, Role
from app.kit.errors import Forbidden
from app.models import InspectionCaseUnit, InspectionUnit


def _unit_authorities(session: Session) -> set[int]:
    rows = session.scalars(
        select(InspectionUnit.authority_id).where(InspectionUnit.authority_id.is_not(None))
    )
    return {int(r) for r in rows if r is not None}


def is_office(session: Session, actor: Actor) -> bool:
    """Whether the actor acts for the inspection office (see the module docstring)."""
    if actor.role not in (Role.clerk, Role.reviewer) or actor.districts:
        return False
    return actor.authority_id not in _unit_authorities(session)


def sees_all(session: Session, actor: Actor) -> bool:
    return actor.role == Role.admin or is_office(session, actor)


def unit_ids(session: Session, actor: Actor) -> set[int] | None:
    """The handling units whose cases the actor sees; None: every case."""
    if sees_all(session, actor):
        return None
    conditions: list[ColumnElement[bool]] = []
    if actor.districts:
        conditions.append(InspectionUnit.district_code.in_(stored_codes(actor.districts)))
    if actor.authority_id is not None:
        conditions.append(InspectionUnit.authority_id == actor.authority_id)
    if not conditions:
        return set()
    return set(session.scalars(select(InspectionUnit.id).where(or_(*conditions))))


def covers_case(session: Session, actor: Actor, case_id: int) -> bool:
    units = unit_ids(session, actor)
    if units is None:
        return True
    shared = session.scalars(
        select(InspectionCaseUnit.unit_id).where(InspectionCaseUnit.case_id == case_id)
    )
    return bool(units & set(shared))


def require_office(session: Session, actor: Actor, what: str) -> None:
    if not is_office(session, actor):
        raise Forbidden(f"只有督察整改办公室的账号可以{what}")
