"""``POST /api/v1/nomination-checks``: the nomination check for nomination bodies' systems.

A bearer token with the ``nomination:check`` scope (nomination accounts only), or a signed-in
提名审查 account's session with its CSRF token in ``X-CSRF-Token``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from app.kit.actor import Actor, Role
from app.models import CandidateStatus, CheckChannel
from app.nomination_checks.matching import Candidate
from app.nomination_checks.schemas import CheckRequest, CheckResponse
from app.nomination_checks.service import CheckReport, run_check
from app.web.auth import require_api_actor
from app.web.deps import DbSession, SettingsDep

CHECK_SCOPE = "nomination:check"
NO_STORE = {"Cache-Control": "no-store"}

router = APIRouter(tags=["提名审查 nomination check"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "no or an invalid token / session"},
    403: {"description": "the token lacks nomination:check, or the account is not 提名审查"},
    413: {"description": "more candidates than nomination_check_max_batch (batch_too_large)"},
    422: {"description": "the body is not a batch of candidates"},
    429: {"description": "too many checks this minute; see Retry-After"},
}


def report_json(report: CheckReport) -> dict[str, Any]:
    check = report.check
    return {
        "check_id": check.id,
        "as_of": check.as_of.isoformat(),
        "data": {
            "read_at": report.read_at.isoformat(),
            "last_changed_at": check.data_changed_at.isoformat() if check.data_changed_at else None,
            "rule_version": check.rule_version,
        },
        "summary": {
            "candidates": check.candidates,
            CandidateStatus.barred.value: check.barred,
            CandidateStatus.needs_review.value: check.needs_review,
            CandidateStatus.clear.value: check.clear,
            CandidateStatus.invalid.value: check.invalid,
        },
        "results": [answer.as_dict() for answer in report.answers],
    }


@router.post(
    "/api/v1/nomination-checks",
    response_model=CheckResponse,
    summary="提名人选审查：批量查询候选人是否在提名限制期内",
    responses=_ERRORS,
)
def create_check(
    request: Request,
    settings: SettingsDep,
    body: CheckRequest,
    session: DbSession,
    actor: Actor = Depends(require_api_actor(Role.nomination, scope=CHECK_SCOPE)),
) -> Response:
    """For each candidate: ``barred`` with every bar in force on ``as_of`` (enterprise, role,
    basis, the day the bar ends), ``needs_review`` (ID number and name disagree with the record),
    ``clear``, or ``invalid`` (the ID number is malformed; the reason says why). Every check is
    recorded (who, when, how many; never the ID numbers) and audited."""
    candidates = [
        Candidate(position, c.reference, c.name, c.id_number)
        for position, c in enumerate(body.candidates, start=1)
    ]
    report = run_check(
        session, settings, actor, candidates, as_of=body.as_of, channel=CheckChannel.api
    )
    return JSONResponse(report_json(report), headers=NO_STORE)
