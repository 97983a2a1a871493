"""The admin JSON API of a kind of case, built once (``/api/v1/admin/<slug>``): the list, a case,
a supporting file's download and the decisions, with the same roles and the same authority
rule as the workspace pages. The feature's ``admin_api.py`` gives what differs: its view of a
case (``out``) and its actions with their documentation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import GenericAlias

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from app.access.guards import STAFF_ROLES
from app.cases import service
from app.cases.actions import Action
from app.cases.kinds import C, CaseKind
from app.cases.schemas import ReasonIn
from app.cases.web_workspace import file_endpoint
from app.kit.actor import Actor
from app.web.auth import StaffApi, require_api_actor
from app.web.deps import DbSession
from app.web.openapi import error_responses
from app.web.params import record_id_path


@dataclass(frozen=True)
class Documentation:
    list_summary: str
    list_description: str
    read_summary: str


def case_api(
    kind: CaseKind[C],
    *,
    out: Callable[[Session, C], BaseModel],
    out_model: type[BaseModel],
    docs: Documentation,
    actions: Sequence[Action[C]],
) -> APIRouter:
    router = APIRouter(prefix=f"/api/v1/admin/{kind.slug}", tags=["管理接口 admin"])
    one = f"/{{{kind.id_param}}}"
    statuses: list[str] = list(kind.filters)
    choices: str = ", ".join(statuses[:-1]) + f" or {statuses[-1]}"

    @router.get(
        "",
        summary=docs.list_summary,
        description=docs.list_description,
        response_model=GenericAlias(list, (out_model,)),
    )
    def index(
        actor: StaffApi,
        session: DbSession,
        status: str = Query(
            "open",
            description=choices,
            json_schema_extra={"enum": ["", *statuses]},  # blank: open
        ),
        overdue: bool = Query(False, description="only those past a working-day deadline"),
    ) -> list[BaseModel]:
        _chosen, found = service.listed(session, kind, actor, status=status, overdue_only=overdue)
        return [out(session, row) for row in found]

    @router.get(
        one, summary=docs.read_summary, response_model=out_model, responses=error_responses(404)
    )
    def read(
        actor: StaffApi, session: DbSession, case_id: int = record_id_path(kind.id_param)
    ) -> BaseModel:
        return out(session, service.load_for_officer(session, kind, actor, case_id))

    router.add_api_route(
        one + "/files/{file_id}",
        file_endpoint(kind, require_api_actor(*STAFF_ROLES)),
        name="download",
        summary="Download a supporting file (officers only)",
        response_class=Response,
        responses=error_responses(404),
    )

    for action in actions:
        router.add_api_route(
            f"{one}/{action.name}",
            _decision(kind, action, out),
            methods=["POST"],
            name=action.name,
            summary=action.summary,
            description=action.description,
            response_model=out_model,
            responses=error_responses(403, 404, 409, 422)
            if action.reason
            else error_responses(403, 404, 409),
        )
    return router


def _decision(
    kind: CaseKind[C], action: Action[C], out: Callable[[Session, C], BaseModel]
) -> Callable[..., BaseModel]:
    if not action.reason:

        def decide(
            session: DbSession,
            actor: Actor = Depends(require_api_actor(*action.roles)),
            case_id: int = record_id_path(kind.id_param),
        ) -> BaseModel:
            return out(session, action.call(session, actor, case_id, ""))

        return decide

    def decide_with_reason(
        body: ReasonIn,
        session: DbSession,
        actor: Actor = Depends(require_api_actor(*action.roles)),
        case_id: int = record_id_path(kind.id_param),
    ) -> BaseModel:
        return out(session, action.call(session, actor, case_id, body.reason))

    return decide_with_reason
