"""CSV downloads that open correctly in Excel and cannot smuggle formulas.

- UTF-8 with a byte order mark, so that Excel (which otherwise assumes the local ANSI code page)
  shows Chinese text correctly; every other CSV reader ignores or strips the BOM.
- A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with
  ``'`` (OWASP "CSV injection"): enterprise-supplied text is never run as a spreadsheet formula.
- ``Content-Disposition: attachment`` with an ASCII ``filename`` and the UTF-8 ``filename*``
  (RFC 6266 / RFC 5987), so that browsers save it under a readable name.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from urllib.parse import quote

BOM = "\ufeff"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """A cell's text, with a leading formula character defused. Numbers are written as they
    are (a negative number is not a formula, and must stay a number in Excel)."""
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The whole file: BOM, header row, data rows (CRLF line ends, as RFC 4180 and Excel expect)."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def _cells(row: Sequence[object]) -> list[object]:
    """``neutralise`` over a row, with the common case (text that needs nothing) kept cheap."""
    cells: list[object] = []
    for value in row:
        if type(value) is str:
            cells.append("'" + value if value.startswith(_FORMULA_STARTS) else value)
        else:
            cells.append(neutralise(value))
    return cells


def csv_stream(
    header: Sequence[str], rows: Iterable[Sequence[object]], chunk: int = 1000
) -> Iterator[bytes]:
    """The same file as :func:`csv_bytes`, in pieces of ``chunk`` rows (flat memory)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([neutralise(h) for h in header])
    batch: list[list[object]] = []
    for row in rows:
        batch.append(_cells(row))
        if len(batch) == chunk:
            writer.writerows(batch)
            batch.clear()
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    writer.writerows(batch)
    yield buffer.getvalue().encode("utf-8")


def attachment(filename: str, ascii_fallback: str) -> dict[str, str]:
    """``Content-Disposition`` for a download named ``filename`` (may be Chinese)."""
    return {
        "Content-Disposition": (
            f'attachment; filename="{ascii_fallback}"; '
            f"filename*=UTF-8''{quote(filename, safe='')}"
        )
    }
