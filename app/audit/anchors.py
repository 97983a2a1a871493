"""Anchors of the audit chain outside the database: its head (position and hash) appended now
and then to a file that the database's writers cannot touch (``ECOCREDIT_AUDIT_ANCHOR_PATH``;
on its own volume, or copied off the machine).

The keyed hashes stop anyone without the key from forging or recomputing entries; but deleting
the newest entries and setting the head back leaves a chain that is consistent in itself. An
anchor remembers where the chain had got to: ``audit verify`` finds an anchored entry that is
gone (the chain is shorter than an anchor says) or that differs from its anchored hash. Write an
anchor at least daily (``ecocredit audit anchor``, e.g. after the rules tick); what was written
after the last anchor is protected by the key only.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.service import HEAD_ID
from app.kit import clock
from app.models import AuditChainHead


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    at: str  # when it was written (UTC, ISO 8601)


def write_anchor(session: Session, path: Path) -> Anchor | None:
    """Append the chain's head to ``path``; None when there is no head row."""
    head = session.execute(
        select(AuditChainHead.last_seq, AuditChainHead.last_hash).where(
            AuditChainHead.id == HEAD_ID
        )
    ).one_or_none()
    if head is None:
        return None
    anchor = Anchor(
        int(head.last_seq), str(head.last_hash), clock.now().astimezone(dt.UTC).isoformat()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps({"seq": anchor.seq, "hash": anchor.hash, "at": anchor.at}) + "\n")
    return anchor


def read_anchors(path: Path) -> list[Anchor]:
    """Every anchor in ``path`` (none when the file does not exist yet)."""
    if not path.exists():
        return []
    anchors = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            value = json.loads(line)
            anchors.append(Anchor(int(value["seq"]), str(value["hash"]), str(value["at"])))
    return anchors
