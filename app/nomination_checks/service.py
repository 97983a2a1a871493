"""The nomination check (两代表一委员): a nomination body asks, for a batch of candidates, whether
any is barred on a date; every check is on the record.

``run_check`` is the one use case behind the API and the upload page: batch size and rate limit,
matching (``check_matching``), the record of the check (``nomination_checks`` and the audit
trail: who, when, how many, what data; never an ID number) and, for page checks, the results kept
for ``nomination_check_retention_days``. ``purge_expired_results`` deletes them afterwards (on
access and by ``ecocredit nominations purge``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.audit.service import record as audit
from app.config import Settings
from app.kit import clock
from app.kit.actor import Actor, Role
from app.kit.errors import (
    DomainError,
    FieldError,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    ValidationFailed,
)
from app.models import CandidateStatus, CheckChannel, NominationCheck
from app.nomination_checks import repository as repo
from app.nomination_checks.matching import (
    Answer,
    BarredPerson,
    Candidate,
    ParsedCandidate,
    classify,
    parse_candidate,
)
from app.publication.visibility import NOMINATION_RULE_VERSION

RATE_WINDOW = dt.timedelta(minutes=1)
_DIGIT_RUN = re.compile(r"\d{6,}")


class BatchTooLarge(PayloadTooLarge):
    code = "batch_too_large"


class TooManyChecks(DomainError):
    status_code = 429
    code = "too_many_requests"
    message = "查询过于频繁，请稍后再试"


@dataclass(frozen=True)
class CheckReport:
    check: NominationCheck
    answers: list[Answer]  # in the order submitted
    read_at: dt.datetime  # when the data was read (the check reads the live records)


def require_nomination_body(actor: Actor) -> None:
    if actor.role != Role.nomination:
        raise Forbidden("只有提名审查账户可以查询")


def enforce_rate_limit(session: Session, settings: Settings, actor: Actor) -> None:
    """At most ``nomination_check_rate_per_minute`` checks per account in any minute (429)."""
    now = clock.now()
    limit = settings.nomination_check_rate_per_minute
    count, oldest = repo.recent_checks(session, actor.user_id, now - RATE_WINDOW)
    if count < limit:
        return
    wait = RATE_WINDOW - (now - oldest) if oldest is not None else RATE_WINDOW
    seconds = max(1, math.ceil(wait.total_seconds()))
    raise TooManyChecks(
        f"查询过于频繁：每个账户每分钟最多查询{limit}次，请在{seconds}秒后重试",
        headers={"Retry-After": str(seconds)},
    )


def check_batch_size(settings: Settings, count: int) -> None:
    limit = settings.nomination_check_max_batch
    if count == 0:
        raise ValidationFailed(
            "请至少提交一名候选人", fields=[FieldError("candidates", "请至少提交一名候选人")]
        )
    if count > limit:
        message = f"每次最多审查{limit}人，本次提交了{count}人，请分批提交"
        raise BatchTooLarge(message, fields=[FieldError("candidates", message, "too_many")])


def safe_file_name(name: str | None) -> str | None:
    """An uploaded file's name as recorded: at most 200 characters, long digit runs masked (a
    name like ``张三370602198001011234.csv`` must not put a number in the record)."""
    if not name:
        return None
    return _DIGIT_RUN.sub(lambda m: "*" * len(m.group(0)), name.strip())[:200] or None


def _match(
    session: Session, settings: Settings, day: dt.date, candidates: Sequence[Candidate]
) -> list[Answer]:
    parsed = [parse_candidate(settings.id_hash_key, c) for c in candidates]
    return match_candidates(session, day, parsed)


def match_candidates(
    session: Session,
    day: dt.date,
    parsed: Sequence[ParsedCandidate],
    excluded: Mapping[int, Collection[int]] | None = None,
) -> list[Answer]:
    """The answers for candidates already parsed (hashed), as of ``day``: a handful of queries
    for the whole batch. ``excluded`` maps a candidate's position to persons a reviewer decided
    are not that candidate (the nomination watch keeps such decisions): they are not matched."""
    hashes = {p.id_hash for p in parsed if p.id_hash is not None}
    by_hash, legacy = repo.barred_persons(session, day, hashes)
    legacy_by_name: dict[str, list[BarredPerson]] = {}
    for person in legacy:
        if person.name_key:
            legacy_by_name.setdefault(person.name_key, []).append(person)
    answers = []
    for p in parsed:
        skip = (excluded or {}).get(p.position)
        if not skip:
            answers.append(classify(p, by_hash, legacy_by_name))
            continue
        mine = by_hash.get(p.id_hash) if p.id_hash else None
        own_hash = {p.id_hash: mine} if p.id_hash and mine and mine.person_id not in skip else {}
        namesakes = [n for n in legacy_by_name.get(p.name_key, []) if n.person_id not in skip]
        answers.append(classify(p, own_hash, {p.name_key: namesakes} if namesakes else {}))
    return answers


def run_check(
    session: Session,
    settings: Settings,
    actor: Actor,
    candidates: Sequence[Candidate],
    *,
    as_of: dt.date | None,
    channel: CheckChannel,
    file_name: str | None = None,
) -> CheckReport:
    """Answer a batch and put the check on the record (flush only)."""
    require_nomination_body(actor)
    check_batch_size(settings, len(candidates))
    enforce_rate_limit(session, settings, actor)
    day = as_of or clock.today()
    read_at = clock.now()
    answers = _match(session, settings, day, candidates)
    counts = dict.fromkeys(CandidateStatus, 0)
    matched: set[int] = set()
    for answer in answers:
        counts[answer.status] += 1
        matched.update(answer.person_ids)
    retention = dt.timedelta(days=settings.nomination_check_retention_days)
    check = NominationCheck(
        user_id=actor.user_id,
        channel=channel,
        created_at=read_at,
        as_of=day,
        candidates=len(answers),
        barred=counts[CandidateStatus.barred],
        needs_review=counts[CandidateStatus.needs_review],
        invalid=counts[CandidateStatus.invalid],
        clear=counts[CandidateStatus.clear],
        data_changed_at=repo.data_changed_at(session),
        rule_version=NOMINATION_RULE_VERSION,
        matched_person_ids=sorted(matched),
        file_name=safe_file_name(file_name),
        source_ip=actor.source_ip,
        results_expire_at=read_at + retention if channel == CheckChannel.page else None,
    )
    session.add(check)
    session.flush()
    if channel == CheckChannel.page:
        _keep_results(session, check, answers)
    audit(
        session,
        actor,
        "nomination_check.run",
        "nomination_check",
        check.id,
        after=check_summary(check),
    )
    return CheckReport(check=check, answers=answers, read_at=read_at)


def _keep_results(session: Session, check: NominationCheck, answers: Sequence[Answer]) -> None:
    """A page check's answers, kept for the retention period (ID numbers masked)."""
    repo.add_results(
        session,
        (
            {
                "check_id": check.id,
                "position": a.position,
                "reference": a.reference,
                "name": a.name[:100],
                "id_masked": a.id_masked,
                "status": a.status.value,
                "detail": a.as_dict(),
            }
            for a in answers
        ),
    )


def check_summary(check: NominationCheck) -> dict[str, object]:
    """What the record of a check says (the audit entry, the administrators' export)."""
    return {
        "channel": check.channel,
        "as_of": check.as_of,
        "candidates": check.candidates,
        "barred": check.barred,
        "needs_review": check.needs_review,
        "invalid": check.invalid,
        "clear": check.clear,
        "data_changed_at": check.data_changed_at,
        "rule_version": check.rule_version,
        "matched_person_ids": check.matched_person_ids,
        "file_name": check.file_name,
    }


def via_api(checks: Sequence[NominationCheck]) -> set[int]:
    """The checks made through the API (their results are never kept)."""
    return {check.id for check in checks if check.channel == CheckChannel.api}


def own_check(session: Session, actor: Actor, check_id: int) -> NominationCheck:
    """A check this nomination body ran on the pages (anyone else's is not found)."""
    check = session.get(NominationCheck, check_id)
    if check is None or check.user_id != actor.user_id or check.channel != CheckChannel.page:
        raise NotFound("未找到该审查记录")
    return check


def purge_expired_results(session: Session) -> int:
    """Delete the results of page checks past their retention; the checks stay on the record.
    Returns how many results were deleted (the purge is audited when it deletes anything)."""
    now = clock.now()
    ids = repo.expired_check_ids(session, now)
    if not ids:
        return 0
    deleted = repo.delete_results(session, ids, now)
    audit(
        session,
        None,
        "nomination_check.purge",
        "nomination_check",
        None,
        after={"checks": ids, "results_deleted": deleted},
    )
    return deleted
