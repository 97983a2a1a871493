"""The public side of objections: object to a published penalty (/objections/new?penalty=ID,
linked from its page), then the confirmation with the objection number and the status
(/objections/status, number + contact phone), as every case has them
(``app.cases.web_public``). Rules in ``app.objections.service``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import HTMLResponse, Response

from app.cases.kinds import OBJECTIONS
from app.cases.repository import PublicPenalty
from app.cases.web_public import Page, PostedPage, PublicPage, filed, status_pages
from app.kit.errors import DomainError, NotFound
from app.models import Objection
from app.models.objection import OBJECTOR_KIND_LABELS
from app.objections import service
from app.objections.schemas import ObjectionStatusOut
from app.web.forms import parse_id

router = APIRouter()
router.include_router(
    status_pages(
        OBJECTIONS,
        lambda session, found: ObjectionStatusOut.of(service.public_view(session, found)),
    )
)


def _form_page(
    page: PublicPage, record: PublicPenalty, values: dict[str, Any], failed: DomainError | None
) -> Response:
    return page.form_page(
        "objections/new.html",
        values,
        failed,
        page_title="对公示信息提出异议",
        record=record,
        kinds=OBJECTOR_KIND_LABELS,
    )


def _record_id(raw: str) -> int:
    record_id = parse_id(raw)
    if record_id is None:
        raise NotFound("请从行政处罚公示页面进入异议申请")
    return record_id


@router.get("/objections/new", response_class=HTMLResponse, include_in_schema=False)
def new_page(page: Page, penalty: str = "") -> Response:
    record = service.public_record(page.session, _record_id(penalty))
    return _form_page(page, record, {}, None)


@router.post("/objections/new", response_class=HTMLResponse, include_in_schema=False)
def submit(
    page: PostedPage,
    form: Annotated[service.ObjectionForm, Form()],
    files: list[UploadFile] = File(default=[]),
) -> Response:
    record_id = _record_id(form.penalty_record_id)
    uploads = page.uploads(files)

    def again(exc: DomainError) -> Response:
        record = service.public_record(page.session, record_id)
        return _form_page(page, record, form.model_dump(), exc)

    def object_to() -> Objection:
        return service.submit(page.session, record_id, form, uploads, page.limits, page.client_ip)

    return filed(page, OBJECTIONS, object_to, again)
