"""The Atom feeds the portal offers, one provider each.

A channel has a name (its path: ``/feeds/{name}.atom``, or ``/feeds/{name}/{key}.atom`` when it
takes a key), a function that checks the key and names the subject (404 or 422 when it is not
one), and a function that returns the subject's entries, newest first. To add a feed (e.g. for
the inspection board once its case ledger exists): write a ``Channel`` whose ``entries`` reads
that feature's change-feed events (or its public read side) and builds ``AtomEntry`` values
with ``app.atom.service`` (the redaction rule), and add it to ``CHANNELS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.atom import repository, service
from app.atom.document import AtomEntry
from app.kit.errors import NotFound
from app.kit.regions import division_name
from app.lists.public_service import LIST_LABELS, LIST_MEANINGS, parse_list_name
from app.record.service import find_uscc

LIMIT = 50  # entries per feed, newest first


@dataclass(frozen=True)
class Subject:
    key: str | None
    title: str  # the feed's title
    subtitle: str
    alternate: str  # the page the feed follows (path)
    ref: int | None = None  # e.g. the enterprise's id


@dataclass(frozen=True)
class Channel:
    name: str
    keyed: bool
    subject: Callable[[Session, str | None], Subject]
    entries: Callable[[Session, Subject, str], list[AtomEntry]]  # (session, subject, base URL)


def _penalties_subject(session: Session, key: str | None) -> Subject:
    return Subject(
        None,
        "烟台市最新公示的行政处罚",
        "全市新公示、更正和不再公示的生态环境行政处罚",
        "/penalties",
    )


def _penalties(session: Session, subject: Subject, base: str) -> list[AtomEntry]:
    events = repository.penalty_events(session, LIMIT)
    return service.entries_for_events(session, events, base, base + subject.alternate)


def _district_subject(session: Session, key: str | None) -> Subject:
    name = division_name(key)
    if key is None or name is None or not key.isdigit():
        raise NotFound(f"没有代码为“{key}”的区县：请使用本市区县的6位行政区划代码")
    return Subject(
        key,
        f"{name}：行政处罚与红黑名单的变化",
        f"{name}新公示、更正和不再公示的行政处罚，以及该区县企业列入或移出红黑名单",
        f"/penalties?district={key}",
    )


def _district(session: Session, subject: Subject, base: str) -> list[AtomEntry]:
    events = repository.district_events(session, str(subject.key), LIMIT)
    return service.entries_for_events(session, events, base, base + subject.alternate)


def _list_subject(session: Session, key: str | None) -> Subject:
    list_type = parse_list_name(key or "")
    label = LIST_LABELS[list_type]
    return Subject(
        list_type.value,
        f"{label}（{LIST_MEANINGS[list_type]}）的变化",
        f"企业列入{label}，以及{label}条目期满或移出",
        f"/lists/{list_type.value}",
    )


def _list(session: Session, subject: Subject, base: str) -> list[AtomEntry]:
    list_type = parse_list_name(str(subject.key))
    events = repository.list_events(session, list_type, LIMIT)
    return service.entries_for_events(session, events, base, base + subject.alternate)


def _enterprise_subject(session: Session, key: str | None) -> Subject:
    uscc = find_uscc(key or "")
    found = repository.enterprise_by_uscc(session, uscc)
    if found is None:
        raise NotFound(f"未找到统一社会信用代码为 {uscc} 的企业")
    enterprise_id, name = found
    return Subject(
        uscc,
        f"{name}的环境信用记录变化",
        "行政处罚的公示、更正和不再公示，红黑名单的列入和移出，信用等级的变化",
        f"/enterprises/{uscc}",
        enterprise_id,
    )


def _enterprise(session: Session, subject: Subject, base: str) -> list[AtomEntry]:
    enterprise_id = int(subject.ref or 0)
    events = repository.enterprise_events(session, enterprise_id, LIMIT)
    entries = service.entries_for_events(session, events, base, base + subject.alternate)
    entries += service.level_entries(session, enterprise_id, str(subject.key), base)
    entries.sort(key=lambda e: e.updated, reverse=True)
    return entries[:LIMIT]


CHANNELS: dict[str, Channel] = {
    c.name: c
    for c in (
        Channel("penalties", False, _penalties_subject, _penalties),
        Channel("districts", True, _district_subject, _district),
        Channel("lists", True, _list_subject, _list),
        Channel("enterprises", True, _enterprise_subject, _enterprise),
    )
}
