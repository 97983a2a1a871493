"""The QR code printed on every page of a report: it encodes the verification URL."""

from __future__ import annotations

from functools import lru_cache

import segno


@lru_cache(maxsize=256)
def _code(text: str) -> segno.QRCode:
    return segno.make(text, error="m", micro=False)


def qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code's modules, row by row from the top, without the quiet zone."""
    return tuple(tuple(bool(v) for v in row) for row in _code(text).matrix)


def qr_data_uri(text: str) -> str:
    """The QR code as an SVG data URI, for an ``<img>`` on the page."""
    uri: str = _code(text).svg_data_uri(scale=4, border=2)
    return uri
