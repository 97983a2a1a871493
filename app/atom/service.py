"""Atom entries from the change feed's events: what a subscriber may read of each, today.

The rule: an entry shows a record's details only while that record is public, and only for the
version that is public. So

- an event about a penalty version or a list entry that is public today shows its public fields
  (a natural person's name never: feeds are copied and kept beyond the portal's reach);
- an event of an earlier version of a corrected penalty says only that the record was
  corrected, and links to it;
- a withdrawal, and every earlier event of a record that is no longer public, says only that the
  record is no longer public: no name, no decision number, no facts, no reason. Its ``updated``
  is the time it stopped (the withdrawal event's, or the day's start when the withdrawal has not
  been emitted yet), so readers replace what they kept.

Entry ids are the events' ids, so an entry keeps its id when its text changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from app.atom import repository
from app.atom.document import AtomEntry, urn_for, urn_of_event
from app.atom.repository import Event
from app.credit.rules import level_info
from app.kit import clock
from app.lists.public_service import LIST_LABELS, LIST_MEANINGS
from app.models import ListType, PartyType
from app.models.listing import BLACK_LIST_CATEGORY_LABELS, BlackListCategory
from app.publication.visibility import day_end

GONE = "该记录已不再公示（公示期满、信用修复、撤销或移出），详细内容不再提供。"
NATURAL_PERSON = "自然人（订阅源不提供自然人姓名，请查看记录页面）"
KINDS = {
    "penalty.published": "行政处罚公示",
    "penalty.corrected": "行政处罚更正",
    "penalty.withdrawn": "行政处罚不再公示",
    "list_entry.published": "列入名单",
    "list_entry.withdrawn": "名单条目不再公示",
    "credit.level_changed": "信用等级变化",
}


def _start_of_today() -> dt.datetime:
    return day_end(clock.today() - dt.timedelta(days=1))


def _gone_since(event: Event, last: dict[int, tuple[dt.datetime, str]]) -> dt.datetime:
    at, kind = last.get(event.record_id, (event.occurred_at, event.kind))
    if kind.endswith(".withdrawn"):
        return max(at, event.occurred_at)
    return max(event.occurred_at, _start_of_today())


def _category(event: Event) -> tuple[tuple[str, str], ...]:
    return ((event.kind, KINDS.get(event.kind, event.kind)),)


def _amount(value: Decimal | None) -> str:
    return "无" if value is None else f"{format(value.normalize(), 'f')} 万元"


def _penalty(event: Event, row: Any, base: str) -> AtomEntry:
    party = NATURAL_PERSON if row.party_type == PartyType.natural_person else row.party_name
    verb = "更正" if event.kind == "penalty.corrected" else "公示"
    lines = [
        f"行政处罚{verb}：{row.decision_number}",
        f"行政相对人：{party}",
        f"违法行为类型：{row.violation_type}",
        f"处罚类别：{'、'.join(row.penalty_categories or [])}",
        f"罚款金额：{_amount(row.fine_amount)}",
        f"处罚决定日期：{row.decision_date.isoformat()}",
        f"公示截止期：{row.publication_end_date.isoformat()}",
    ]
    name = "自然人" if row.party_type == PartyType.natural_person else row.party_name
    return AtomEntry(
        id=urn_of_event(event.event_id),
        title=f"行政处罚{verb}：{name}（{row.violation_type}）",
        updated=event.occurred_at,
        published=event.occurred_at,
        content="\n".join(lines),
        link=f"{base}/penalties/{row.id}",
        categories=_category(event),
    )


def _gone(event: Event, what: str, updated: dt.datetime, link: str) -> AtomEntry:
    return AtomEntry(
        id=urn_of_event(event.event_id),
        title=f"一条{what}已不再公示",
        updated=updated,
        content=GONE,
        link=link,
        categories=_category(event),
    )


def _entry(event: Event, row: Any, base: str) -> AtomEntry:
    list_type = ListType(row.list_type)
    label = LIST_LABELS[list_type]
    lines = [
        f"{row.enterprise_name}（{row.enterprise_uscc}）列入{label}（{LIST_MEANINGS[list_type]}）",
        f"有效期：{row.start_date.isoformat()} 至 {row.end_date.isoformat()}",
    ]
    if row.category and row.category in BlackListCategory.__members__:
        lines.append(f"列入类别：{BLACK_LIST_CATEGORY_LABELS[BlackListCategory(row.category)]}")
    return AtomEntry(
        id=urn_of_event(event.event_id),
        title=f"列入{label}：{row.enterprise_name}",
        updated=event.occurred_at,
        published=event.occurred_at,
        content="\n".join(lines),
        link=f"{base}/enterprises/{row.enterprise_uscc}",
        categories=_category(event),
    )


def entries_for_events(
    session: Session, events: Sequence[Event], base: str, gone_link: str
) -> list[AtomEntry]:
    """Entries for ``events`` (newest first), each as much as may be shown today (see the module
    docstring). ``base`` is the site's absolute URL; ``gone_link`` where a redacted entry links."""
    day = clock.today()
    penalty_ids = {e.record_id for e in events if e.record_type == "penalty"}
    entry_ids = {e.record_id for e in events if e.record_type == "list_entry"}
    public = repository.public_penalties(session, day, penalty_ids)
    in_force = repository.entries_in_force(session, day, entry_ids)
    types = repository.entry_types(session, entry_ids)
    last = {
        "penalty": repository.last_event_times(session, "penalty", penalty_ids),
        "list_entry": repository.last_event_times(session, "list_entry", entry_ids),
    }
    found: list[AtomEntry] = []
    for event in events:
        withdrawn = event.kind.endswith(".withdrawn")
        gone_at = _gone_since(event, last[event.record_type])
        if event.record_type == "penalty":
            row = public.get(event.record_id)
            if row is None or withdrawn:
                found.append(_gone(event, "行政处罚记录", gone_at, gone_link))
            elif row.version != event.record_version:
                found.append(_superseded(event, row, base))
            else:
                found.append(_penalty(event, row, base))
        else:
            entry = in_force.get(event.record_id)
            what = f"{LIST_LABELS.get(types.get(event.record_id, ListType.black), '名单')}条目"
            if entry is None or withdrawn:
                found.append(_gone(event, what, gone_at, gone_link))
            else:
                found.append(_entry(event, entry, base))
    return found


def _superseded(event: Event, row: Any, base: str) -> AtomEntry:
    return AtomEntry(
        id=urn_of_event(event.event_id),
        title="一条行政处罚记录已更正",
        updated=event.occurred_at,
        content="此前公示的版本已被更正版本取代，请查看记录页面的最新内容。",
        link=f"{base}/penalties/{row.id}",
        categories=_category(event),
    )


def level_entries(session: Session, enterprise_id: int, uscc: str, base: str) -> list[AtomEntry]:
    """An enterprise's credit level changes up to today (an assessment whose level differs from
    the one before it), newest first."""
    found: list[AtomEntry] = []
    previous: str | None = None
    for assessment in repository.assessments(session, enterprise_id, clock.today()):
        if assessment.level == previous:
            continue
        info = level_info(assessment.definition, assessment.level)
        label = f"{info.label}（{info.name}）" if info else assessment.level
        start = day_end(assessment.valid_from - dt.timedelta(days=1))
        found.append(
            AtomEntry(
                id=urn_for(f"credit_assessment:{assessment.id}"),
                title=f"环境信用等级：{label}",
                updated=start,
                published=start,
                content=f"自 {assessment.valid_from.isoformat()} 起，环境信用等级为{label}。",
                link=f"{base}/enterprises/{uscc}",
                categories=(("credit.level_changed", KINDS["credit.level_changed"]),),
            )
        )
        previous = assessment.level
    found.reverse()
    return found
