"""Rules every regulators' workflow shares: who may make, who may check, and never the same person.

- Clerks (录入员) and reviewers (审核员) record and propose; only reviewers approve, return or
  reject. Administrators see every officers' record, read-only.
- The two-person rule: nobody checks what they made, edited, submitted or proposed themselves
  (the features name everyone who changed the content: ``makers``).
"""

from __future__ import annotations

from app.kit.actor import Actor, Role
from app.kit.errors import Conflict, FieldError, Forbidden, ValidationFailed

# The role groups: who records and proposes, who checks, who sees the officers' records, who
# oversees the queues (reviewers and administrators). ``app.web.auth`` turns each into a
# dependency of the faces.
MAKER_ROLES = frozenset({Role.clerk, Role.reviewer})
CHECKER_ROLES = frozenset({Role.reviewer})
STAFF_ROLES = frozenset({Role.clerk, Role.reviewer, Role.admin})
OVERSEER_ROLES = frozenset({Role.reviewer, Role.admin})
ADMIN_ROLES = frozenset({Role.admin})
NOMINATION_ROLES = frozenset({Role.nomination})
MAX_COMMENT = 1000


class TwoPersonRule(Forbidden):
    code = "two_person_rule"
    message = "不能审核自己录入、修改、提交或提议的事项，须由另一名审核员审核"


class InvalidState(Conflict):
    code = "invalid_state"
    message = "当前状态不允许此操作"


def require_role(actor: Actor, roles: frozenset[Role], what: str) -> None:
    if actor.role not in roles:
        raise Forbidden(f"您的角色无权{what}")


def require_checker(actor: Actor, makers: tuple[int | None, ...], what: str) -> None:
    """A reviewer who is none of ``makers`` (everyone who changed the content: creator, editors,
    submitter, proposer)."""
    require_role(actor, CHECKER_ROLES, what)
    if actor.user_id in makers:
        raise TwoPersonRule()


def required_text(value: str | None, field: str, label: str, limit: int = MAX_COMMENT) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(fields=[FieldError(field, f"请填写{label}", "required")])
    if len(text) > limit:
        raise ValidationFailed(
            fields=[FieldError(field, f"{label}不能超过{limit}个字", "too_long")]
        )
    return text
