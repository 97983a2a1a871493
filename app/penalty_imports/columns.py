"""The columns of a 双公示 penalty file and the fields they fill.

Headers are matched after NFKC normalisation and removal of spaces and asterisks, so
``罚款金额(万元)`` and ``罚款金额（万元）`` are the same column. The API field names are accepted as
headers too. Amounts come in 万元 as the 双公示 standard has them, or in 元 when the header says so.
"""

from __future__ import annotations

from app.penalty_imports.reader import normalise_header

COLUMNS: dict[str, str] = {
    "行政相对人名称": "party_name",
    "行政相对人类别": "party_type",
    "统一社会信用代码": "party_uscc",
    "行政相对人代码_1(统一社会信用代码)": "party_uscc",
    "法定代表人": "legal_representative",
    "法定代表人证件类型": "legal_rep_id_type",
    "法定代表人证件号码": "legal_rep_id_number",
    "证件类型": "party_id_type",
    "证件号码": "party_id_number",
    "行政处罚决定书文号": "decision_number",
    "违法行为类型": "violation_type",
    "违法事实": "violation_facts",
    "处罚依据": "legal_basis",
    "处罚类别": "penalty_categories",
    "处罚内容": "penalty_content",
    "罚款金额(万元)": "fine_amount_wan",
    "罚款金额(元)": "fine_amount_yuan",
    "没收违法所得、没收非法财物的金额(万元)": "confiscation_amount_wan",
    "没收违法所得、没收非法财物的金额(元)": "confiscation_amount_yuan",
    "暂扣或吊销证照名称及编号": "licence",
    "严重程度": "severity",
    "失信严重程度": "severity",
    "处罚决定日期": "decision_date",
    "处罚有效期": "valid_until",
    "公示截止期": "publication_end_date",  # derived by the portal: read, never used
    "处罚机关": "authority_name",
    "处罚机关统一社会信用代码": "authority_uscc",
    "数据来源单位": "data_source_name",
    "数据来源单位统一社会信用代码": "data_source_uscc",
    "所属区县": "district_code",
    "所属区县代码": "district_code",
    "备注": "remarks",
}
REQUIRED_COLUMNS = (
    "party_name",
    "party_type",
    "decision_number",
    "violation_type",
    "violation_facts",
    "legal_basis",
    "penalty_categories",
    "penalty_content",
    "severity",
    "decision_date",
    "valid_until",
)
FIELD_COLUMNS = {field: header for header, field in reversed(COLUMNS.items())}
_BY_HEADER = {normalise_header(h): f for h, f in COLUMNS.items()} | {f: f for f in COLUMNS.values()}


def field_for(header: str) -> str | None:
    return _BY_HEADER.get(normalise_header(header))


def column_label(field: str) -> str:
    """The column a field came from, as shown in the preview (amounts without their unit)."""
    for name in (field, f"{field}_wan", f"{field}_yuan"):
        if name in FIELD_COLUMNS:
            return FIELD_COLUMNS[name]
    return field
