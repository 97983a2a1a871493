"""Pages for nomination bars and the persons they concern: record a person's role at an
enterprise, propose a bar directly, confirm or reject a proposed bar. ID numbers are shown
masked only; rules in ``app.nomination_bars.service`` and ``app.persons.service``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from app.access.guards import MAKER_ROLES
from app.access.names import user_names
from app.enterprises.repository import enterprise_by_uscc
from app.kit import clock
from app.kit.actor import Actor
from app.kit.errors import DomainError, FieldError, ValidationFailed
from app.kit.id_numbers import ID_TYPES
from app.kit.identifiers import IdentifierError, parse_uscc
from app.kit.values import ValueProblem, parse_date
from app.models import BarStatus, PersonRole
from app.models.nomination import BAR_SOURCE_LABELS, BAR_STATUS_LABELS
from app.models.person import PERSON_ROLE_LABELS
from app.nomination_bars import repository as bar_repository
from app.nomination_bars import service as bars
from app.persons.service import PersonInput, load_enterprise, record_role, roles_at
from app.web.admin import field_errors, render_admin
from app.web.auth import CheckerUser, MakerUser, StaffUser
from app.web.deps import DbSession, SettingsDep
from app.web.forms import PostedForm, attempt, posted_form, see_other
from app.web.params import RecordId, one_of

router = APIRouter(include_in_schema=False)
ROLE_OPTIONS = [(r.value, label) for r, label in PERSON_ROLE_LABELS.items()]


def _date(
    raw: dict[str, Any], name: str, errors: list[FieldError], required: bool
) -> dt.date | None:
    text = str(raw.get(name, "") or "").strip()
    if not text:
        if required:
            errors.append(FieldError(name, "请填写日期", "required"))
        return None
    try:
        return parse_date(text)
    except ValueProblem as problem:
        errors.append(FieldError(name, problem.message, problem.code))
        return None


def _role(raw: dict[str, Any], errors: list[FieldError], required: bool) -> PersonRole | None:
    value = str(raw.get("role", "") or "")
    if not value:
        if required:
            errors.append(FieldError("role", "请选择职务", "required"))
        return None
    try:
        return PersonRole(value)
    except ValueError:
        errors.append(FieldError("role", "职务不在可选范围内"))
        return None


def _person(raw: dict[str, Any]) -> PersonInput:
    return PersonInput(
        name=str(raw.get("name", "")),
        id_type=str(raw.get("id_type", "")),
        id_number=str(raw.get("id_number", "")),
    )


@router.get("/admin/nominations")
def index(
    request: Request,
    actor: StaffUser,
    session: DbSession,
    status: str = "",
) -> Response:
    chosen = BarStatus(status) if one_of(status, BarStatus, "status") else None
    return render_admin(
        request,
        actor,
        "admin/nominations/index.html",
        page_title="提名限制（两代表一委员）",
        rows=bar_repository.bars(session, actor, chosen),
        status=chosen.value if chosen else "",
        status_labels=BAR_STATUS_LABELS,
        role_labels=PERSON_ROLE_LABELS,
        can_propose=actor.role in MAKER_ROLES,
    )


def _bar_form(
    request: Request,
    actor: Actor,
    values: dict[str, Any],
    errors: list[FieldError] | None = None,
    status_code: int = 200,
) -> Response:
    return render_admin(
        request,
        actor,
        "admin/nominations/form.html",
        page_title="提议提名限制",
        values=values,
        id_types=ID_TYPES,
        roles=ROLE_OPTIONS,
        errors=field_errors(errors or []),
        status_code=status_code,
    )


@router.get("/admin/nominations/new")
def new_form(request: Request, actor: MakerUser) -> Response:
    return _bar_form(request, actor, {"start_date": clock.today().isoformat(), "id_type": "身份证"})


@router.post("/admin/nominations/new")
def propose(
    request: Request,
    raw: Annotated[PostedForm, Depends(posted_form())],
    settings: SettingsDep,
    actor: MakerUser,
    session: DbSession,
) -> Response:
    raw.pop("csrf_token", None)
    try:
        with attempt(session):
            errors: list[FieldError] = []
            start = _date(raw, "start_date", errors, True)
            end = _date(raw, "end_date", errors, True)
            role = _role(raw, errors, False)
            enterprise_id = None
            if str(raw.get("enterprise_uscc", "")).strip():
                try:
                    enterprise = enterprise_by_uscc(session, parse_uscc(raw["enterprise_uscc"]))
                except IdentifierError as error:
                    errors.append(FieldError("enterprise_uscc", error.message, error.code))
                    enterprise = None
                else:
                    if enterprise is None:
                        errors.append(
                            FieldError("enterprise_uscc", "系统中没有该统一社会信用代码的企业")
                        )
                enterprise_id = enterprise.id if enterprise else None
            if errors or start is None or end is None:
                raise ValidationFailed(fields=errors)
            bar = bars.propose_direct(
                session,
                settings,
                actor,
                _person(raw),
                enterprise_id=enterprise_id,
                role=role,
                basis=str(raw.get("basis", "")),
                start=start,
                end=end,
            )
    except DomainError as exc:
        if exc.status_code not in (409, 422):
            raise
        return _bar_form(request, actor, raw, exc.fields, exc.status_code)
    return see_other(f"/admin/nominations/{bar.id}?notice=proposed")


def _bar_page(
    request: Request,
    actor: Actor,
    session: Session,
    bar_id: int,
    errors: list[FieldError] | None = None,
    status_code: int = 200,
) -> Response:
    bar, person, enterprise = bar_repository.bar_row(session, bars.load_bar(session, actor, bar_id))
    return render_admin(
        request,
        actor,
        "admin/nominations/bar.html",
        page_title=f"提名限制第{bar.id}号",
        bar=bar,
        person=person,
        enterprise=enterprise,
        status_label=BAR_STATUS_LABELS[bar.status],
        source_label=BAR_SOURCE_LABELS[bar.source],
        role_label=PERSON_ROLE_LABELS[bar.role] if bar.role else "",
        names=user_names(session, (bar.proposed_by_id, bar.reviewed_by_id)),
        actions=bars.allowed_actions(actor, bar),
        awaiting_review=bars.awaiting_review(bar),
        errors=field_errors(errors or []),
        status_code=status_code,
    )


@router.get("/admin/nominations/{bar_id}")
def bar_page(
    request: Request,
    bar_id: RecordId,
    actor: StaffUser,
    session: DbSession,
) -> Response:
    return _bar_page(request, actor, session, bar_id)


@router.post("/admin/nominations/{bar_id}/approve")
def approve(
    bar_id: RecordId,
    actor: CheckerUser,
    session: DbSession,
) -> Response:
    bars.approve_bar(session, actor, bar_id)
    return see_other(f"/admin/nominations/{bar_id}?notice=approved")


@router.post("/admin/nominations/{bar_id}/reject")
def reject(
    request: Request,
    bar_id: RecordId,
    actor: CheckerUser,
    session: DbSession,
    comment: str = Form(""),
) -> Response:
    try:
        with attempt(session):
            bars.reject_bar(session, actor, bar_id, comment)
    except DomainError as exc:
        if exc.status_code != 422:
            raise
        return _bar_page(request, actor, session, bar_id, exc.fields, 422)
    return see_other(f"/admin/nominations/{bar_id}?notice=rejected")


def _persons_page(
    request: Request,
    actor: Actor,
    session: Session,
    enterprise_id: int,
    values: dict[str, Any] | None = None,
    errors: list[FieldError] | None = None,
    status_code: int = 200,
) -> Response:
    enterprise = load_enterprise(session, actor, enterprise_id)
    return render_admin(
        request,
        actor,
        "admin/nominations/persons.html",
        page_title=f"{enterprise.name} 的相关人员",
        enterprise=enterprise,
        rows=roles_at(session, enterprise.id),
        role_labels=PERSON_ROLE_LABELS,
        roles=ROLE_OPTIONS,
        id_types=ID_TYPES,
        values=values or {"id_type": "身份证"},
        can_record=actor.role in MAKER_ROLES,
        errors=field_errors(errors or []),
        status_code=status_code,
    )


@router.get("/admin/enterprises/{enterprise_id}/persons")
def persons_page(
    request: Request,
    enterprise_id: RecordId,
    actor: StaffUser,
    session: DbSession,
) -> Response:
    return _persons_page(request, actor, session, enterprise_id)


@router.post("/admin/enterprises/{enterprise_id}/persons")
def record_person(
    request: Request,
    raw: Annotated[PostedForm, Depends(posted_form())],
    settings: SettingsDep,
    enterprise_id: RecordId,
    actor: MakerUser,
    session: DbSession,
) -> Response:
    raw.pop("csrf_token", None)
    try:
        with attempt(session):
            errors: list[FieldError] = []
            role = _role(raw, errors, True)
            since = _date(raw, "since", errors, False)
            until = _date(raw, "until", errors, False)
            if errors or role is None:
                raise ValidationFailed(fields=errors)
            record_role(
                session,
                settings,
                actor,
                enterprise_id,
                _person(raw),
                role,
                since,
                until,
            )
    except DomainError as exc:
        if exc.status_code not in (409, 422):
            raise
        return _persons_page(
            request, actor, session, enterprise_id, raw, exc.fields, exc.status_code
        )
    return see_other(f"/admin/enterprises/{enterprise_id}/persons?notice=recorded")
