"""Reconciliation: does the platform hold exactly what the portal publishes now?

The portal's side is the one visibility rule (``app.publication.visibility``) applied today, with
each record's payload hashed as it is pushed; the platform's side is what its records API says it
holds. Every record is compared by type, id and content hash:

- ``missing``: public on the portal, not held (or held as withdrawn) by the platform;
- ``extra``: held as public by the platform, not public on the portal (a withdrawal that did not
  arrive: the failure this check exists for);
- ``changed``: both hold it, with different content (a correction that did not arrive).

A list entry that the platform holds but that starts after today is reported as *scheduled*, not
as a difference: its approval was pushed before its start date.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy.orm import Session

from app.feed.service import public_items

Key = tuple[str, int]


@dataclass(frozen=True)
class Difference:
    kind: str  # missing | extra | changed
    record_type: str
    record_id: int
    name: str | None
    detail: str


@dataclass
class Report:
    portal_counts: Counter[str] = field(default_factory=Counter)
    platform_counts: Counter[str] = field(default_factory=Counter)
    differences: list[Difference] = field(default_factory=list)
    scheduled: list[Key] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.differences


def platform_records(base_url: str, client: httpx.Client | None = None) -> list[dict[str, Any]]:
    """Every record the platform holds, through its records API, page by page."""
    http = client or httpx.Client(timeout=60)
    items: list[dict[str, Any]] = []
    after = 0
    try:
        while True:
            response = http.get(
                base_url.rstrip("/") + "/api/v1/records", params={"after": after, "limit": 5000}
            )
            response.raise_for_status()
            body = response.json()
            items.extend(body["items"])
            if body["next_after"] is None:
                return items
            after = int(body["next_after"])
    finally:
        if client is None:
            http.close()


def _name(data: dict[str, Any]) -> str | None:
    value = data.get("party_name") or data.get("enterprise_name") or data.get("name")
    return str(value) if value else None


def compare(portal: list[dict[str, Any]], platform: list[dict[str, Any]], today: dt.date) -> Report:
    report = Report()
    ours: dict[Key, dict[str, Any]] = {}
    for item in portal:
        key = (item["record"]["type"], int(item["record"]["id"]))
        ours[key] = item
        report.portal_counts[key[0]] += 1
    theirs: dict[Key, dict[str, Any]] = {}
    for held in platform:
        if held["state"] != "active":
            continue
        key = (held["record_type"], int(held["record_id"]))
        theirs[key] = held
        report.platform_counts[key[0]] += 1
    for key, item in sorted(ours.items()):
        found = theirs.get(key)
        name = _name(item["data"])
        if found is None:
            report.differences.append(
                Difference("missing", key[0], key[1], name, "门户公示中，平台未持有或已撤下")
            )
        elif found["content_hash"] != item["content_hash"]:
            report.differences.append(
                Difference(
                    "changed",
                    key[0],
                    key[1],
                    name,
                    f"内容不一致：门户 {item['content_hash'][:12]}，平台 "
                    f"{found['content_hash'][:12]}（平台序号 {found['sequence']}）",
                )
            )
    for key, held in sorted(theirs.items()):
        if key in ours:
            continue
        start = held["data"].get("start_date") if key[0] == "list_entry" else None
        if isinstance(start, str) and start > today.isoformat():
            report.scheduled.append(key)
            continue
        report.differences.append(
            Difference(
                "extra",
                key[0],
                key[1],
                held.get("name"),
                "平台仍在公示，门户已不公示（撤下未送达）",
            )
        )
    return report


def reconcile(
    session: Session, platform_url: str, today: dt.date, client: httpx.Client | None = None
) -> Report:
    return compare(public_items(session, today), platform_records(platform_url, client), today)


KIND_LABELS = {"missing": "平台缺失", "extra": "平台多出", "changed": "内容不一致"}


def render(report: Report) -> list[str]:
    """The report as lines of text (the CLI prints them)."""
    lines = [
        "门户公示中：" + "，".join(f"{k} {v}" for k, v in sorted(report.portal_counts.items())),
        "平台持有：" + "，".join(f"{k} {v}" for k, v in sorted(report.platform_counts.items())),
    ]
    if report.scheduled:
        lines.append(f"尚未开始的名单条目（不计为差异）：{len(report.scheduled)}")
    for d in report.differences:
        label = KIND_LABELS.get(d.kind, d.kind)
        lines.append(f"{label}\t{d.record_type}\t{d.record_id}\t{d.name or ''}\t{d.detail}")
    lines.append("无差异" if report.clean else f"差异 {len(report.differences)} 条")
    return lines
