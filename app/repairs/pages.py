"""The public side of credit repair: apply (/repairs/new: without a record, the enterprise's
records that may be repaired), then the confirmation with the application number and the
status (/repairs/status, number + USCC), as every case has them (``app.cases.web_public``).
Rules in ``app.repairs.service``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import HTMLResponse, Response

from app.cases import service as cases
from app.cases.kinds import REPAIRS
from app.cases.web_public import Page, PostedPage, PublicPage, filed, status_pages
from app.kit import clock
from app.kit.errors import DomainError, FieldError, NotFound, ValidationFailed
from app.models import RepairApplication
from app.models.repair import REPAIR_TARGET_LABELS, RepairTarget
from app.repairs import repository, service
from app.repairs.pledge import pledge_text
from app.repairs.schemas import RepairStatusOut
from app.repairs.targets import Target, find_target, parse_kind, refusal
from app.web.forms import parse_id

router = APIRouter()
router.include_router(
    status_pages(
        REPAIRS, lambda session, found: RepairStatusOut.of(cases.view(session, REPAIRS, found))
    )
)


def _target_from_query(penalty: str, entry: str) -> tuple[RepairTarget, int] | None:
    if (record_id := parse_id(penalty)) is not None:
        return RepairTarget.penalty, record_id
    if (entry_id := parse_id(entry)) is not None:
        return RepairTarget.list_entry, entry_id
    return None


def _form_page(
    page: PublicPage, target: Target, values: dict[str, Any], failed: DomainError | None = None
) -> Response:
    return page.form_page(
        "repairs/new.html",
        values,
        failed,
        page_title="申请信用修复",
        target=target,
        target_type_label=REPAIR_TARGET_LABELS[target.kind],
        refused=refusal(target, clock.today()),
        pledge=pledge_text(target.uscc or "", target.label),
    )


def _chooser(page: PublicPage, uscc: str) -> Response:
    """Without a record: find the enterprise's records that are public today."""
    today = clock.today()
    records: list[tuple[Target, FieldError | None]] = []
    problem = ""
    if uscc.strip():
        try:
            found = repository.records_of(page.session, uscc, today)
        except ValidationFailed as exc:
            problem = exc.fields[0].message if exc.fields else exc.message
            found = []
        for kind, target_id in found:
            target = find_target(page.session, kind, target_id, today)
            records.append((target, refusal(target, today)))
    return page.render(
        "repairs/choose.html",
        422 if problem else 200,
        page_title="申请信用修复",
        uscc=uscc,
        problem=problem,
        records=records,
        searched=bool(uscc.strip()),
        target_labels=REPAIR_TARGET_LABELS,
    )


@router.get("/repairs/new", response_class=HTMLResponse, include_in_schema=False)
def new_page(page: Page, penalty: str = "", entry: str = "", uscc: str = "") -> Response:
    chosen = _target_from_query(penalty, entry)
    if chosen is None:
        return _chooser(page, uscc)
    target = find_target(page.session, chosen[0], chosen[1], clock.today())
    return _form_page(page, target, {"uscc": uscc})


@router.post("/repairs/new", response_class=HTMLResponse, include_in_schema=False)
def apply(
    page: PostedPage,
    form: Annotated[service.ApplicationForm, Form()],
    target_type: str = Form(""),
    target_id: str = Form(""),
    files: list[UploadFile] = File(default=[]),
) -> Response:
    kind = parse_kind(target_type)
    record_id = parse_id(target_id)
    if kind is None or record_id is None:
        raise NotFound("请从行政处罚或黑名单的公示页面进入信用修复申请")
    uploads = page.uploads(files)

    def again(exc: DomainError) -> Response:
        target = find_target(page.session, kind, record_id, clock.today())
        return _form_page(page, target, form.model_dump(), exc)

    def submit() -> RepairApplication:
        return service.apply(
            page.session, kind, record_id, form, uploads, page.limits, page.client_ip
        )

    return filed(page, REPAIRS, submit, again, statuses=(409, 413, 422))
