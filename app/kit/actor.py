"""Who is acting: the signed-in account (or API token owner) that services check rules against.

Services take an ``Actor`` and never look at requests or cookies; the accounts feature builds it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Role(enum.StrEnum):
    clerk = "clerk"  # 录入员: records and proposes
    reviewer = "reviewer"  # 审核员: approves or returns
    admin = "admin"  # 管理员: accounts, settings, audit
    nomination = "nomination"  # 提名审查: nomination bodies (the nomination check)
    department = "department"  # 联合奖惩部门: reports back on the joint measures of its department


ROLE_LABELS = {
    Role.clerk: "录入员",
    Role.reviewer: "审核员",
    Role.admin: "管理员",
    Role.nomination: "提名审查",
    Role.department: "联合奖惩部门",
}


@dataclass(frozen=True)
class Actor:
    user_id: int
    username: str
    role: Role
    authority_id: int | None
    # Division codes this account acts on; empty means the whole city (the city bureau).
    districts: frozenset[str]
    source_ip: str | None = None
    department_id: int | None = None  # role ``department``: the department it reports for

    def covers(self, district_code: str | None) -> bool:
        """Whether this account may see and act on a record of ``district_code``."""
        return not self.districts or (district_code is not None and district_code in self.districts)
