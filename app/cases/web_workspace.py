"""The officers' workspace pages of a kind of case, built once: the list (``/admin/<slug>``,
filters by status and overdue), a case with its files (``/admin/<slug>/{id}``), a file's
download (``/admin/<slug>/{id}/files/{file_id}``), the decisions
(``POST /admin/<slug>/{id}/<action>``: a 422 shows the form again with the reasons, success
goes back to the case with a notice) and the panel on the officers' home page. The feature's
``admin_pages.py`` includes the router that ``case_pages`` builds and gives what differs: what
a case is about (``describe``), the extra context of its page (``detail_context``, template
``admin/<slug>/detail.html``) and its actions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from app.access.guards import STAFF_ROLES
from app.cases import service
from app.cases.actions import Action
from app.cases.kinds import C, CaseKind
from app.kit.actor import Actor
from app.kit.errors import DomainError
from app.web.admin import field_errors, render_admin
from app.web.auth import StaffUser, require_user
from app.web.deps import DbSession, SettingsDep
from app.web.downloads import file_response
from app.web.forms import attempt, see_other
from app.web.panels import Panel, PanelProvider
from app.web.params import RecordId, one_of, record_id_path

DetailContext = Callable[[Session, Actor, service.OfficerView[C]], dict[str, Any]]


def file_endpoint(kind: CaseKind[C], officer: Callable[..., Actor]) -> Callable[..., Response]:
    """A supporting file's download, for the officers ``officer`` lets in (pages or API), named
    ``<case number>-<file id>`` and never rendered by the browser."""

    def download(
        session: DbSession,
        settings: SettingsDep,
        file_id: RecordId,
        case_id: int = record_id_path(kind.id_param),
        actor: Actor = Depends(officer),
    ) -> Response:
        found, stored = service.officer_file(session, kind, actor, case_id, file_id)
        name = f"{found.number}-{stored.id}"
        return file_response(settings.upload_dir, stored.stored_name, stored.kind, name)

    return download


DetailPage = Callable[..., Response]


def _detail_page(kind: CaseKind[C], detail_context: DetailContext[C]) -> DetailPage:
    """The page of a case (after a failed decision, with its reasons next to the form)."""

    def detail_page(
        request: Request,
        actor: Actor,
        session: Session,
        case_id: int,
        errors: dict[str, list[str]] | None = None,
        status_code: int = 200,
    ) -> Response:
        found = service.officer_view(
            session, kind, service.load_for_officer(session, kind, actor, case_id)
        )
        return render_admin(
            request,
            actor,
            f"admin/{kind.slug}/detail.html",
            page_title=f"{kind.words.noun} {found.case.number}",
            view=found,
            case_url=f"/admin/{kind.slug}/{found.case.id}",
            errors=errors or {},
            status_code=status_code,
            **detail_context(session, actor, found),
        )

    return detail_page


def _index(kind: CaseKind[C], describe: service.Describe[C]) -> Callable[..., Response]:
    def index(
        request: Request,
        actor: StaffUser,
        session: DbSession,
        status: str = "open",
        overdue: str = "",
    ) -> Response:
        overdue_only = bool(one_of(overdue, ("1",), "overdue"))
        listing = service.listing(
            session, kind, actor, describe, status=status, overdue_only=overdue_only
        )
        return render_admin(
            request,
            actor,
            "cases/index.html",
            page_title=kind.words.noun,
            kind=kind,
            listing=listing,
            filters={key: label for key, (label, _statuses) in kind.filters.items()},
        )

    return index


def _detail(kind: CaseKind[C], detail_page: DetailPage) -> Callable[..., Response]:
    def detail(
        request: Request,
        actor: StaffUser,
        session: DbSession,
        case_id: int = record_id_path(kind.id_param),
    ) -> Response:
        return detail_page(request, actor, session, case_id)

    return detail


def case_pages(
    kind: CaseKind[C],
    *,
    describe: service.Describe[C],
    detail_context: DetailContext[C],
    actions: Sequence[Action[C]],
) -> APIRouter:
    """The workspace pages of ``kind``."""
    router = APIRouter(include_in_schema=False)
    base = f"/admin/{kind.slug}"
    one = base + f"/{{{kind.id_param}}}"
    detail_page = _detail_page(kind, detail_context)
    router.add_api_route(base, _index(kind, describe), name="index")
    router.add_api_route(one, _detail(kind, detail_page), name="detail")
    router.add_api_route(
        one + "/files/{file_id}", file_endpoint(kind, require_user(*STAFF_ROLES)), name="download"
    )
    for action in actions:
        router.add_api_route(
            f"{one}/{action.name}",
            _decision(kind, action, detail_page),
            methods=["POST"],
            name=action.name,
        )
    return router


def _decision(
    kind: CaseKind[C], action: Action[C], detail_page: DetailPage
) -> Callable[..., Response]:
    def decide(
        request: Request,
        session: DbSession,
        actor: Actor = Depends(require_user(*action.roles)),
        reason: str = Form(""),
        case_id: int = record_id_path(kind.id_param),
    ) -> Response:
        try:
            with attempt(session):
                action.call(session, actor, case_id, reason)
        except DomainError as exc:
            if exc.status_code != 422:
                raise
            errors = {f"{action.name}_{k}": v for k, v in field_errors(exc.fields).items()}
            return detail_page(request, actor, session, case_id, errors, 422)
        return see_other(f"/admin/{kind.slug}/{case_id}?notice={kind.name}_{action.name}")

    return decide


def case_panel(kind: CaseKind[C], describe: service.Describe[C], order: int) -> PanelProvider:
    """The officers' home page panel of ``kind``: the open cases of my authority, the overdue
    ones listed (administrators: every authority's)."""

    def panel(session: Session, actor: Actor) -> Panel | None:
        if actor.role not in STAFF_ROLES:
            return None
        open_count, overdue_count = service.counts(session, kind, actor)
        overdue = service.listing(
            session, kind, actor, describe, status="all", overdue_only=True, limit=10
        )
        context = {"kind": kind, "open": open_count, "overdue": overdue_count, "rows": overdue.rows}
        return Panel(kind.words.noun, "cases/panel.html", context, order=order)

    return panel
