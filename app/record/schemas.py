"""An enterprise's public credit record (企业环境信用记录), on its page and in JSON alike.

No ID number of any person is a field here: the legal representative appears by name only.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from app.licences.schemas import LicenceOut
from app.lists.schemas import ListEntryOut
from app.measures.schemas import EntryMeasureListOut
from app.penalties.schemas import PenaltyDetail


class CreditLevelOut(BaseModel):
    """A credit level (信用等级) under the scheme it was assessed by."""

    code: str = Field(
        description="Level code in the scheme, e.g. green, blue, yellow, black", examples=["green"]
    )
    label: str = Field(description="等级 (level, by colour)", examples=["绿色"])
    name: str = Field(description="等级名称 (what the level is called)", examples=["诚信守法"])
    color: str = Field(description="The level's colour (#rrggbb). 颜色", examples=["#1b7f3b"])
    text_color: str = Field(
        description="A text colour readable on `color` (#ffffff or #1a1a1a). 文字颜色",
        examples=["#ffffff"],
    )
    meaning: str = Field(
        description="What the level means for the enterprise. 等级含义",
        examples=["评价期内无环境违法记分。适当减少日常监督检查频次……"],
    )
    points: int = Field(description="Penalty points that led to it. 记分", examples=[0])
    valid_from: dt.date = Field(description="有效期起 (valid from)", examples=["2026-01-01"])
    valid_to: dt.date | None = Field(
        description="有效期止 (valid until, inclusive); null while current", examples=[None]
    )
    scheme_name: str = Field(
        description="评价办法 (the level scheme)",
        examples=["山东省企业环境信用评价（2020年12月31日起施行）"],
    )


class EnterpriseRecord(BaseModel):
    """Registration facts, credit level, list entries in force and public penalties."""

    uscc: str = Field(
        description="统一社会信用代码 (unified social credit code)", examples=["91370611MA3C00003F"]
    )
    url: str = Field(
        description="This record's page. 页面地址", examples=["/enterprises/91370611MA3C00003F"]
    )
    name: str = Field(description="企业名称 (name)", examples=["烟台某某化工有限公司"])
    former_names: list[str] = Field(
        description="曾用名 (former names)", examples=[["烟台某某化工厂"]]
    )
    legal_representative: str | None = Field(
        description="法定代表人 (legal representative)", examples=["张三"]
    )
    district_code: str | None = Field(
        description="行政区划代码 (district code)", examples=["370611"]
    )
    district_name: str | None = Field(description="所属区县 (district)", examples=["福山区"])
    industry: str | None = Field(
        description="所属行业 (industry)", examples=["化学原料和化学制品制造业"]
    )
    address: str | None = Field(
        description="注册地址 (registered address)", examples=["山东省烟台市福山区某某路1号"]
    )
    registration_status: str = Field(
        description="登记状态 code: active, revoked, cancelled, moved_out", examples=["active"]
    )
    registration_status_label: str = Field(
        description="登记状态 (registration status)", examples=["存续"]
    )
    established_on: dt.date | None = Field(
        description="成立日期 (established on)", examples=["2008-05-20"]
    )
    credit_level: CreditLevelOut | None = Field(
        description="当前信用等级: the level valid today; null when never assessed"
    )
    level_history: list[CreditLevelOut] = Field(
        description="信用等级历史 (levels, newest first, the current one included)"
    )
    on_black_list: bool = Field(description="在黑名单（失信惩戒）中 today", examples=[False])
    on_red_list: bool = Field(description="在红名单（守信激励）中 today", examples=[False])
    list_entries: list[ListEntryOut] = Field(
        description="红黑名单记录: red (honour) and black (dishonesty) list entries in force today"
    )
    penalties: list[PenaltyDetail] = Field(
        description="行政处罚: every penalty public today, newest decision first"
    )
    joint_measures: list[EntryMeasureListOut] = Field(
        description="联合奖惩措施: for each list entry in force, the measures it triggers "
        "(from the catalogue, with their legal basis)"
    )
    licences: list[LicenceOut] = Field(
        description="行政许可: every licence public on the day, newest decision first, with its "
        "status then (in force, expired, revoked or cancelled)"
    )
    data_updated_at: dt.datetime = Field(
        description="数据更新于: the latest change among the rows shown (UTC)",
        examples=["2026-06-01T02:00:00Z"],
    )
    as_of: dt.date = Field(
        description="The day this record is shown as of. 日期", examples=["2026-06-01"]
    )
