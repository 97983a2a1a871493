"""The JSON faces of the board, the case table and a case (field names English, meanings in
Chinese in the descriptions)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class CampaignHeadline(BaseModel):
    campaign_id: int = Field(description="督察编号")
    title: str = Field(description="督察名称")
    kind: str = Field(description="督察类型（中央 / 中央“回头看” / 省级 / 市级热线）")
    team: str = Field(description="督察组")
    round: str = Field(description="轮次")
    start_date: dt.date = Field(description="开始日期")
    end_date: dt.date = Field(description="结束日期")
    handed_over: int = Field(description="交办信访件（件）")
    closed: int = Field(description="已办结（件，含已销号）")
    stage_closed: int = Field(description="阶段性办结（件）")
    open: int = Field(description="未办结（件）= 交办 − 已办结")
    cancelled: int = Field(description="已销号（件）")
    findings_public: int = Field(description="已公开调查处理情况（件）")
    true_rate: str = Field(description="属实率（属实、基本属实、部分属实 / 已公开）")
    untrue_rate: str = Field(description="不属实率")
    closed_rate: str = Field(description="办结率（已办结 / 交办）")
    as_of: dt.date = Field(description="截至日期")


class BreakdownRow(BaseModel):
    label: str = Field(description="分组（承办单位、污染类型或批次）")
    handed_over: str = Field(description="交办（含单位，如 38.5件）")
    closed: str = Field(description="已办结")
    handed_over_value: str = Field(description="交办（十进制数字字符串，可为 0.5 的倍数）")
    closed_value: str = Field(description="已办结（十进制数字字符串）")


class CurvePoint(BaseModel):
    label: str = Field(description="截至周或月")
    handed_over: int = Field(description="累计交办")
    closed: int = Field(description="累计办结")


class OverdueItem(BaseModel):
    case_id: int
    case_number: str = Field(description="受理编号")
    area: str = Field(description="行政区域")
    reasons: list[str] = Field(description="逾期情形")
    public: bool = Field(description="调查处理情况是否已公开")


class TaskOut(BaseModel):
    responsible_unit: str = Field(description="责任单位")
    responsible_person: str = Field(description="责任人")
    deadline: dt.date = Field(description="整改时限")
    target: str = Field(description="整改目标")
    measures: str = Field(description="整改措施")


class ProblemOut(BaseModel):
    problem_id: int
    number: int = Field(description="序号")
    kind: str = Field(description="个性问题 / 共性问题")
    title: str = Field(description="问题")
    description: str = Field(description="问题说明")
    status: str = Field(description="整改状态")
    standard_reached: bool = Field(description="达到整改标准（含已销号）")
    closed: bool = Field(description="完成销号")
    on_schedule: bool = Field(description="按时序推进（未销号且未逾期）")
    standard_reached_on: dt.date | None = Field(description="达到整改标准日期")
    closed_on: dt.date | None = Field(description="销号日期")
    tasks: list[TaskOut] = Field(description="整改任务")


class Board(BaseModel):
    as_of: dt.date = Field(description="截至日期")
    campaigns: list[CampaignHeadline] = Field(description="各督察的总体情况")
    campaign_id: int | None = Field(description="以下分组所属的督察")
    by_unit: list[BreakdownRow] = Field(description="按承办单位（份额可为0.5件）")
    by_type: list[BreakdownRow] = Field(description="按污染类型（问题数，一件可含多个问题）")
    by_batch: list[BreakdownRow] = Field(description="按批次")
    curve: list[CurvePoint] = Field(description="累计交办与办结")
    overdue: list[OverdueItem] = Field(description="逾期情形（按日期计算，至多500件）")
    problems: list[ProblemOut] = Field(description="督察反馈问题及整改任务")


class CaseListItem(BaseModel):
    number: int = Field(description="序号")
    case_id: int = Field(description="记录编号（案件页 /inspections/cases/{case_id}）")
    case_number: str = Field(description="受理编号")
    summary: str = Field(description="交办问题基本情况")
    area_code: str = Field(description="行政区域代码")
    area: str = Field(description="行政区域")
    pollution_types: list[str] = Field(description="污染类型")
    investigation: str = Field(description="调查核实情况")
    truth: str = Field(description="是否属实")
    handling: str = Field(description="处理和整改情况")
    accountability: str = Field(description="问责情况")
    status: str = Field(description="办理状态")


class CaseList(BaseModel):
    as_of: dt.date
    total: int = Field(description="符合条件的已公开信访件数")
    columns: list[str] = Field(description="公开表的列（CSV 同序）")
    items: list[CaseListItem]
    next_cursor: str | None = Field(description="下一页的 cursor 参数")


class EnterpriseRef(BaseModel):
    uscc: str = Field(description="统一社会信用代码")
    name: str | None = Field(description="企业名称（在本平台登记的）")
    label: str | None = Field(description="经查不属实时为“经查不属实”：不作为违法主体，不影响信用")


class MilestoneOut(BaseModel):
    label: str = Field(description="节点")
    day: dt.date = Field(description="日期")


class CaseDetail(BaseModel):
    as_of: dt.date
    case_id: int
    version: int = Field(description="调查处理情况版本号")
    campaign_id: int
    campaign: str = Field(description="督察名称")
    team: str = Field(description="督察组")
    batch: str = Field(description="批次")
    handed_over_on: dt.date = Field(description="交办日期")
    case_number: str = Field(description="受理编号")
    channel: str = Field(description="来电 / 来信")
    key_concern: bool = Field(description="重点关注件")
    summary: str = Field(description="交办问题基本情况")
    area_code: str
    area: str = Field(description="行政区域")
    pollution_types: list[str] = Field(description="污染类型")
    units: list[dict[str, str]] = Field(description="承办单位：name 名称、share 份额、kind 类别")
    investigation: str = Field(description="调查核实情况")
    truth: str = Field(description="是否属实")
    handling: str = Field(description="处理和整改情况")
    accountability: str = Field(description="问责情况")
    ordered_rectification: int = Field(description="责令整改（家）")
    penalty_cases: int = Field(description="立案处罚（家）")
    fine_amount: str | None = Field(description="罚款（万元，6位小数）")
    criminal_cases: int = Field(description="立案侦查（件）")
    detentions: int = Field(description="拘留（人）")
    interviews: int = Field(description="约谈（人）")
    accountable_persons: int = Field(description="问责（人）")
    rectification_deadline: dt.date | None = Field(description="整改时限")
    penalty_record_ids: list[int] = Field(description="立案处罚的行政处罚记录编号")
    enterprises: list[EnterpriseRef] = Field(description="涉及企业")
    status: str = Field(description="办理状态")
    overdue: list[str] = Field(description="逾期情形")
    timeline: list[MilestoneOut] = Field(description="办理节点")


class FindingIn(BaseModel):
    """Findings as the admin API takes them (texts are masked when saved; see privacy.py)."""

    investigation: str = Field(description="调查核实情况", max_length=5000)
    truth: str = Field(description="是否属实：属实 / 基本属实 / 部分属实 / 不属实", max_length=10)
    handling: str = Field(description="处理和整改情况", max_length=5000)
    accountability: str = Field("", description="问责情况", max_length=5000)
    ordered_rectification: int = Field(0, ge=0, le=100000, description="责令整改（家）")
    penalty_cases: int = Field(0, ge=0, le=100000, description="立案处罚（家）")
    penalty_record_ids: list[int] = Field(default_factory=list, description="行政处罚记录编号")
    fine_amount: str | None = Field(None, description="罚款（万元）", max_length=30)
    criminal_cases: int = Field(0, ge=0, le=100000, description="立案侦查（件）")
    detentions: int = Field(0, ge=0, le=100000, description="拘留（人）")
    interviews: int = Field(0, ge=0, le=100000, description="约谈（人）")
    accountable_persons: int = Field(0, ge=0, le=100000, description="问责（人）")
    rectification_deadline: str | None = Field(None, description="整改时限 YYYY-MM-DD")
    internal_note: str | None = Field(None, description="内部备注（不公开）", max_length=5000)
    private_names: list[str] = Field(default_factory=list, description="文中自然人姓名（不保存）")
    change_reason: str | None = Field(
        None, description="更正原因（更正已公开的调查处理情况时必填）"
    )

    def raw(self) -> dict[str, object]:
        data = self.model_dump()
        for key in (
            "ordered_rectification",
            "penalty_cases",
            "criminal_cases",
            "detentions",
            "interviews",
            "accountable_persons",
        ):
            data[key] = str(data[key])
        data["penalty_record_ids"] = [str(i) for i in self.penalty_record_ids]
        return {k: v for k, v in data.items() if v is not None}


class FindingOut(BaseModel):
    finding_id: int
    case_id: int
    version: int = Field(description="版本号")
    status: str = Field(description="draft / submitted / returned / published / superseded")
    investigation: str
    truth: str
    handling: str
    accountability: str
    review_comment: str | None
    allowed_actions: list[str] = Field(description="当前账号可执行的操作")


class CommentIn(BaseModel):
    comment: str = Field(description="退回原因", max_length=1000)
