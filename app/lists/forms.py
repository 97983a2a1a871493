"""A list proposal as posted by the workspace form, checked field by field (Chinese errors)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.kit.errors import FieldError, ValidationFailed
from app.kit.values import ValueProblem, parse_date
from app.lists.service import Proposal
from app.models import ListType
from app.web.forms import parse_id

LIST_TYPE_LABELS = {ListType.black: "黑名单（失信惩戒）", ListType.red: "红名单（守信激励）"}


def parse_list_type(value: object) -> ListType | None:
    try:
        return ListType(str(value or ""))
    except ValueError:
        return None


def _date(raw: dict[str, Any], name: str, label: str, errors: list[FieldError]) -> dt.date | None:
    text = str(raw.get(name, "") or "").strip()
    if not text:
        errors.append(FieldError(name, f"请填写{label}", "required"))
        return None
    try:
        return parse_date(text)
    except ValueProblem as problem:
        errors.append(FieldError(name, problem.message, problem.code))
        return None


def proposal_from_form(raw: dict[str, Any]) -> Proposal:
    errors: list[FieldError] = []
    list_type = parse_list_type(raw.get("list_type"))
    if list_type is None:
        errors.append(FieldError("list_type", "请选择名单类型"))
    enterprise_id = parse_id(raw.get("enterprise_id"))
    if enterprise_id is None:
        errors.append(FieldError("enterprise_id", "请先选择企业", "required"))
    start = _date(raw, "start_date", "起始日期", errors)
    end = _date(raw, "end_date", "截止日期", errors)
    record_ids = tuple(
        i for i in (parse_id(v) for v in raw.get("penalty_record_ids", [])) if i is not None
    )
    if errors or list_type is None or enterprise_id is None or start is None or end is None:
        raise ValidationFailed(fields=errors)
    return Proposal(
        list_type=list_type,
        enterprise_id=enterprise_id,
        basis=str(raw.get("basis", "")),
        start_date=start,
        end_date=end,
        category=str(raw.get("category", "")) or None,
        penalty_record_ids=record_ids,
        legal_basis=str(raw.get("legal_basis", "")) or None,
        decision_number=str(raw.get("decision_number", "")) or None,
    )
