"""Atom 1.0 documents (RFC 4287), written with ElementTree: every text escaped, every required
element present (feed: id, title, updated, author; entry: id, title, updated, content).

Ids are URNs that never change: ``urn:uuid:`` of the change-feed event an entry reports (or a
name-based UUID of what it reports, for entries without an event) and of the feed's own path.
Times are RFC 3339 in UTC.
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field

ATOM_NS = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
# Name-based UUIDs (RFC 4122 version 5) of the portal's feeds and of entries without an event.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://ecocredit.invalid/atom")
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # the "updated" of a feed without entries

ET.register_namespace("", ATOM_NS)


def urn_for(name: str) -> str:
    """A stable ``urn:uuid:`` for ``name`` (e.g. ``feed:/feeds/penalties.atom``)."""
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, name)}"


def urn_of_event(event_id: str) -> str:
    """The ``urn:uuid:`` of a change-feed event (``evt_<32 hex digits>``)."""
    return f"urn:uuid:{uuid.UUID(hex=event_id.removeprefix('evt_'))}"


@dataclass(frozen=True)
class AtomEntry:
    id: str
    title: str
    updated: dt.datetime
    content: str  # plain text (type="text"), lines separated by newlines
    link: str | None = None  # absolute URL of the page the entry is about
    published: dt.datetime | None = None
    categories: tuple[tuple[str, str], ...] = field(default=())  # (term, label)


@dataclass(frozen=True)
class AtomFeed:
    id: str
    title: str
    subtitle: str
    self_url: str
    alternate_url: str
    author: str
    entries: Sequence[AtomEntry]

    @property
    def updated(self) -> dt.datetime:
        return max((e.updated for e in self.entries), default=EPOCH)


def rfc3339(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def render(feed: AtomFeed) -> bytes:
    """The feed as UTF-8 XML with its declaration."""
    root = ET.Element(f"{{{ATOM_NS}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    _el(root, "id", feed.id)
    _el(root, "title", feed.title, type="text")
    _el(root, "subtitle", feed.subtitle, type="text")
    _el(root, "updated", rfc3339(feed.updated))
    author = _el(root, "author")
    _el(author, "name", feed.author)
    _el(root, "link", rel="self", type="application/atom+xml", href=feed.self_url)
    _el(root, "link", rel="alternate", type="text/html", href=feed.alternate_url)
    _el(root, "generator", "ecocredit")
    for entry in feed.entries:
        element = _el(root, "entry")
        _el(element, "id", entry.id)
        _el(element, "title", entry.title, type="text")
        _el(element, "updated", rfc3339(entry.updated))
        if entry.published is not None:
            _el(element, "published", rfc3339(entry.published))
        if entry.link is not None:
            _el(element, "link", rel="alternate", type="text/html", href=entry.link)
        for term, label in entry.categories:
            _el(element, "category", term=term, label=label)
        _el(element, "content", entry.content, type="text")
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body
