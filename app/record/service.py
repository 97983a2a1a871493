"""An enterprise's public credit record: one service function for its page and its JSON twin.

Columns are selected by name (never a whole row), so that nothing but what the public may see is
read; penalties and list entries come from their features' public read side, which applies the
one visibility rule.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict
from functools import lru_cache
from typing import Any

from sqlalchemy import Row, Select, bindparam, select
from sqlalchemy.orm import Session

from app.credit.rules import level_info
from app.kit.errors import NotFound, ValidationFailed
from app.kit.identifiers import IdentifierError, parse_uscc
from app.kit.regions import division_name
from app.licences.public_service import licences_of_enterprise
from app.lists.public_service import entries_of_enterprise
from app.measures.schemas import EntryMeasureListOut, MeasureOut
from app.measures.service import measures_of_entries
from app.models import CreditAssessment, CreditScheme, Enterprise, ListType, RegistrationStatus
from app.models.enterprise import REGISTRATION_STATUS_LABELS
from app.penalties.public_service import penalties_of_enterprise
from app.record.schemas import CreditLevelOut, EnterpriseRecord

_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_FALLBACK_COLOR = "#555555"
DARK_TEXT, LIGHT_TEXT = "#1a1a1a", "#ffffff"


def readable_text_color(background: str) -> str:
    """Dark or light text, whichever contrasts more with ``background`` (WCAG luminance)."""

    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(background[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    # Contrast with white: 1.05 / (L + 0.05); with #1a1a1a (L ~ 0.0103): (L + 0.05) / 0.0603.
    return LIGHT_TEXT if 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.0603 else DARK_TEXT


def badge_colors(color: str | None) -> tuple[str, str]:
    """A level's colour made safe to put in a style attribute (``#rrggbb``, else grey), and the
    text colour readable on it."""
    safe = color if color and _HEX_COLOR.match(color) else _FALLBACK_COLOR
    return safe, readable_text_color(safe)


def _level(row: Row[Any], day: dt.date) -> CreditLevelOut:
    """One assessment as shown on ``day``: an end after ``day`` was not known then (as of a past
    day the page shows what it showed that day)."""
    info = level_info(row.definition, row.level)
    color, text_color = badge_colors(info.color if info else None)
    return CreditLevelOut(
        code=row.level,
        label=info.label if info else row.level,
        name=info.name if info else row.level,
        color=color,
        text_color=text_color,
        meaning=info.meaning if info else "",
        points=row.points,
        valid_from=row.valid_from,
        valid_to=row.valid_to if row.valid_to is not None and row.valid_to < day else None,
        scheme_name=row.scheme_name,
    )


@lru_cache(maxsize=1)
def _levels_select() -> Select[Any]:
    return (
        select(
            CreditAssessment.level,
            CreditAssessment.points,
            CreditAssessment.valid_from,
            CreditAssessment.valid_to,
            CreditAssessment.updated_at,
            CreditScheme.definition,
            CreditScheme.name.label("scheme_name"),
        )
        .join(CreditScheme, CreditScheme.id == CreditAssessment.scheme_id)
        .where(CreditAssessment.enterprise_id == bindparam("enterprise_id"))
        .where(CreditAssessment.valid_from <= bindparam("day"))
        .order_by(CreditAssessment.valid_from.desc(), CreditAssessment.id.desc())
    )


_ENTERPRISE_COLUMNS: tuple[Any, ...] = (
    Enterprise.id,
    Enterprise.uscc,
    Enterprise.name,
    Enterprise.former_names,
    Enterprise.legal_representative,
    Enterprise.district_code,
    Enterprise.industry,
    Enterprise.address,
    Enterprise.registration_status,
    Enterprise.established_on,
    Enterprise.updated_at,
)


@lru_cache(maxsize=1)
def _enterprise_select() -> Select[Any]:
    return select(*_ENTERPRISE_COLUMNS).where(Enterprise.uscc == bindparam("uscc"))


def _levels(
    session: Session, enterprise_id: int, day: dt.date
) -> tuple[CreditLevelOut | None, list[CreditLevelOut], list[dt.datetime]]:
    rows = (
        session.connection()
        .execute(_levels_select(), {"enterprise_id": enterprise_id, "day": day})
        .all()
    )
    history = [_level(row, day) for row in rows]
    current = next(
        (lv for lv in history if lv.valid_to is None or lv.valid_to >= day),
        None,
    )
    return current, history, [row.updated_at for row in rows]


def find_uscc(raw: str) -> str:
    """The normalised code of ``raw`` (lowercase and full-width accepted), or 422 saying why."""
    try:
        return parse_uscc(raw)
    except IdentifierError as error:
        raise ValidationFailed.from_identifier("uscc", error) from None


def enterprise_record(session: Session, raw_uscc: str, day: dt.date) -> EnterpriseRecord:
    """The public record of the enterprise with code ``raw_uscc`` as it stands on ``day``."""
    uscc = find_uscc(raw_uscc)
    row = session.connection().execute(_enterprise_select(), {"uscc": uscc}).first()
    if row is None:
        raise NotFound(f"未找到统一社会信用代码为 {uscc} 的企业")
    current, history, level_changes = _levels(session, row.id, day)
    entries = entries_of_enterprise(session, day, row.id)
    penalties = penalties_of_enterprise(session, day, row.id)
    licences = licences_of_enterprise(session, day, row.id)
    changes = [
        row.updated_at,
        *level_changes,
        *(e.updated_at for e in entries),
        *(p.updated_at for p in penalties),
        *(licence.updated_at for licence in licences),
    ]
    status = RegistrationStatus(row.registration_status)
    return EnterpriseRecord(
        uscc=row.uscc,
        url=f"/enterprises/{row.uscc}",
        name=row.name,
        former_names=list(row.former_names or []),
        legal_representative=row.legal_representative,
        district_code=row.district_code,
        district_name=division_name(row.district_code),
        industry=row.industry,
        address=row.address,
        registration_status=status.value,
        registration_status_label=REGISTRATION_STATUS_LABELS[status],
        established_on=row.established_on,
        credit_level=current,
        level_history=history,
        on_black_list=any(e.list_type == ListType.black for e in entries),
        on_red_list=any(e.list_type == ListType.red for e in entries),
        list_entries=entries,
        penalties=penalties,
        joint_measures=[
            EntryMeasureListOut(
                entry_id=entry_id,
                measures=[MeasureOut.model_validate(asdict(m)) for m in found],
            )
            for entry_id, found in measures_of_entries(
                session, [(e.id, ListType(e.list_type), e.start_date) for e in entries]
            )
        ],
        licences=licences,
        data_updated_at=max(changes),
        as_of=day,
    )
