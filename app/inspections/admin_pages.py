"""The workspace pages of the case ledger: campaigns and batches (the office), importing a batch
with a preview of every error, a case with its findings versions and milestones, review. The
rules and the scope are in ``service``, ``findings``, ``imports`` and ``scope``; these views only
build contexts and show the Chinese errors next to the fields."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.names import user_names
from app.inspections import (
    findings,
    forms,
    imports,
    public_service,
    repository,
    scope,
    service,
    workspace,
)
from app.inspections.fields import parse_finding
from app.inspections.labels import ACTIONS
from app.kit import clock
from app.kit.actor import Actor
from app.kit.errors import DomainError, NotFound
from app.models import (
    InspectionBatch,
    InspectionCampaign,
    InspectionFinding,
    InspectionProblem,
    Truth,
)
from app.models.inspection_finding import TRUTH_LABELS
from app.models.inspection_milestone import MILESTONE_LABELS
from app.penalty_imports.reader import MAX_BYTES, MAX_ROWS
from app.web.admin import field_errors, render_admin
from app.web.auth import CheckerUser, MakerUser, StaffUser
from app.web.deps import DbSession, SettingsDep
from app.web.forms import PostedForm, attempt, posted_form, see_other
from app.web.params import RecordId

router = APIRouter(include_in_schema=False)
FINDING_FIELDS = (
    "investigation",
    "truth",
    "handling",
    "accountability",
    "ordered_rectification",
    "penalty_cases",
    "penalty_record_ids",
    "fine_amount",
    "criminal_cases",
    "detentions",
    "interviews",
    "accountable_persons",
    "rectification_deadline",
    "internal_note",
    "private_names",
    "change_reason",
)


def _failure(exc: DomainError) -> dict[str, Any]:
    if exc.status_code >= 500 or exc.status_code in (401, 403, 404):
        raise exc
    return {"errors": field_errors(exc.fields), "form_message": exc.message}


def _index(
    request: Request, actor: Actor, session: Session, *, status_code: int = 200, **extra: Any
) -> Response:
    campaigns = list(
        session.scalars(select(InspectionCampaign).order_by(InspectionCampaign.start_date.desc()))
    )
    extra.setdefault("errors", {})
    extra.setdefault("form_message", "")
    extra.setdefault("values", {})
    return render_admin(
        request,
        actor,
        "admin/inspections/index.html",
        page_title="督察交办信访件",
        campaigns=campaigns,
        cases=workspace.work_cases(session, actor)[:300],
        queue=workspace.review_queue(session, actor),
        office=scope.is_office(session, actor),
        kinds=forms.KIND_CHOICES,
        status_code=status_code,
        **extra,
    )


@router.get("/admin/inspections")
def index(request: Request, actor: StaffUser, session: DbSession) -> Response:
    return _index(request, actor, session)


@router.post("/admin/inspections/campaigns")
def create_campaign(
    request: Request,
    raw: Annotated[PostedForm, Depends(posted_form())],
    actor: MakerUser,
    session: DbSession,
) -> Response:
    try:
        with attempt(session):
            form = forms.campaign_form(raw)
            campaign = service.create_campaign(
                session,
                actor,
                kind=form.kind,
                round_=form.round_,
                team=form.team,
                title=form.title,
                start_date=form.start_date,
                end_date=form.end_date,
                findings_due_days=form.findings_due_days,
                publication_day=form.publication_day,
                closing_due_days=form.closing_due_days,
            )
    except DomainError as exc:
        return _index(
            request, actor, session, status_code=exc.status_code, values=raw, **_failure(exc)
        )
    return see_other(f"/admin/inspections/campaigns/{campaign.id}")


def _campaign(
    request: Request,
    actor: Actor,
    session: Session,
    campaign_id: int,
    *,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    campaign = service.load_campaign(session, campaign_id)
    batches = list(
        session.scalars(
            select(InspectionBatch)
            .where(InspectionBatch.campaign_id == campaign.id)
            .order_by(InspectionBatch.number)
        )
    )
    extra.setdefault("errors", {})
    extra.setdefault("form_message", "")
    extra.setdefault("preview", None)
    extra.setdefault("preview_batch", None)
    return render_admin(
        request,
        actor,
        "admin/inspections/campaign.html",
        page_title=campaign.title,
        campaign=campaign,
        batches=batches,
        office=scope.is_office(session, actor),
        columns=list(imports.COLUMNS),
        required=imports.REQUIRED,
        max_mb=MAX_BYTES // (1024 * 1024),
        max_rows=MAX_ROWS,
        cases=workspace.work_cases(session, actor, campaign.id)[:300],
        problems=public_service.problems(session, campaign.id, clock.today()),
        problem_milestones=forms.PROBLEM_MILESTONES,
        status_code=status_code,
        **extra,
    )


@router.get("/admin/inspections/campaigns/{campaign_id}")
def campaign_page(
    request: Request, campaign_id: RecordId, actor: StaffUser, session: DbSession
) -> Response:
    return _campaign(request, actor, session, campaign_id)


@router.post("/admin/inspections/campaigns/{campaign_id}/batches")
def create_batch(
    request: Request,
    raw: Annotated[PostedForm, Depends(posted_form())],
    campaign_id: RecordId,
    actor: MakerUser,
    session: DbSession,
) -> Response:
    service.load_campaign(session, campaign_id)
    try:
        with attempt(session):
            number, day = forms.batch_form(raw)
            service.create_batch(session, actor, campaign_id, number=number, handed_over_on=day)
    except DomainError as exc:
        return _campaign(
            request, actor, session, campaign_id, status_code=exc.status_code, **_failure(exc)
        )
    return see_other(f"/admin/inspections/campaigns/{campaign_id}?notice=saved")


def _batch(session: Session, batch_id: int) -> InspectionBatch:
    return service.load_batch(session, batch_id)


@router.post("/admin/inspections/batches/{batch_id}/import")
def import_preview(
    request: Request,
    batch_id: RecordId,
    settings: SettingsDep,
    actor: MakerUser,
    session: DbSession,
    file: UploadFile | None = None,
) -> Response:
    batch = _batch(session, batch_id)
    if file is None or not file.filename:
        failure = {"errors": {"file": ["请选择要导入的文件"]}, "form_message": "请选择文件"}
        return _campaign(request, actor, session, batch.campaign_id, status_code=422, **failure)
    content = file.file.read(MAX_BYTES + 1)
    try:
        result = imports.preview(
            session, settings.secret_key, actor, batch.id, file.filename, content
        )
    except DomainError as exc:
        if exc.status_code not in (413, 422):
            raise
        return _campaign(
            request, actor, session, batch.campaign_id, status_code=exc.status_code, **_failure(exc)
        )
    return _campaign(
        request,
        actor,
        session,
        batch.campaign_id,
        preview=result,
        preview_batch=batch,
        status_code=422 if result.errors else 200,
    )


@router.post("/admin/inspections/batches/{batch_id}/import/confirm")
def import_confirm(
    request: Request,
    raw: Annotated[PostedForm, Depends(posted_form())],
    batch_id: RecordId,
    settings: SettingsDep,
    actor: MakerUser,
    session: DbSession,
) -> Response:
    batch = _batch(session, batch_id)
    try:
        with attempt(session):
            imports.confirm(
                session, settings.secret_key, actor, batch.id, str(raw.get("token") or "")
            )
    except DomainError as exc:
        return _campaign(
            request, actor, session, batch.campaign_id, status_code=exc.status_code, **_failure(exc)
        )
    return see_other(f"/admin/inspections/campaigns/{batch.campaign_id}?notice=saved")


def _case(
    request: Request,
    actor: Actor,
    session: Session,
    case_id: int,
    *,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    case = service.load_case(session, actor, case_id)
    batch = session.get_one(InspectionBatch, case.batch_id)
    versions = list(
        session.scalars(
            select(InspectionFinding)
            .where(InspectionFinding.case_id == case.id)
            .order_by(InspectionFinding.version.desc())
        )
    )
    open_version = repository.open_finding(session, case.id)
    facts = repository.case_facts(session, case)
    people = [v.created_by_id for v in versions] + [v.reviewed_by_id for v in versions]
    extra.setdefault("errors", {})
    extra.setdefault("form_message", "")
    extra.setdefault("values", _values(open_version or (versions[0] if versions else None)))
    return render_admin(
        request,
        actor,
        "admin/inspections/case.html",
        page_title=f"信访件 {case.case_number}",
        case=case,
        batch=batch,
        versions=versions,
        open_version=open_version,
        actions={v.id: sorted(findings.allowed_actions(session, actor, v)) for v in versions},
        action_labels=ACTIONS,
        truth_labels=TRUTH_LABELS,
        truths=[t.value for t in Truth],
        status_labels=workspace.FINDING_STATUS_LABELS,
        milestone_labels=MILESTONE_LABELS,
        milestones=sorted(facts.milestones.items(), key=lambda m: m[1]),
        milestone_choices=forms.CASE_MILESTONES,
        names=user_names(session, people),
        units=repository.case_units(session, [case.id]).get(case.id, []),
        may_record=open_version is None,
        status_code=status_code,
        **extra,
    )


def _values(version: InspectionFinding | None) -> dict[str, str]:
    if version is None:
        return {"truth": "属实"}
    return {
        "investigation": version.investigation,
        "truth": TRUTH_LABELS[version.truth],
        "handling": version.handling,
        "accountability": version.accountability,
        "ordered_rectification": str(version.ordered_rectification),
        "penalty_cases": str(version.penalty_cases),
        "penalty_record_ids": ",".join(str(i) for i in version.penalty_record_ids),
        "fine_amount": ""
        if version.fine_amount is None
        else format(version.fine_amount.normalize(), "f"),
        "criminal_cases": str(version.criminal_cases),
        "detentions": str(version.detentions),
        "interviews": str(version.interviews),
        "accountable_persons": str(version.accountable_persons),
        "rectification_deadline": version.rectification_deadline.isoformat()
        if version.rectification_deadline
        else "",
        "internal_note": version.internal_note or "",
        "private_names": "",
        "change_reason": "",
    }


@router.get("/admin/inspections/cases/{case_id}")
def case_page(
    request: Request, case_id: RecordId, actor: StaffUser, session: DbSession
) -> Response:
    return _case(request, actor, session, case_id)


@router.post("/admin/inspections/cases/{case_id}/findings")
def record_findings(
    request: Request,
    raw: Annotated[PostedForm, Depends(posted_form())],
    case_id: RecordId,
    actor: MakerUser,
    session: DbSession,
) -> Response:
    service.load_case(session, actor, case_id)
    try:
        with attempt(session):
            data = parse_finding(raw)
            open_version = repository.open_finding(session, case_id)
            submit = raw.get("action") == "submit"
            if open_version is not None and open_version.status.value in ("draft", "returned"):
                findings.update_findings(session, actor, open_version.id, data, and_submit=submit)
            else:
                findings.record_findings(session, actor, case_id, data, and_submit=submit)
    except DomainError as exc:
        return _case(
            request,
            actor,
            session,
            case_id,
            status_code=exc.status_code,
            values={k: str(raw.get(k) or "") for k in FINDING_FIELDS},
            **_failure(exc),
        )
    return see_other(f"/admin/inspections/cases/{case_id}?notice=saved")


def _finding_case(session: Session, actor: Actor, finding_id: int) -> int:
    return findings.load_finding(session, actor, finding_id).case_id


@router.post("/admin/inspections/findings/{finding_id}/submit")
def submit_findings(finding_id: RecordId, actor: MakerUser, session: DbSession) -> Response:
    case_id = _finding_case(session, actor, finding_id)
    findings.submit(session, actor, finding_id)
    return see_other(f"/admin/inspections/cases/{case_id}?notice=submitted")


@router.post("/admin/inspections/findings/{finding_id}/approve")
def approve_findings(finding_id: RecordId, actor: CheckerUser, session: DbSession) -> Response:
    case_id = _finding_case(session, actor, finding_id)
    findings.approve(session, actor, finding_id)
    return see_other(f"/admin/inspections/cases/{case_id}?notice=approved")


@router.post("/admin/inspections/findings/{finding_id}/return")
def return_findings(
    request: Request,
    raw: Annotated[PostedForm, Depends(posted_form())],
    finding_id: RecordId,
    actor: CheckerUser,
    session: DbSession,
) -> Response:
    case_id = _finding_case(session, actor, finding_id)
    try:
        with attempt(session):
            findings.return_to_maker(session, actor, finding_id, str(raw.get("comment") or ""))
    except DomainError as exc:
        return _case(request, actor, session, case_id, status_code=exc.status_code, **_failure(exc))
    return see_other(f"/admin/inspections/cases/{case_id}?notice=returned")


@router.post("/admin/inspections/cases/{case_id}/milestones")
def record_milestone(
    request: Request,
    raw: Annotated[PostedForm, Depends(posted_form())],
    case_id: RecordId,
    actor: MakerUser,
    session: DbSession,
) -> Response:
    service.load_case(session, actor, case_id)
    try:
        with attempt(session):
            kind, day, note = forms.milestone_form(raw)
            service.record_milestone(session, actor, case_id, kind, day, note)
    except DomainError as exc:
        return _case(request, actor, session, case_id, status_code=exc.status_code, **_failure(exc))
    return see_other(f"/admin/inspections/cases/{case_id}?notice=saved")


@router.post("/admin/inspections/campaigns/{campaign_id}/problems")
def create_problem(
    request: Request,
    raw: Annotated[PostedForm, Depends(posted_form())],
    campaign_id: RecordId,
    actor: MakerUser,
    session: DbSession,
) -> Response:
    service.load_campaign(session, campaign_id)
    try:
        with attempt(session):
            number, kind, title, description = forms.problem_form(raw)
            service.create_problem(
                session,
                actor,
                campaign_id,
                number=number,
                kind=kind,
                title=title,
                description=description,
            )
    except DomainError as exc:
        return _campaign(
            request, actor, session, campaign_id, status_code=exc.status_code, **_failure(exc)
        )
    return see_other(f"/admin/inspections/campaigns/{campaign_id}?notice=saved#problems")


def _problem_campaign(session: Session, problem_id: int) -> int:
    problem = session.get(InspectionProblem, problem_id)
    if problem is None:
        raise NotFound("未找到该问题")
    return problem.campaign_id


@router.post("/admin/inspections/problems/{problem_id}/tasks")
def add_task(
    request: Request,
    raw: Annotated[PostedForm, Depends(posted_form())],
    problem_id: RecordId,
    actor: MakerUser,
    session: DbSession,
) -> Response:
    campaign_id = _problem_campaign(session, problem_id)
    try:
        with attempt(session):
            form = forms.task_form(raw)
            service.add_task(
                session,
                actor,
                problem_id,
                responsible_unit=form.responsible_unit,
                responsible_person=form.responsible_person,
                deadline=form.deadline,
                target=form.target,
                measures=form.measures,
            )
    except DomainError as exc:
        return _campaign(
            request, actor, session, campaign_id, status_code=exc.status_code, **_failure(exc)
        )
    return see_other(f"/admin/inspections/campaigns/{campaign_id}?notice=saved#problems")


@router.post("/admin/inspections/problems/{problem_id}/milestones")
def record_problem_milestone(
    request: Request,
    raw: Annotated[PostedForm, Depends(posted_form())],
    problem_id: RecordId,
    actor: MakerUser,
    session: DbSession,
) -> Response:
    campaign_id = _problem_campaign(session, problem_id)
    try:
        with attempt(session):
            kind, day, _note = forms.milestone_form(raw)
            service.record_problem_milestone(session, actor, problem_id, kind, day)
    except DomainError as exc:
        return _campaign(
            request, actor, session, campaign_id, status_code=exc.status_code, **_failure(exc)
        )
    return see_other(f"/admin/inspections/campaigns/{campaign_id}?notice=saved#problems")
