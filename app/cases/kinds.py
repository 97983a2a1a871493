"""The two kinds of case: credit repair applications (信用修复申请, ``app.repairs``) and
objections (异议, ``app.objections``).

A case is filed on the public site with supporting files (``CaseFile``), gets an unguessable
number that the filer follows together with a second factor, is handled by one authority within
working-day deadlines, and ends with a decision and its reasons. What a kind is made of is data
here (its table, its statuses and steps, its words); what it does on top (the records it is
about, the pledge, withdrawing a record, a correction) stays in its own package.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import InstrumentedAttribute

from app.kit.errors import FieldError
from app.kit.identifiers import IdentifierError, parse_uscc
from app.models import (
    CaseFile,
    Objection,
    ObjectionStatus,
    RepairApplication,
    RepairStatus,
)
from app.models.objection import OBJECTION_STATUS_LABELS
from app.models.repair import OPEN_REPAIR_STATUSES, REPAIR_STATUS_LABELS
from app.web.public_forms import parse_phone

# A case of either kind; generic code is checked for each (a protocol bound would do, but mypy
# cannot check SQLAlchemy's mapped attributes against one while it analyses annotations).
Case = RepairApplication | Objection
C = TypeVar("C", RepairApplication, Objection)


@dataclass(frozen=True)
class StepRule:
    """One working-day deadline of a case: it counts ``within`` working days from the date in
    ``starts`` (not reached while that is empty), is the current step while the case has
    ``status``, and is done on the first of ``done`` that is set (a date, or a time whose
    Asia/Shanghai day counts)."""

    label: str
    status: enum.StrEnum
    starts: str
    within: str
    done: tuple[str, ...]


@dataclass(frozen=True)
class FactorInput:
    """The second factor's input on the filer's status page."""

    label: str
    type: str  # the input's type
    maxlength: int
    autocomplete: str | None


@dataclass(frozen=True)
class Words:
    """How a kind is named to people."""

    noun: str  # 信用修复申请 / 异议
    short: str  # 申请 / 异议
    number_label: str  # 申请编号 / 异议编号
    open_word: str  # 办理中 / 处理中
    progress: str  # the filer's status page: 信用修复办理进度 / 异议处理进度
    status_heading: str  # its status: 办理状态 / 处理状态
    status_link: str  # the link to it
    number_id: str  # the HTML id of the number on the confirmation
    submitted_next: str  # what the confirmation says happens next
    list_hint: str  # above the officers' list
    subject_heading: str  # its columns: what a case is about, who filed it
    party_heading: str
    lookup_failed: str  # the one answer to a wrong number or a wrong second factor
    wrong_authority: str  # ``{name}``: the deciding authority


@dataclass(frozen=True)
class CaseKind(Generic[C]):
    model: type[C]
    name: str  # repair / objection: in audit actions and notices
    slug: str  # in URLs: /repairs, /admin/repairs, /api/v1/admin/repairs
    id_param: str  # the path parameter: repair_id / objection_id
    object_type: str  # in the audit log
    file_owner: str  # the CaseFile column naming the case
    number_prefix: str
    factor: str  # the attribute the second factor of a lookup must equal
    factor_field: str  # its field in the status forms
    factor_input: FactorInput
    parse_factor: Callable[[str | None, list[FieldError]], str]
    open_statuses: tuple[enum.StrEnum, ...]
    status_labels: Mapping[Any, str]
    filters: Mapping[str, tuple[str, tuple[enum.StrEnum, ...]]]  # the officers' list
    steps: tuple[StepRule, ...]
    officers: tuple[str, ...]  # the attributes naming the officers who acted
    words: Words

    def column(self, name: str) -> InstrumentedAttribute[Any]:
        """The model's column ``name`` (one of the ``Case`` attributes or a step's)."""
        found: InstrumentedAttribute[Any] = getattr(self.model, name)
        return found

    def file_column(self) -> InstrumentedAttribute[int | None]:
        """The ``CaseFile`` column naming the case."""
        found: InstrumentedAttribute[int | None] = getattr(CaseFile, self.file_owner)
        return found


def _uscc(raw: str | None, problems: list[FieldError]) -> str:
    try:
        return parse_uscc(raw)
    except IdentifierError as exc:
        problems.append(FieldError("uscc", exc.message, exc.code))
        return ""


def _phone(raw: str | None, problems: list[FieldError]) -> str:
    return parse_phone(raw, "phone", problems)


REPAIRS = CaseKind(
    model=RepairApplication,
    name="repair",
    slug="repairs",
    id_param="repair_id",
    object_type="repair_application",
    file_owner="repair_id",
    number_prefix="XF",
    factor="uscc",
    factor_field="uscc",
    factor_input=FactorInput("统一社会信用代码", "text", 30, "off"),
    parse_factor=_uscc,
    open_statuses=OPEN_REPAIR_STATUSES,
    status_labels=REPAIR_STATUS_LABELS,
    filters={
        "open": ("办理中", OPEN_REPAIR_STATUSES),
        "submitted": ("待受理", (RepairStatus.submitted,)),
        "accepted": ("审查中", (RepairStatus.accepted,)),
        "approved": ("准予修复", (RepairStatus.approved,)),
        "rejected": ("不予修复", (RepairStatus.rejected,)),
        "all": ("全部", ()),
    },
    steps=(
        # A rejection without acceptance ends the acceptance step too.
        StepRule(
            "受理",
            RepairStatus.submitted,
            "submitted_on",
            "accept_within",
            ("accepted_on", "decided_at"),
        ),
        StepRule(
            "作出决定", RepairStatus.accepted, "accepted_on", "decide_within", ("decided_at",)
        ),
    ),
    officers=("accepted_by_id", "decided_by_id"),
    words=Words(
        noun="信用修复申请",
        short="申请",
        number_label="申请编号",
        open_word="办理中",
        progress="信用修复办理进度",
        status_heading="办理状态",
        status_link="查询办理进度",
        number_id="application-number",
        submitted_next="请妥善保存申请编号。办理机关将在规定的工作日内受理并作出决定；"
        "凭申请编号和企业的统一社会信用代码可随时查询办理进度和决定理由。",
        list_hint="由作出认定的机关受理和决定（谁认定、谁修复）：受理、决定各有工作日期限，"
        "逾期的标为“已逾期”。",
        subject_heading="修复对象",
        party_heading="申请企业",
        lookup_failed="未找到该申请：请核对申请编号和统一社会信用代码",
        wrong_authority="信用修复由作出认定的机关（{name}）办理（谁认定、谁修复），"
        "您所在的机关不能办理",
    ),
)

OBJECTIONS = CaseKind(
    model=Objection,
    name="objection",
    slug="objections",
    id_param="objection_id",
    object_type="objection",
    file_owner="objection_id",
    number_prefix="YY",
    factor="contact_phone",
    factor_field="phone",
    factor_input=FactorInput("提交异议时填写的联系电话", "tel", 20, None),
    parse_factor=_phone,
    open_statuses=(ObjectionStatus.open,),
    status_labels=OBJECTION_STATUS_LABELS,
    filters={
        "open": ("处理中", (ObjectionStatus.open,)),
        "upheld": ("异议成立", (ObjectionStatus.upheld,)),
        "rejected": ("异议不成立", (ObjectionStatus.rejected,)),
        "all": ("全部", ()),
    },
    steps=(
        StepRule("答复", ObjectionStatus.open, "submitted_on", "answer_within", ("decided_at",)),
    ),
    officers=("decided_by_id",),
    words=Words(
        noun="异议",
        short="异议",
        number_label="异议编号",
        open_word="处理中",
        progress="异议处理进度",
        status_heading="处理状态",
        status_link="查询处理进度",
        number_id="objection-number",
        submitted_next="请妥善保存异议编号。作出处罚的机关将在规定的工作日内核查答复；"
        "凭异议编号和联系电话可随时查询处理进度和答复理由。",
        list_hint="公众对已公示行政处罚信息提出的异议，由作出处罚的机关在规定的工作日内答复；"
        "逾期未答复的标为“已逾期”。",
        subject_heading="行政处罚",
        party_heading="异议人",
        lookup_failed="未找到该异议：请核对异议编号和联系电话",
        wrong_authority="异议由作出该处罚的机关（{name}）答复，您所在的机关不能办理",
    ),
)
