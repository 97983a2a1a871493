"""Expiry reaches the platform: when a record's publication ends, the change feed (and with it
the push) carries a withdrawal for it, exactly once.

A publication ends when the maximum period is reached (the day after 公示截止期), a list entry's
period ends, a record is withdrawn (credit repair approved, revoked) or a list entry is removed.
The public status needs no job (it is derived from dates when served); the *withdrawal event*
does: ``catch_up`` finds the endings not yet noted and, for each,

- emits ``penalty.withdrawn`` / ``list_entry.withdrawn`` (dated the first non-public day, however
  late it runs) when the record's last feed event still shows it public;
- emits nothing when the last event is already a withdrawal (a workflow sent it: a removal, a
  correction that ended publication) or when the record never reached the feed;

and notes the ending in ``publication_endings``, whose unique key (record type, id, version)
makes it exactly-once whether ``catch_up`` runs zero, one or many times, late or concurrently.

``catch_up`` runs from ``ecocredit rules tick`` (and the ticker of ``ecocredit serve``), and
before every read of the pull feed and its snapshot, so a consumer never reads the feed of a day
without that day's expiries, even if no tick ran. A correction replacing a version is carried by
its ``penalty.corrected`` event (the platform holds one record per id), not by a withdrawal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.feed.payloads import WITHDRAWAL_KINDS
from app.feed.service import emit_list_entry_withdrawn, emit_penalty_withdrawn, lock_in_order
from app.kit import clock
from app.models import ListEntry, PenaltyVersion, PublicationEnding
from app.publication import repository
from app.publication.repository import Ended

# How far before the last tick's day a run looks again (a margin for late approvals and clocks).
LOOK_BACK = dt.timedelta(days=7)


@dataclass
class CatchUp:
    emitted: int = 0  # withdrawal events written to the feed
    noted: int = 0  # endings noted without a new event (already withdrawn, never on the feed)


def _endings(session: Session, today: dt.date, since: dt.date | None) -> list[Ended]:
    return [
        *repository.ended_penalties(session, today, since),
        *repository.ended_entries(session, today, since),
    ]


def default_since(session: Session) -> dt.date | None:
    """Where to start looking: a week before the last completed tick (None: everything)."""
    last = repository.last_tick_day(session)
    return None if last is None else last - LOOK_BACK


def catch_up(session: Session, today: dt.date | None = None, *, full: bool = False) -> CatchUp:
    """Emit and note every publication ending up to ``today`` that is not noted yet (see the
    module docstring). ``full`` looks at all history instead of since the last tick."""
    day = today or clock.today()
    since = None if full else default_since(session)
    if not _endings(session, day, since):
        return CatchUp()
    # Serialise with every other writer of the feed (and of endings), then look again: what a
    # concurrent run noted meanwhile is no longer a candidate.
    lock_in_order(session)
    result = CatchUp()
    found = _endings(session, day, since)
    for record_type in ("penalty", "list_entry"):
        mine = [e for e in found if e.record_type == record_type]
        last = repository.last_events(session, record_type, [e.record_id for e in mine])
        for ending in mine:
            event = last.get(ending.record_id)
            position: int | None
            if event is None:
                position = None
                result.noted += 1
            elif event.kind in WITHDRAWAL_KINDS:
                position = event.position
                result.noted += 1
            else:
                position = emit_withdrawal(session, ending)
                result.emitted += position is not None
                result.noted += position is None
            note_ending(session, ending, position)
    session.flush()
    return result


def emit_withdrawal(session: Session, ending: Ended) -> int | None:
    if ending.record_type == "penalty":
        version = session.scalars(
            select(PenaltyVersion).where(
                PenaltyVersion.record_id == ending.record_id,
                PenaltyVersion.version == ending.version,
            )
        ).one()
        event = emit_penalty_withdrawn(session, version, ending.reason, ending.ended_on)
    else:
        entry = session.get_one(ListEntry, ending.record_id)
        event = emit_list_entry_withdrawn(session, entry, ending.reason, ending.ended_on)
    return None if event is None else event.id


def note_ending(session: Session, ending: Ended, position: int | None) -> None:
    session.add(
        PublicationEnding(
            record_type=ending.record_type,
            record_id=ending.record_id,
            record_version=ending.version,
            reason=ending.reason,
            ended_on=ending.ended_on,
            feed_event_id=position,
            noted_at=clock.now(),
        )
    )
