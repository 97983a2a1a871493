"""What awaits a reviewer and what an officer has under way, across every workflow."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.kit.actor import Actor
from app.lists import repository as lists
from app.lists.service import removal_requested
from app.models import PenaltyImportBatch
from app.nomination_bars import repository as bars
from app.penalties import repository as penalties
from app.penalty_imports import repository as imports


@dataclass
class ReviewQueue:
    penalties: list[penalties.Row] = field(default_factory=list)
    batches: list[tuple[PenaltyImportBatch, int]] = field(default_factory=list)
    entries: list[lists.Row] = field(default_factory=list)
    removals: list[lists.Row] = field(default_factory=list)
    bars: list[bars.Row] = field(default_factory=list)

    @property
    def total(self) -> int:
        return (
            len(self.penalties)
            + sum(count for _b, count in self.batches)
            + len(self.entries)
            + len(self.removals)
            + len(self.bars)
        )


def review_queue(session: Session, actor: Actor) -> ReviewQueue:
    """Everything the actor may decide now (never their own submissions or proposals)."""
    return ReviewQueue(
        penalties=penalties.awaiting_review(session, actor),
        batches=imports.awaiting_review(session, actor),
        entries=lists.awaiting_decision(session, actor),
        removals=lists.awaiting_removal(session, actor),
        bars=bars.awaiting_confirmation(session, actor),
    )


@dataclass
class MyWork:
    returned: list[penalties.Row]
    drafts: list[penalties.Row]
    submitted: list[penalties.Row]
    proposals: list[lists.Row]
    bars: list[bars.Row]
    removals: set[int] = field(default_factory=set)  # the proposals that ask for a removal


def my_work(session: Session, actor: Actor) -> MyWork:
    proposals = lists.proposed_by(session, actor)
    return MyWork(
        returned=penalties.returned_to(session, actor),
        drafts=penalties.drafts_of(session, actor),
        submitted=penalties.submitted_by(session, actor),
        proposals=proposals,
        bars=bars.proposed_by(session, actor),
        removals={entry.id for entry, _enterprise in proposals if removal_requested(entry)},
    )
