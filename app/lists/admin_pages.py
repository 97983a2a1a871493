"""The list-decision pages of the workspace: propose a black- or red-list entry (or a removal),
and the second person's approval or rejection. Rules in ``app.lists.service``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from app.access.guards import MAKER_ROLES
from app.access.names import user_names
from app.enterprises.repository import find_enterprises
from app.kit import clock
from app.kit.actor import Actor
from app.kit.errors import DomainError, FieldError, ValidationFailed
from app.lists import repository as workflow_repository
from app.lists import service as workflow
from app.lists.forms import LIST_TYPE_LABELS, parse_list_type, proposal_from_form
from app.lists.rules import black_min_months, check_red_criteria, default_end
from app.models import EntryStatus, ListType
from app.models.listing import BLACK_LIST_CATEGORY_LABELS
from app.nomination_bars.service import category_label
from app.persons.service import load_enterprise
from app.publication.status import entry_statuses, status_labels
from app.web.admin import field_errors, render_admin
from app.web.auth import CheckerUser, MakerUser, StaffUser
from app.web.deps import DbSession
from app.web.forms import PostedForm, attempt, parse_id, posted_form, see_other
from app.web.paging import page_number, paging
from app.web.params import RecordId, one_of

router = APIRouter(include_in_schema=False)

ENTRY_STATUS_LABELS = {
    EntryStatus.proposed: "待审核",
    EntryStatus.approved: "已审核通过",
    EntryStatus.rejected: "未通过",
    EntryStatus.removed: "已移出",
}


@router.get("/admin/lists")
def index(
    request: Request,
    actor: StaffUser,
    session: DbSession,
    list_type: str = "",
    status: str = "",
    page: str = "",
) -> Response:
    chosen_type = parse_list_type(one_of(list_type, ListType, "list_type"))
    chosen_status = EntryStatus(status) if one_of(status, EntryStatus, "status") else None
    total = workflow_repository.count_entries(session, actor, chosen_type, chosen_status)
    pages = paging(request, total, page_number(page))
    rows = workflow_repository.entries(
        session, actor, chosen_type, chosen_status, limit=pages.size, offset=pages.offset
    )
    return render_admin(
        request,
        actor,
        "admin/lists/index.html",
        page_title="红黑名单",
        rows=rows,
        pages=pages,
        removals={entry.id for entry, _enterprise in rows if workflow.removal_requested(entry)},
        public_status=status_labels(
            entry_statuses(session, [entry.id for entry, _e in rows], clock.today())
        ),
        list_type=chosen_type.value if chosen_type else "",
        status=chosen_status.value if chosen_status else "",
        type_labels=LIST_TYPE_LABELS,
        status_labels=ENTRY_STATUS_LABELS,
        can_propose=actor.role in MAKER_ROLES,
    )


def _form_page(
    request: Request,
    actor: Actor,
    session: Session,
    values: dict[str, Any],
    *,
    q: str = "",
    errors: list[FieldError] | None = None,
    message: str = "",
    status_code: int = 200,
) -> Response:
    list_type = parse_list_type(values.get("list_type")) or ListType.black
    enterprise_id = parse_id(values.get("enterprise_id"))
    enterprise = load_enterprise(session, actor, enterprise_id) if enterprise_id else None
    penalties = (
        workflow_repository.published_penalties(session, enterprise.id)
        if enterprise and list_type == ListType.black
        else []
    )
    criteria = (
        check_red_criteria(session, enterprise.id, clock.today())
        if enterprise and list_type == ListType.red
        else []
    )
    return render_admin(
        request,
        actor,
        "admin/lists/form.html",
        page_title="提议列入" + LIST_TYPE_LABELS[list_type],
        values=values,
        list_type=list_type.value,
        type_labels=LIST_TYPE_LABELS,
        enterprise=enterprise,
        penalties=penalties,
        criteria=criteria,
        categories=[(c.value, label) for c, label in BLACK_LIST_CATEGORY_LABELS.items()],
        min_months=black_min_months(session, clock.today()),
        q=q,
        found=find_enterprises(session, actor, q) if q.strip() else None,
        errors=field_errors(errors or []),
        form_message=message,
        status_code=status_code,
    )


@router.get("/admin/lists/new")
def new_form(
    request: Request,
    actor: MakerUser,
    session: DbSession,
    list_type: str = "black",
    q: str = "",
    enterprise_id: str = "",
) -> Response:
    start = clock.today()
    chosen = parse_list_type(one_of(list_type, ListType, "list_type")) or ListType.black
    end = default_end(session, chosen, start)
    values: dict[str, Any] = {
        "list_type": chosen.value,
        "enterprise_id": enterprise_id if parse_id(enterprise_id) else "",
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "penalty_record_ids": [],
    }
    return _form_page(request, actor, session, values, q=q[:100])


@router.post("/admin/lists/new")
def propose(
    request: Request,
    raw: Annotated[PostedForm, Depends(posted_form("penalty_record_ids"))],
    actor: MakerUser,
    session: DbSession,
) -> Response:
    try:
        with attempt(session):
            entry = workflow.propose(session, actor, proposal_from_form(raw))
    except DomainError as exc:
        if exc.status_code not in (409, 422):
            raise
        generic = not exc.fields or exc.message == ValidationFailed.message
        message = "请修改标出的内容后重新提交" if exc.fields and generic else exc.message
        return _form_page(
            request,
            actor,
            session,
            raw,
            errors=exc.fields,
            message=message,
            status_code=exc.status_code,
        )
    return see_other(f"/admin/lists/{entry.id}?notice=proposed")


def _entry_page(
    request: Request,
    actor: Actor,
    session: Session,
    entry_id: int,
    errors: list[FieldError] | None = None,
    status_code: int = 200,
) -> Response:
    entry = workflow.load_entry(session, actor, entry_id)
    enterprise = load_enterprise(session, actor, entry.enterprise_id)
    cited = workflow.cited_records(session, entry.id)
    penalties = [
        v
        for v in workflow_repository.published_penalties(session, entry.enterprise_id)
        if v.record_id in cited
    ]
    ids = (
        entry.proposed_by_id,
        entry.approved_by_id,
        entry.rejected_by_id,
        entry.removal_proposed_by_id,
        entry.removal_approved_by_id,
    )
    return render_admin(
        request,
        actor,
        "admin/lists/entry.html",
        page_title=f"名单记录第{entry.id}号",
        entry=entry,
        enterprise=enterprise,
        type_label=LIST_TYPE_LABELS[entry.list_type],
        status_label=status_labels(entry_statuses(session, [entry.id], clock.today())).get(
            entry.id, ENTRY_STATUS_LABELS[entry.status]
        ),
        category=category_label(entry.category) if entry.category else "",
        cited=cited,
        penalties=penalties,
        names=user_names(session, ids),
        actions=workflow.allowed_actions(actor, entry),
        awaiting_review=workflow.awaiting_review(entry),
        errors=field_errors(errors or []),
        status_code=status_code,
    )


@router.get("/admin/lists/{entry_id}")
def entry_page(
    request: Request,
    entry_id: RecordId,
    actor: StaffUser,
    session: DbSession,
) -> Response:
    return _entry_page(request, actor, session, entry_id)


@router.post("/admin/lists/{entry_id}/approve")
def approve(
    entry_id: RecordId,
    actor: CheckerUser,
    session: DbSession,
) -> Response:
    workflow.approve(session, actor, entry_id)
    return see_other(f"/admin/lists/{entry_id}?notice=approved")


@router.post("/admin/lists/{entry_id}/removal/approve")
def approve_removal(
    entry_id: RecordId,
    actor: CheckerUser,
    session: DbSession,
) -> Response:
    workflow.approve_removal(session, actor, entry_id)
    return see_other(f"/admin/lists/{entry_id}?notice=approved")


def _with_text(
    request: Request,
    actor: Actor,
    session: Session,
    entry_id: int,
    action: Any,
    text: str,
    notice: str,
) -> Response:
    try:
        with attempt(session):
            action(session, actor, entry_id, text)
    except DomainError as exc:
        if exc.status_code != 422:
            raise
        return _entry_page(request, actor, session, entry_id, exc.fields, 422)
    return see_other(f"/admin/lists/{entry_id}?notice={notice}")


@router.post("/admin/lists/{entry_id}/reject")
def reject(
    request: Request,
    entry_id: RecordId,
    actor: CheckerUser,
    session: DbSession,
    comment: str = Form(""),
) -> Response:
    return _with_text(request, actor, session, entry_id, workflow.reject, comment, "rejected")


@router.post("/admin/lists/{entry_id}/removal")
def propose_removal(
    request: Request,
    entry_id: RecordId,
    actor: MakerUser,
    session: DbSession,
    reason: str = Form(""),
) -> Response:
    return _with_text(
        request, actor, session, entry_id, workflow.propose_removal, reason, "removal_proposed"
    )


@router.post("/admin/lists/{entry_id}/removal/reject")
def reject_removal(
    request: Request,
    entry_id: RecordId,
    actor: CheckerUser,
    session: DbSession,
    comment: str = Form(""),
) -> Response:
    return _with_text(
        request, actor, session, entry_id, workflow.reject_removal, comment, "rejected"
    )
