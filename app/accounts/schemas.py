"""API shapes of the accounts feature."""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.kit.actor import Role


class MeOut(BaseModel):
    username: str = Field(description="用户名")
    display_name: str = Field(description="姓名")
    role: Role = Field(
        description="角色：clerk 录入员, reviewer 审核员, admin 管理员, nomination 提名审查"
    )
    authority_id: int | None = Field(description="所属机关")
    districts: list[str] = Field(description="管辖区县代码；空列表表示全市")
