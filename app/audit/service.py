"""Recording actions in the hash-chained audit trail.

Every entry's ``hash`` is the HMAC-SHA256 of the previous entry's hash and the entry's own
content (canonical JSON), keyed with ``ECOCREDIT_AUDIT_HMAC_KEY`` — a key that is not in the
database: whoever can write the database cannot compute the hash of a forged or edited entry,
nor recompute the chain after it. Editing, deleting, inserting or reordering entries breaks the
chain (``app.audit.chain.verify_chain``); deleting the tail and resetting the head is found by
the anchors kept outside the database (``app.audit.anchors``).

Appends are serialised by locking the single ``audit_chain_head`` row (``UPDATE … RETURNING``
as the first step of an append): on PostgreSQL concurrent writers queue up behind the row lock
until commit, so the chain cannot fork; SQLite serialises writers anyway.

Call ``record()`` after the change it describes, late in the unit of work: the lock is held until
the request commits.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import hmac
import json
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Protocol, cast

from sqlalchemy import Table, update
from sqlalchemy.orm import Session

from app.config import get_settings
from app.kit import clock
from app.kit.actor import Actor
from app.kit.personal_numbers import mask_personal_numbers
from app.models import AuditChainHead, AuditEntry

HEAD_ID = 1
_HEAD = cast(Table, AuditChainHead.__table__)


def _mask_ids(text: str) -> str:
    """Resident ID numbers inside any text, masked (defence in depth: callers mask them)."""
    return mask_personal_numbers(text, mobiles=False).text


def to_jsonable(value: Any) -> Any:
    """Plain JSON values from what callers pass: dates, Decimals, enums, sets, dataclasses.

    Strings that contain a valid resident ID number get it masked; anything unknown is an error
    (better a failing test than an entry that cannot be verified).
    """
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise TypeError("audit values cannot hold NaN or infinity")
        return value
    if isinstance(value, str):
        return _mask_ids(value)
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise TypeError("audit values need timezone-aware datetimes")
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(dataclasses.asdict(value))
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((to_jsonable(v) for v in value), key=lambda v: json.dumps(v))
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    raise TypeError(f"audit values must be JSON-serialisable, got {type(value).__name__}")


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


class EntryLike(Protocol):
    """An ``AuditEntry`` or a row of its columns."""

    @property
    def seq(self) -> int: ...
    @property
    def created_at(self) -> dt.datetime: ...
    @property
    def actor_user_id(self) -> int | None: ...
    @property
    def actor_username(self) -> str | None: ...
    @property
    def actor_role(self) -> str | None: ...
    @property
    def action(self) -> str: ...
    @property
    def object_type(self) -> str: ...
    @property
    def object_id(self) -> str | None: ...
    @property
    def before(self) -> dict[str, Any] | None: ...
    @property
    def after(self) -> dict[str, Any] | None: ...
    @property
    def source_ip(self) -> str | None: ...


def entry_content(entry: EntryLike) -> dict[str, Any]:
    """What the hash covers (every column but ``id``, ``prev_hash`` and ``hash`` itself)."""
    return {
        "seq": entry.seq,
        "created_at": entry.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_user_id": entry.actor_user_id,
        "actor_username": entry.actor_username,
        "actor_role": entry.actor_role,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "before": entry.before,
        "after": entry.after,
        "source_ip": entry.source_ip,
    }


def chain_key() -> bytes:
    """The chain's HMAC key, from the settings (the environment), never from the database."""
    return get_settings().audit_hmac_key.encode()


def chain_hash(prev_hash: str, content: Mapping[str, Any], key: bytes | None = None) -> str:
    data = prev_hash + "\n" + canonical_json(content)
    return hmac.new(key or chain_key(), data.encode(), hashlib.sha256).hexdigest()


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    object_type: str,
    object_id: str | int | None,
    *,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    source_ip: str | None = None,
) -> AuditEntry:
    """Append one entry (flush only; the caller's unit of work commits it).

    ``action`` is dotted, e.g. ``penalty.submit``; ``object_type``/``object_id`` name what it was
    done to. ``before``/``after`` hold the changed values (JSON-serialisable after
    ``to_jsonable``); pass ID numbers masked. ``source_ip`` defaults to the actor's.
    """
    # Taking the next position is the first write: it locks the head row (PostgreSQL) or the
    # database (SQLite) until commit, so that appends queue up and the chain cannot fork.
    head = session.execute(
        update(_HEAD)
        .where(_HEAD.c.id == HEAD_ID)
        .values(last_seq=_HEAD.c.last_seq + 1)
        .returning(_HEAD.c.last_seq, _HEAD.c.last_hash)
    ).one()
    entry = AuditEntry(
        seq=head.last_seq,
        created_at=clock.now().astimezone(dt.UTC),
        actor_user_id=actor.user_id if actor else None,
        actor_username=actor.username if actor else None,
        actor_role=actor.role.value if actor else None,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        before=to_jsonable(dict(before)) if before is not None else None,
        after=to_jsonable(dict(after)) if after is not None else None,
        source_ip=source_ip if source_ip is not None else (actor.source_ip if actor else None),
        prev_hash=head.last_hash,
    )
    entry.hash = chain_hash(head.last_hash, entry_content(entry))
    session.add(entry)
    session.execute(update(_HEAD).where(_HEAD.c.id == HEAD_ID).values(last_hash=entry.hash))
    session.flush()
    return entry
