"""The nomination watch (提名人选监测): a nomination body registers a batch of candidates until
the election day and is told, once, when a candidate's status changes.

It is the nomination check run again and again: the same parsing (``parse_candidate``: the ID
number is hashed and masked at once and never kept), the same matching
(``match_candidates``, as of the election day, through the visibility rule), the same answers.
What the watch adds:

- ``register``: the batch answered now (the baseline, not a notification); the valid
  candidates kept with their hash, masked number and answer; a callback secret shown once.
- ``recheck``: after each rules tick (``app.jobs.tick``), every active watch answered again; a
  candidate whose status changed gets one notification (``WatchNotification``, unique per
  candidate and change number), audited, queued for its callback or for polling. Watches are
  locked while they are re-checked, so two ticks never tell one change twice. Every writer here
  takes the audit trail's lock first (``lock_in_order``), then the watch's rows: one lock order,
  no deadlock between a tick, a delivery and a body ending its watch.
- ``review``: a reviewer's "not the same person" on a candidate who needs review, kept for the
  watch so that the same false match is not raised again.
- ``end_watch`` and ``purge_finished``: when the watch ends (early, or after the election day)
  its candidates, notifications and decisions are deleted; the watch stays on the record.
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.audit.service import record as audit
from app.config import Settings
from app.feed.payloads import canonical_json
from app.feed.service import lock_in_order
from app.kit import clock
from app.kit.actor import Actor
from app.kit.errors import Conflict, FieldError, NotFound, ValidationFailed
from app.kit.secrets import encrypt
from app.kit.webhooks import SECRET_PREFIX
from app.models import CandidateStatus, DeliveryStatus, NominationWatch, WatchReview
from app.nomination_checks.matching import (
    Answer,
    Candidate,
    ParsedCandidate,
    name_key,
    parse_candidate,
)
from app.nomination_checks.service import (
    check_batch_size,
    match_candidates,
    require_nomination_body,
)
from app.nomination_watch import repository as repo
from app.nomination_watch.rules import CHANGES, callback_problem, change_of

LONGEST = dt.timedelta(days=731)  # a watch ends at most two years after it starts
NAME_MAX = 100


@dataclass(frozen=True)
class Registration:
    watch: NominationWatch
    answers: list[Answer]  # every candidate submitted, in order (invalid ones are not kept)
    secret: str | None  # the callback signing secret (whsec_…), shown this once


def _check_watch(settings: Settings, name: str, end_date: dt.date, url: str | None) -> None:
    problems: list[FieldError] = []
    if not name.strip() or len(name) > NAME_MAX:
        problems.append(FieldError("name", f"请填写监测名称（1至{NAME_MAX}个字）", "invalid"))
    today = clock.today()
    if end_date < today:
        problems.append(FieldError("end_date", "选举日（监测截止日）不能早于今天", "past"))
    elif end_date > today + LONGEST:
        problems.append(FieldError("end_date", "监测期最长两年：请在两年内的日期中选择", "too_far"))
    if url is not None:
        problem = callback_problem(url, production=settings.environment == "production")
        if problem is not None:
            problems.append(problem)
    if problems:
        raise ValidationFailed(fields=problems)


def register(
    session: Session,
    settings: Settings,
    actor: Actor,
    *,
    name: str,
    end_date: dt.date,
    callback_url: str | None,
    candidates: Sequence[Candidate],
) -> Registration:
    """Start a watch (flush only): the batch answered as of ``end_date``, the valid candidates
    kept (hash and masked number), the registration audited without any ID number."""
    require_nomination_body(actor)
    check_batch_size(settings, len(candidates))
    url = (callback_url or "").strip() or None
    _check_watch(settings, name, end_date, url)
    parsed = [parse_candidate(settings.id_hash_key, c) for c in candidates]
    answers = match_candidates(session, end_date, parsed)
    now = clock.now()
    secret = new_secret() if url else None
    kept = [(p, a) for p, a in zip(parsed, answers, strict=True) if p.id_hash is not None]
    watch = NominationWatch(
        user_id=actor.user_id,
        name=name.strip(),
        end_date=end_date,
        callback_url=url,
        secret_encrypted=encrypt(settings.id_encryption_key, secret) if secret else None,
        created_at=now,
        candidates=len(kept),
        last_checked_at=now,
    )
    session.add(watch)
    session.flush()
    repo.add_candidates(session, (_candidate_row(watch.id, p, a, now) for p, a in kept))
    audit(
        session,
        actor,
        "nomination_watch.create",
        "nomination_watch",
        watch.id,
        after={
            **_summary(answers),
            "name": watch.name,
            "end_date": end_date,
            "callback": bool(url),
        },
    )
    return Registration(watch, answers, secret)


def new_secret() -> str:
    """A Standard Webhooks signing secret: ``whsec_`` and the base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _candidate_row(
    watch_id: int, parsed: ParsedCandidate, answer: Answer, now: dt.datetime
) -> dict[str, Any]:
    return {
        "watch_id": watch_id,
        "position": parsed.position,
        "reference": parsed.reference,
        "name": parsed.name[:100],
        "id_hash": parsed.id_hash,
        "id_masked": parsed.id_masked,
        "id_legacy": parsed.id_legacy,
        "status": answer.status.value,
        "person_ids": sorted(answer.person_ids),
        "detail": answer.as_dict(),
        "changes": 0,
        "checked_at": now,
    }


def _summary(answers: Sequence[Answer]) -> dict[str, Any]:
    counts = {status.value: 0 for status in CandidateStatus}
    matched: set[int] = set()
    for answer in answers:
        counts[answer.status.value] += 1
        matched.update(answer.person_ids)
    return {"candidates": len(answers), **counts, "matched_person_ids": sorted(matched)}


# --- re-checking ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecheckReport:
    watches: int
    candidates: int
    changes: int
    purged: int


def _parsed(row: Any) -> ParsedCandidate:
    return ParsedCandidate(
        position=row.position,
        reference=row.reference,
        name=row.name,
        name_key=name_key(row.name),
        id_hash=row.id_hash,
        id_masked=row.id_masked,
        id_legacy=row.id_legacy,
        problem=None,
    )


def recheck(session: Session, day: dt.date | None = None) -> RecheckReport:
    """Answer every active watch again and tell each change once (flush only)."""
    lock_in_order(session)  # the audit lock before the watches' rows, as every writer here
    today = day or clock.today()
    purged = purge_finished(session, today)
    watches = repo.active_watches(session, today, lock=True)
    rows = repo.candidates_of(session, [w.id for w in watches])
    dismissed = repo.dismissed(session, [w.id for w in watches])
    by_watch: dict[int, list[Any]] = {}
    for row in rows:
        by_watch.setdefault(row.watch_id, []).append(row)
    now = clock.now()
    updates: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for watch in watches:
        mine = by_watch.get(watch.id, [])
        excluded = {r.position: dismissed[r.id] for r in mine if r.id in dismissed}
        answers = match_candidates(session, watch.end_date, [_parsed(r) for r in mine], excluded)
        for row, answer in zip(mine, answers, strict=True):
            _compare(watch, row, answer, now, updates, notes)
        watch.last_checked_at = now
    audits = [(note["watch_id"], note.pop("_audit")) for note in notes]
    repo.update_candidates(session, updates)
    repo.add_notifications(session, notes)
    for watch_id, told in audits:
        audit(session, None, "nomination_watch.notify", "nomination_watch", watch_id, after=told)
    session.flush()
    return RecheckReport(len(watches), len(rows), len(notes), purged)


def _compare(
    watch: NominationWatch,
    row: Any,
    answer: Answer,
    now: dt.datetime,
    updates: list[dict[str, Any]],
    notes: list[dict[str, Any]],
) -> None:
    detail = answer.as_dict()
    persons = sorted(answer.person_ids)
    before = CandidateStatus(row.status)
    change = change_of(before, answer.status)
    if change is None and detail == row.detail and persons == list(row.person_ids or []):
        return
    sequence = row.changes + (1 if change else 0)
    updates.append(
        {
            "id": row.id,
            "status": answer.status.value,
            "person_ids": persons,
            "detail": detail,
            "changes": sequence,
            "checked_at": now,
        }
    )
    if change is None:
        return  # the bars' details moved (e.g. an end date), the status did not: nothing to tell
    message_id = f"ntf_{uuid.uuid4().hex}"
    body = {
        "type": "nomination_watch.status_changed",
        "id": message_id,
        "watch_id": watch.id,
        "watch_name": watch.name,
        "as_of": watch.end_date.isoformat(),
        "occurred_at": now.isoformat(),
        "change": change,
        "change_label": CHANGES[change],
        "previous_status": before.value,
        "candidate": detail,
    }
    notes.append(
        {
            "message_id": message_id,
            "watch_id": watch.id,
            "candidate_id": row.id,
            "sequence": sequence,
            "change": change,
            "created_at": now,
            "body": canonical_json(body),
            "delivery": DeliveryStatus.pending if watch.callback_url else DeliveryStatus.poll,
            "attempts": 0,
            "next_attempt_at": now if watch.callback_url else None,
            "_audit": {
                "message_id": message_id,
                "candidate_index": row.position,
                "change": change,
                "from": before.value,
                "to": answer.status.value,
                "person_ids": persons,
            },
        }
    )


# --- the body's own actions ---------------------------------------------------------------------


def owned(session: Session, actor: Actor, watch_id: int, *, live: bool = False) -> NominationWatch:
    """The actor's own watch; another's (or none) is 404, never 403: ids tell nothing. With
    ``live``, a watch whose candidates and notifications were deleted (ended, or its election
    day passed) is 404 too: its notifications are gone (the watch itself still shows that it
    ended, and when)."""
    require_nomination_body(actor)
    watch = session.get(NominationWatch, watch_id)
    if watch is None or watch.user_id != actor.user_id:
        raise NotFound("没有这个监测，或它不属于您的账户")
    if live and watch.purged_at is not None:
        raise NotFound("该监测已结束，其候选人和通知已删除")
    return watch


def review(
    session: Session, actor: Actor, watch_id: int, position: int, note: str | None
) -> Answer:
    """ "Not the same person": the persons a needs-review candidate was matched with are not
    matched again for this watch. The candidate is answered again at once (without a
    notification: the body made the change itself)."""
    lock_in_order(session)
    watch = owned(session, actor, watch_id)
    if watch.purged_at is not None or watch.ended_at is not None:
        raise Conflict("该监测已结束，记录已删除")
    candidate = repo.candidate(session, watch_id, position)
    if candidate is None:
        raise NotFound(f"该监测中没有第{position}名候选人")
    if candidate.status != CandidateStatus.needs_review:
        raise Conflict("只有“需人工核对”的候选人可以作出“不是同一人”的决定")
    now = clock.now()
    for person_id in candidate.person_ids:
        session.add(
            WatchReview(
                watch_id=watch_id,
                candidate_id=candidate.id,
                person_id=person_id,
                decision="not_same_person",
                note=(note or "").strip()[:500] or None,
                decided_by_id=actor.user_id,
                decided_at=now,
            )
        )
    session.flush()
    excluded = repo.dismissed(session, [watch_id]).get(candidate.id, set())
    answer = match_candidates(
        session, watch.end_date, [_parsed(candidate)], {candidate.position: excluded}
    )[0]
    audit(
        session,
        actor,
        "nomination_watch.review",
        "nomination_watch",
        watch_id,
        after={
            "candidate_index": position,
            "decision": "not_same_person",
            "person_ids": list(candidate.person_ids),
            "status": answer.status.value,
        },
    )
    candidate.status = answer.status
    candidate.person_ids = sorted(answer.person_ids)
    candidate.detail = answer.as_dict()
    candidate.checked_at = now
    session.flush()
    return answer


def end_watch(session: Session, actor: Actor, watch_id: int) -> NominationWatch:
    """End a watch now: its candidates, notifications and decisions are deleted."""
    lock_in_order(session)
    watch = owned(session, actor, watch_id)
    if watch.purged_at is None:
        watch.ended_at = watch.ended_at or clock.now()
        _purge(session, watch, actor)
    return watch


def purge_finished(session: Session, day: dt.date | None = None) -> int:
    """Delete what ended watches kept (the election day passed, or ended early)."""
    watches = repo.finished_watches(session, day or clock.today())
    for watch in watches:
        watch.ended_at = watch.ended_at or clock.now()
        _purge(session, watch, None)
    return len(watches)


def _purge(session: Session, watch: NominationWatch, actor: Actor | None) -> None:
    counts = repo.purge(session, watch.id)
    watch.purged_at = clock.now()
    audit(session, actor, "nomination_watch.purge", "nomination_watch", watch.id, after=counts)
    session.flush()
