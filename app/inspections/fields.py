"""The fields of a case and of its findings as people type them (forms, JSON, the imported
spreadsheet), checked once here: every problem is a ``FieldError`` naming the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from app.kit.errors import FieldError, ValidationFailed
from app.kit.identifiers import IdentifierError, parse_uscc
from app.kit.regions import division_name
from app.kit.values import ValueProblem, clean_text, parse_date, parse_wan
from app.models.inspection_case_problem import POLLUTION_TYPES
from app.models.inspection_finding import TRUTH_LABELS, Truth

CHANNELS = ("来电", "来信")
TRUTH_BY_LABEL = {label: truth for truth, label in TRUTH_LABELS.items()}
MAX_TEXT = 5000


@dataclass(frozen=True)
class UnitShare:
    name: str
    share: Decimal | None  # None: an equal part of what the listed shares leave


@dataclass(frozen=True)
class CaseInput:
    case_number: str
    sequence: int
    channel: str
    summary: str
    area_code: str
    pollution_types: tuple[str, ...]
    units: tuple[UnitShare, ...]
    key_concern: bool = False
    duplicate_of: str | None = None
    enterprises: tuple[str, ...] = ()
    private_names: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class FindingInput:
    investigation: str
    truth: Truth
    handling: str
    accountability: str = ""
    ordered_rectification: int = 0
    penalty_cases: int = 0
    penalty_record_ids: tuple[int, ...] = ()
    fine_amount: Decimal | None = None
    criminal_cases: int = 0
    detentions: int = 0
    interviews: int = 0
    accountable_persons: int = 0
    rectification_deadline: dt.date | None = None
    internal_note: str | None = None
    private_names: tuple[str, ...] = ()
    change_reason: str | None = None


class _Reader:
    def __init__(self, raw: Mapping[str, object]) -> None:
        self.raw = raw
        self.errors: list[FieldError] = []

    def text(self, key: str, label: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
        try:
            value = clean_text(self.raw.get(key))
        except ValueProblem as exc:
            self.errors.append(FieldError(key, exc.message, exc.code))
            return ""
        if required and not value:
            self.errors.append(FieldError(key, f"请填写{label}", "required"))
        elif len(value) > limit:
            self.errors.append(FieldError(key, f"{label}不能超过{limit}个字", "too_long"))
        return value

    def count(self, key: str, label: str) -> int:
        value = self.text(key, label, required=False, limit=10)
        if not value:
            return 0
        if not value.isdigit() or int(value) > 100000:
            self.errors.append(FieldError(key, f"{label}应为0到100000之间的整数", "not_count"))
            return 0
        return int(value)

    def date(self, key: str, label: str, *, required: bool = False) -> dt.date | None:
        value = self.text(key, label, required=required, limit=20)
        if not value:
            return None
        try:
            return parse_date(value)
        except ValueProblem as exc:
            self.errors.append(FieldError(key, f"{label}：{exc.message}", exc.code))
            return None

    def items(self, key: str) -> list[str]:
        value = self.raw.get(key)
        if isinstance(value, list | tuple):
            parts = [str(v) for v in value]
        else:
            text = self.text(key, key, required=False)
            parts = text.replace("，", ",").replace("、", ",").replace(";", ",").split(",")
        return [p.strip() for p in parts if p.strip()]

    def fail(self) -> None:
        if self.errors:
            raise ValidationFailed(fields=self.errors)


def _shares(reader: _Reader, key: str) -> tuple[UnitShare, ...]:
    """``高新区`` or ``福山区:0.5,莱山区:0.5`` (also 福山区（0.5）)."""
    shares: list[UnitShare] = []
    for part in reader.items(key):
        name, share = part, None
        for sep in (":", "：", "（", "("):
            if sep in part:
                name, _, rest = part.partition(sep)
                rest = rest.rstrip("）)")
                try:
                    share = Decimal(rest.strip())
                except ArithmeticError:
                    reader.errors.append(FieldError(key, f"“{part}”的份额应为数字", "share"))
                break
        if share is not None and not Decimal(0) < share <= Decimal(1):
            reader.errors.append(FieldError(key, f"“{part}”的份额应大于0且不超过1", "share"))
        shares.append(UnitShare(name.strip(), share))
    if not shares:
        reader.errors.append(FieldError(key, "请填写承办单位", "required"))
    return tuple(shares)


def unit_names(raw: Mapping[str, object]) -> list[str]:
    """The handling units named in a row, whatever else is wrong with it."""
    return [u.name for u in _shares(_Reader(raw), "units")]


def parse_case(raw: Mapping[str, object]) -> CaseInput:
    r = _Reader(raw)
    number = r.text("case_number", "受理编号", limit=40)
    sequence = r.count("sequence", "序号")
    channel = r.text("channel", "来电/来信", required=False, limit=10) or "来电"
    if channel not in CHANNELS:
        r.errors.append(FieldError("channel", "应为“来电”或“来信”", "not_allowed"))
    summary = r.text("summary", "交办问题基本情况")
    area = r.text("area_code", "行政区域", limit=10)
    if area and division_name(area) is None:
        r.errors.append(FieldError("area_code", f"“{area}”不是烟台市的行政区划代码", "area"))
    types = r.items("pollution_types")
    unknown = [t for t in types if t not in POLLUTION_TYPES]
    if unknown:
        allowed = "、".join(POLLUTION_TYPES)
        r.errors.append(FieldError("pollution_types", f"污染类型应为{allowed}之一", "type"))
    if not types:
        r.errors.append(FieldError("pollution_types", "请填写污染类型", "required"))
    units = _shares(r, "units")
    enterprises: list[str] = []
    for code in r.items("enterprises"):
        try:
            enterprises.append(parse_uscc(code))
        except IdentifierError as exc:
            r.errors.append(FieldError("enterprises", f"“{code}”：{exc.message}", exc.code))
    key_concern = str(raw.get("key_concern") or "").strip() in ("1", "true", "on", "是", "yes")
    duplicate_of = r.text("duplicate_of", "重复件", required=False, limit=40) or None
    names = tuple(r.items("private_names"))
    r.fail()
    return CaseInput(
        case_number=number,
        sequence=sequence,
        channel=channel,
        summary=summary,
        area_code=area,
        pollution_types=tuple(dict.fromkeys(types)),
        units=units,
        key_concern=key_concern,
        duplicate_of=duplicate_of,
        enterprises=tuple(dict.fromkeys(enterprises)),
        private_names=names,
    )


def parse_finding(raw: Mapping[str, object]) -> FindingInput:
    r = _Reader(raw)
    investigation = r.text("investigation", "调查核实情况")
    truth_text = r.text("truth", "是否属实", limit=10)
    truth = Truth.true
    if truth_text:
        found = TRUTH_BY_LABEL.get(truth_text) or (
            Truth(truth_text) if truth_text in Truth.__members__ else None
        )
        if found is None:
            r.errors.append(
                FieldError("truth", "应为属实、基本属实、部分属实或不属实", "not_allowed")
            )
        else:
            truth = found
    handling = r.text("handling", "处理和整改情况")
    accountability = r.text("accountability", "问责情况", required=False)
    fine: Decimal | None = None
    fine_text = r.text("fine_amount", "罚款金额", required=False, limit=30)
    if fine_text:
        try:
            fine = parse_wan(fine_text)
        except ValueProblem as exc:
            r.errors.append(FieldError("fine_amount", exc.message, exc.code))
    ids: list[int] = []
    for item in r.items("penalty_record_ids"):
        if not item.isdigit() or not 0 < int(item) < 2**31:
            r.errors.append(FieldError("penalty_record_ids", f"“{item}”不是记录编号", "not_id"))
        else:
            ids.append(int(item))
    values = FindingInput(
        investigation=investigation,
        truth=truth,
        handling=handling,
        accountability=accountability,
        ordered_rectification=r.count("ordered_rectification", "责令整改"),
        penalty_cases=r.count("penalty_cases", "立案处罚"),
        penalty_record_ids=tuple(dict.fromkeys(ids)),
        fine_amount=fine,
        criminal_cases=r.count("criminal_cases", "立案侦查"),
        detentions=r.count("detentions", "拘留"),
        interviews=r.count("interviews", "约谈"),
        accountable_persons=r.count("accountable_persons", "问责"),
        rectification_deadline=r.date("rectification_deadline", "整改时限"),
        internal_note=r.text("internal_note", "内部备注", required=False) or None,
        private_names=tuple(r.items("private_names")),
        change_reason=r.text("change_reason", "更正原因", required=False) or None,
    )
    r.fail()
    return values
