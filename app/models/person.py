"""Natural persons and their roles at enterprises.

A resident ID number is never stored in plain text: ``id_hash`` (HMAC-SHA256 with a key from the
settings) matches it, ``id_masked`` shows it, and ``id_encrypted`` keeps it in full where the law
requires, encrypted with a key from the settings.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, str_enum
from app.models.enterprise import Enterprise


class PersonRole(enum.StrEnum):
    legal_representative = "legal_representative"  # 法定代表人
    principal = "principal"  # 主要负责人
    directly_responsible = "directly_responsible"  # 直接责任人员
    actual_controller = "actual_controller"  # 实际控制人


PERSON_ROLE_LABELS = {
    PersonRole.legal_representative: "法定代表人",
    PersonRole.principal: "主要负责人",
    PersonRole.directly_responsible: "直接责任人员",
    PersonRole.actual_controller: "实际控制人",
}


class Person(TimestampMixin, Base):
    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    id_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    id_masked: Mapped[str | None] = mapped_column(String(18))
    id_encrypted: Mapped[str | None] = mapped_column(Text)


class EnterprisePerson(TimestampMixin, Base):
    """A person's role at an enterprise, with the dates it held."""

    __tablename__ = "enterprise_persons"
    __table_args__ = (UniqueConstraint("enterprise_id", "person_id", "role", "since"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    role: Mapped[PersonRole] = mapped_column(str_enum(PersonRole, "person_role"))
    since: Mapped[dt.date | None]
    until: Mapped[dt.date | None]

    enterprise: Mapped[Enterprise] = relationship(lazy="raise")
    person: Mapped[Person] = relationship(lazy="raise")
