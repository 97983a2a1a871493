"""What a chapter shows, as blocks that both renderers draw: the HTML page
(``templates/reports/_blocks.html``) and the PDF (``app.reports.pdf``).

A chapter turns its data into blocks (``ChapterProvider.blocks``); neither renderer knows any
chapter, so a new chapter needs no template or PDF code of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Tone = Literal["normal", "muted", "result"]


@dataclass(frozen=True)
class Facts:
    """Label and value pairs (a two-column table), with an optional heading."""

    rows: list[tuple[str, str]]
    heading: str | None = None
    type: Literal["facts"] = "facts"


@dataclass(frozen=True)
class Table:
    """Rows under column headings; ``widths`` are relative column widths (one per column)."""

    columns: list[str]
    rows: list[list[str]]
    widths: list[float] = field(default_factory=list)
    caption: str | None = None
    type: Literal["table"] = "table"


@dataclass(frozen=True)
class Text:
    """A paragraph; ``result`` is the special report's conclusion, set off from the rest."""

    text: str
    tone: Tone = "normal"
    type: Literal["text"] = "text"


Block = Facts | Table | Text


def or_dash(value: object) -> str:
    """A value as printed: empty ones as "—"."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)
