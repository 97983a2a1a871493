"""What the public sees of an administrative licence (行政许可, the 双公示 licence field set), in
JSON, CSV and on the pages alike. English field names; the Chinese label opens each description.
The status (``in_force`` 有效, ``expired`` 已过期, ``revoked`` 已撤销, ``cancelled`` 已注销,
``pending`` 尚未生效) is derived from the dates and the revocation on the day served."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field


class LicenceOut(BaseModel):
    id: int = Field(description="记录编号（永久链接） permalink id", examples=[12])
    url: str = Field(description="公示页面地址 permalink page", examples=["/licences/12"])
    version: int = Field(description="版本号（更正后递增）", examples=[1])
    party_name: str = Field(description="行政相对人名称", examples=["烟台某某化工有限公司"])
    party_type: str = Field(
        description="行政相对人类别代码: legal_entity, individual_business",
        examples=["legal_entity"],
    )
    party_type_label: str = Field(description="行政相对人类别", examples=["法人及非法人组织"])
    party_uscc: str | None = Field(description="统一社会信用代码", examples=["91370611MA3C00003F"])
    legal_representative: str | None = Field(description="法定代表人", examples=["张三"])
    enterprise_url: str | None = Field(
        description="企业信用记录页面（已登记的企业）", examples=["/enterprises/91370611MA3C00003F"]
    )
    document_name: str = Field(description="行政许可决定文书名称", examples=["排污许可决定书"])
    document_number: str = Field(description="行政许可决定文书号", examples=["烟环许〔2026〕12号"])
    kind_code: str = Field(description="许可事项代码", examples=["pollutant_discharge"])
    kind_name: str = Field(description="许可事项", examples=["排污许可"])
    category: str = Field(
        description="许可类别代码: general, special, recognition, approval …", examples=["general"]
    )
    category_label: str = Field(
        description="许可类别（普通/特许/认可/核准/登记/其他）", examples=["普通"]
    )
    certificate_name: str | None = Field(description="许可证书名称", examples=["排污许可证"])
    licence_number: str | None = Field(description="许可编号", examples=["91370611MA3C00003F001P"])
    content: str = Field(description="许可内容", examples=["准予排放废气、废水，许可排放量见副本"])
    decision_date: dt.date = Field(description="许可决定日期", examples=["2026-03-01"])
    valid_from: dt.date = Field(description="有效期自", examples=["2026-03-01"])
    valid_to: dt.date | None = Field(description="有效期至（null：长期）", examples=["2031-02-28"])
    authority_name: str = Field(description="许可机关", examples=["烟台市生态环境局"])
    authority_uscc: str = Field(
        description="许可机关统一社会信用代码", examples=["11370600MB2856094Y"]
    )
    data_source_name: str = Field(description="数据来源单位", examples=["烟台市生态环境局"])
    data_source_uscc: str = Field(
        description="数据来源单位统一社会信用代码", examples=["11370600MB2856094Y"]
    )
    district_code: str | None = Field(description="所属区县代码", examples=["370611"])
    district_name: str | None = Field(description="所属区县", examples=["福山区"])
    remarks: str | None = Field(description="备注", examples=[None])
    status: str = Field(description="状态代码（当日按日期和撤销推算）", examples=["in_force"])
    status_label: str = Field(
        description="状态：有效、已过期、已撤销、已注销、尚未生效", examples=["有效"]
    )
    revocation_kind: str | None = Field(
        description="撤销或注销代码: revoked, cancelled", examples=[None]
    )
    revocation_kind_label: str | None = Field(description="撤销或注销", examples=[None])
    revocation_date: dt.date | None = Field(description="撤销或注销日期", examples=[None])
    revocation_reason: str | None = Field(description="撤销或注销原因", examples=[None])
    revocation_document: str | None = Field(description="撤销或注销文书号", examples=[None])
    updated_at: dt.datetime = Field(
        description="本版本最后修改时间（UTC）", examples=["2026-03-02T02:00:00Z"]
    )


class LicenceList(BaseModel):
    items: list[LicenceOut] = Field(description="本页的行政许可（许可决定日期新者在前）")
    next_cursor: str | None = Field(
        description="下一页的翻页参数；null 为最后一页", examples=[None]
    )
    as_of: dt.date = Field(description="数据日期（公示状态按此日推算）", examples=["2026-06-01"])


# The CSV columns: the 双公示 licence field set with its Chinese labels, then the status.
CSV_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "记录编号"),
    ("party_name", "行政相对人名称"),
    ("party_type_label", "行政相对人类别"),
    ("party_uscc", "统一社会信用代码"),
    ("legal_representative", "法定代表人"),
    ("document_name", "行政许可决定文书名称"),
    ("document_number", "行政许可决定文书号"),
    ("category_label", "许可类别"),
    ("certificate_name", "许可证书名称"),
    ("licence_number", "许可编号"),
    ("content", "许可内容"),
    ("decision_date", "许可决定日期"),
    ("valid_from", "有效期自"),
    ("valid_to", "有效期至"),
    ("authority_name", "许可机关"),
    ("authority_uscc", "许可机关统一社会信用代码"),
    ("data_source_name", "数据来源单位"),
    ("data_source_uscc", "数据来源单位统一社会信用代码"),
    ("remarks", "备注"),
    ("kind_name", "许可事项"),
    ("status_label", "状态"),
    ("revocation_date", "撤销或注销日期"),
)


# --- the admin API (/api/v1/admin/licences) ---------------------------------------------------


class LicenceIn(BaseModel):
    """A licence as the bureau's systems send it (the same rules as the form)."""

    model_config = ConfigDict(extra="forbid")

    party_name: str = Field("", description="行政相对人名称")
    party_type: str = Field("", description="行政相对人类别：legal_entity / individual_business")
    party_uscc: str = Field("", description="统一社会信用代码")
    legal_representative: str | None = Field(None, description="法定代表人（法人必填）")
    kind: str = Field("", description="许可事项代码，如 pollutant_discharge")
    document_name: str = Field("", description="行政许可决定文书名称")
    document_number: str = Field("", description="行政许可决定文书号（同一机关内唯一）")
    category: str = Field("", description="许可类别：general 普通 / special 特许 / … 或中文")
    certificate_name: str | None = Field(None, description="许可证书名称")
    licence_number: str | None = Field(None, description="许可编号")
    content: str = Field("", description="许可内容")
    decision_date: str = Field("", description="许可决定日期（YYYY-MM-DD，不晚于今天）")
    valid_from: str = Field("", description="有效期自（YYYY-MM-DD）")
    valid_to: str | None = Field(None, description="有效期至（YYYY-MM-DD；空为长期）")
    district_code: str | None = Field(None, description="所属区县代码（默认为企业所在区县）")
    data_source_name: str | None = Field(None, description="数据来源单位（默认为本机关）")
    data_source_uscc: str | None = Field(None, description="数据来源单位统一社会信用代码")
    remarks: str | None = Field(None, description="备注")
    change_reason: str | None = Field(None, description="更正原因（更正时必填）")

    def raw(self, authority_name: str, authority_uscc: str) -> dict[str, object]:
        values: dict[str, object] = {
            k: ("" if v is None else v) for k, v in self.model_dump().items()
        }
        values["data_source_name"] = values["data_source_name"] or authority_name
        values["data_source_uscc"] = values["data_source_uscc"] or authority_uscc
        return values


class RevocationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str = Field("", description="revoked 撤销 / cancelled 注销")
    revocation_date: dt.date | None = Field(None, description="生效日期（YYYY-MM-DD）")
    reason: str = Field("", description="撤销或注销原因")
    document: str = Field("", description="撤销或注销文书号")


class LicenceReturnIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    comment: str = Field("", description="退回原因（必填）")


class LicenceVersionOut(BaseModel):
    id: int = Field(description="版本编号（审核、修改时使用）")
    record_id: int = Field(description="许可记录编号（各版本相同，即公示永久链接编号）")
    version: int
    status: str = Field(description="draft / submitted / returned / published / superseded …")
    document_number: str
    party_name: str
    party_uscc: str | None
    review_comment: str | None
    revocation_proposed: bool = Field(description="有待确认的撤销或注销")
    revoked: bool = Field(description="已撤销或注销（已确认）")
