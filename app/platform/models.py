"""The platform's tables, in their own metadata: they live in the platform's database only.

The mock creates them with ``metadata.create_all`` on its own database at start (it is a stand-in
for another organisation's system, not part of the portal's schema or its Alembic migrations).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Index, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.models.base import NAMING_CONVENTION, UTCDateTime


class PlatformBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime()}  # noqa: RUF012 - SQLAlchemy's own idiom


class HeldRecord(PlatformBase):
    """What the platform holds for one portal record: the latest state it applied."""

    __tablename__ = "platform_records"
    __table_args__ = (UniqueConstraint("record_type", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_type: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[int]
    sequence: Mapped[int]  # the portal's per-record event sequence last applied
    record_version: Mapped[int]
    event_id: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(12))  # active | withdrawn
    uscc: Mapped[str | None] = mapped_column(String(18), index=True)
    name: Mapped[str | None] = mapped_column(String(200))
    data: Mapped[dict[str, object]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime]


class Receipt(PlatformBase):
    """Every event received once, in the order applied: the idempotency record and the audit."""

    __tablename__ = "platform_receipts"
    __table_args__ = (Index("ix_platform_receipts_record", "record_type", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)  # the order of arrival
    event_id: Mapped[str] = mapped_column(String(40), unique=True)
    record_type: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[int]
    sequence: Mapped[int]
    kind: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(String(10))  # applied | stale
    via: Mapped[str] = mapped_column(String(10))  # push | pull | snapshot
    received_at: Mapped[dt.datetime]


class KeyValue(PlatformBase):
    """Small state: the pull cursor."""

    __tablename__ = "platform_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
