"""Supporting files of credit repair applications and objections.

The bytes live outside the web root, under ``Settings.upload_dir``, by a random name
(``stored_name``); their type was checked by content (``kind``: pdf, jpeg or png), never by the
name or the declared type. They are never served publicly: only officers download them, through
the workspace (``/admin/repairs/…/files/…``, ``/admin/objections/…/files/…``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class CaseFile(Base):
    __tablename__ = "case_files"
    __table_args__ = (
        CheckConstraint("(repair_id IS NULL) <> (objection_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    repair_id: Mapped[int | None] = mapped_column(ForeignKey("repair_applications.id"), index=True)
    objection_id: Mapped[int | None] = mapped_column(ForeignKey("objections.id"), index=True)
    original_name: Mapped[str] = mapped_column(String(200))  # as uploaded, for display only
    kind: Mapped[str] = mapped_column(String(8))  # pdf | jpeg | png (from the content)
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    uploaded_at: Mapped[dt.datetime]
